"""`backchannel instructor`: register instructors and their classes, issue bearer tokens.

A token is printed once and stored only as its SHA-256 hash; a lost token is replaced with
`backchannel instructor token NAME`, which revokes the old one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from server.errors import BackchannelError
from server.services import DATABASE
from server.settings import Settings
from server.store import hash_token, new_token
from server.store_sqlite import SQLiteStore


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


def _classes_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--class",
        dest="classes",
        action="append",
        required=True,
        metavar="CODE",
        help="Class code students type to join, e.g. HIST210 (repeatable).",
    )


def _data_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, metavar="DIR", help=Settings.model_fields["data"].description
    )


def _store(args: argparse.Namespace) -> SQLiteStore:
    settings = Settings(**({"data": args.data} if args.data is not None else {}))
    return SQLiteStore(Path(settings.data) / DATABASE)


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
    store = _store(args)
    try:
        instructor = store.add_instructor(args.name, hash_token(token), args.classes)
    except BackchannelError as exc:
        return _fail(exc)
    finally:
        store.close()
    _print_token(instructor.name, token, instructor.classes)
    return 0


def run_classes(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        instructor = store.add_classes(args.name, args.classes)
    except BackchannelError as exc:
        return _fail(exc)
    finally:
        store.close()
    print(f"{instructor.name}: {', '.join(instructor.classes)}")
    return 0


def run_token(args: argparse.Namespace) -> int:
    token = new_token("bci")
    store = _store(args)
    try:
        instructor = store.replace_token(args.name, hash_token(token))
    except BackchannelError as exc:
        return _fail(exc)
    finally:
        store.close()
    _print_token(instructor.name, token, instructor.classes)
    return 0


def run_list(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        for instructor in store.instructors():
            print(f"{instructor.name}\t{', '.join(instructor.classes)}")
    finally:
        store.close()
    return 0
