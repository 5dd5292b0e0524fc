"""The README is the user's manual: every command and every setting must be in it."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from server.cli import build_parser
from server.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(f"{prefix}{name}")
                found.extend(subcommands(sub, f"{prefix}{name} "))
    return found


def test_readme_names_every_command() -> None:
    missing = [c for c in subcommands(build_parser()) if f"backchannel {c}" not in README]
    assert missing == [], f"README.md does not show these commands: {missing}"


def test_readme_names_every_setting() -> None:
    variables = {f"BACKCHANNEL_{name.upper()}" for name in Settings.model_fields}
    assert variables - set(re.findall(r"BACKCHANNEL_[A-Z_]+", README)) == set()


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m pytest -q" in README
    assert ci.rstrip().endswith("python3 -m pytest -q")
