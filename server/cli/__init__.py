"""The ``backchannel`` command: one argparse parser, one module per group of subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from server.cli import ask, build, corpus, evaluation, instructor, serve
from server.cli.say import fail

GROUPS = (corpus, build, ask, evaluation, serve, instructor)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backchannel",
        description="Role-play and quizzes on the Kissinger–Dobrynin channel, from the record.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except serve.SettingsInvalid as exc:  # a BACKCHANNEL_* variable no command can use
        fail(args.command, str(exc))
        return 2
    except BrokenPipeError:
        # `backchannel corpus show --json | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
