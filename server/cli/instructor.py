"""`backchannel instructor`: register instructors and their classes, issue bearer tokens.

A token is printed once and stored only as its SHA-256 hash; a lost token is replaced with
`backchannel instructor token NAME`, which revokes the old one.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from server.errors import BackchannelError
from server.settings import Settings
from server.store import Store, hash_token, new_token
from server.stores import open_store

T = TypeVar("T")


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's subcommands to the main parser."""
    group = sub.add_parser(
        "instructor",
        help="Register instructors and classes; print bearer tokens for the instructor API.",
        description="Instructors see the sessions of their own classes through the instructor "
        "page or the REST API, with the bearer token printed here.",
    )
    commands = group.add_subparsers(dest="instructor_command", required=True, metavar="ACTION")

    add = commands.add_parser(
        "add", help="Add an instructor with one or more classes and print their token."
    )
    add.add_argument("name", metavar="NAME")
    _classes_argument(add)
    _data_argument(add)
    add.set_defaults(run=run_add)

    classes = commands.add_parser("classes", help="Give an existing instructor more classes.")
    classes.add_argument("name", metavar="NAME")
    _classes_argument(classes)
    _data_argument(classes)
    classes.set_defaults(run=run_classes)

    token = commands.add_parser(
        "token", help="Print a new token for an instructor (the old one stops working)."
    )
    token.add_argument("name", metavar="NAME")
    _data_argument(token)
    token.set_defaults(run=run_token)

    listing = commands.add_parser("list", help="List instructors and their classes (no tokens).")
    _data_argument(listing)
    listing.set_defaults(run=run_list)


# A class code is typed by students, sits in URL paths (/api/classes/CODE/...) and in export
# file names (CODE.csv): letters, digits and a few marks that none of those treat specially.
CLASS_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")


def class_code(text: str) -> str:
    """``--class`` as given, or an argparse error saying what a class code may hold."""
    if CLASS_CODE.fullmatch(text) and not text.endswith("."):
        return text
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a class code: use 1 to 40 letters (A-Z), digits, '-', '_' or '.', "
        "starting with a letter or digit, e.g. HIST210 or IR-101.2026 (students type it, and "
        "it appears in web addresses and export file names)"
    )


def _classes_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--class",
        dest="classes",
        action="append",
        required=True,
        type=class_code,
        metavar="CODE",
        help="Class code students type to join, e.g. HIST210 (repeatable): 1-40 letters, "
        "digits, '-', '_' or '.'.",
    )


def _data_argument(parser: argparse.ArgumentParser) -> None:
    fields = Settings.model_fields
    parser.add_argument("--data", type=Path, metavar="DIR", help=fields["data"].description)
    parser.add_argument("--database", metavar="URL", help=fields["database"].description)


def _with_store(args: argparse.Namespace, action: Callable[[Store], T]) -> T:
    """``action`` on the store the options and environment name, closed afterwards."""
    given = {name: getattr(args, name) for name in ("data", "database")}
    store = open_store(Settings(**{k: v for k, v in given.items() if v is not None}))
    try:
        return action(store)
    finally:
        store.close()


def _fail(exc: BackchannelError) -> int:
    print(f"backchannel instructor: {exc}", file=sys.stderr)
    return 2


def _print_token(name: str, token: str, classes: tuple[str, ...]) -> None:
    print(token)
    print(
        f"Bearer token for {name} (classes: {', '.join(classes) or 'none'}). It is shown only "
        "now; keep it secret.",
        file=sys.stderr,
    )


def run_add(args: argparse.Namespace) -> int:
    token = new_token("bci")
    try:
        instructor = _with_store(
            args, lambda store: store.add_instructor(args.name, hash_token(token), args.classes)
        )
    except BackchannelError as exc:
        return _fail(exc)
    _print_token(instructor.name, token, instructor.classes)
    return 0


def run_classes(args: argparse.Namespace) -> int:
    try:
        instructor = _with_store(args, lambda store: store.add_classes(args.name, args.classes))
    except BackchannelError as exc:
        return _fail(exc)
    print(f"{instructor.name}: {', '.join(instructor.classes)}")
    return 0


def run_token(args: argparse.Namespace) -> int:
    token = new_token("bci")
    try:
        instructor = _with_store(
            args, lambda store: store.replace_token(args.name, hash_token(token))
        )
    except BackchannelError as exc:
        return _fail(exc)
    _print_token(instructor.name, token, instructor.classes)
    return 0


def run_list(args: argparse.Namespace) -> int:
    try:
        instructors = _with_store(args, lambda store: store.instructors())
    except BackchannelError as exc:
        return _fail(exc)
    for instructor in instructors:
        print(f"{instructor.name}\t{', '.join(instructor.classes)}")
    return 0
