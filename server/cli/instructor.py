"""`backchannel instructor`: register instructors and their classes, share a class among
several (co-teachers, teaching assistants), issue bearer tokens.

A token is printed once and stored only as its SHA-256 hash; a lost token is replaced with
`backchannel instructor token NAME`, which revokes the old one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from server.class_codes import class_code_problem
from server.cli.say import fail
from server.cli.serve import data_options, read_settings
from server.errors import BackchannelError
from server.names import blank_name_problem
from server.settings import Settings
from server.store import Store, Teacher, hash_token, new_token
from server.store_refusals import no_class
from server.stores import open_store
from transcripts import Scenario

T = TypeVar("T")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's subcommands to the main parser."""
    group = sub.add_parser(
        "instructor",
        help="Register instructors and classes; print bearer tokens for the instructor API.",
        description="Instructors see the sessions of their own classes through the instructor "
        "page or the REST API, with the bearer token printed here.",
    )
    commands = group.add_subparsers(dest="instructor_command", required=True, metavar="ACTION")

    add = commands.add_parser(
        "add",
        help="Add an instructor, with classes of their own or none (a colleague or teaching "
        "assistant a class is shared with), and print their token.",
    )
    add.add_argument(
        "name",
        metavar="NAME",
        type=instructor_name,
        help="The name colleagues see and type to share a class with them (one line, at most "
        '100 characters), e.g. "Prof. Lee".',
    )
    _classes_argument(add, required=False)
    data_options(add)
    add.set_defaults(run=run_add)

    classes = commands.add_parser("classes", help="Give an existing instructor more classes.")
    classes.add_argument("name", metavar="NAME", help="The instructor's name.")
    _classes_argument(classes)
    data_options(classes)
    classes.set_defaults(run=run_classes)

    token = commands.add_parser(
        "token", help="Print a new token for an instructor (the old one stops working)."
    )
    token.add_argument("name", metavar="NAME", help="The instructor's name.")
    data_options(token)
    token.set_defaults(run=run_token)

    listing = commands.add_parser(
        "list",
        help="List instructors and the classes they teach, each shared one with its other "
        "teachers (no tokens).",
    )
    data_options(listing)
    listing.set_defaults(run=run_list)

    sharing = (
        ("share", "Share a class with another instructor: they read and set all of it.", run_share),
        ("unshare", "Take a class from one of its instructors (one at least stays).", run_unshare),
    )  # fmt: skip
    for action, what, run in sharing:
        command = commands.add_parser(action, help=what)
        command.add_argument("code", metavar="CODE", help="The class code.")
        command.add_argument("colleague", metavar="NAME", help="The instructor's name.")
        data_options(command)
        command.set_defaults(run=run)

    scenario = commands.add_parser(
        "scenario",
        help="Show, set or clear the scenario a class role-plays within.",
        description="Students of the class who start a role-play without choosing a scope play "
        "within this scenario, and may only narrow it (one of its conversations).",
    )
    scenario.add_argument("code", metavar="CODE", help="The class code.")
    chosen = scenario.add_mutually_exclusive_group()
    chosen.add_argument(
        "scenario",
        nargs="?",
        metavar="ID",
        help="A scenario id (topic:war-1973, volume:frus1969-76v25, conversation:DOC); "
        "`backchannel instructor scenarios` lists them. Without ID (or --clear): show it.",
    )
    chosen.add_argument(
        "--clear", action="store_true", help="Clear it: the class plays the whole record."
    )
    data_options(scenario)
    _index_argument(scenario)
    scenario.set_defaults(run=run_scenario)

    strict = commands.add_parser(
        "strict",
        help="Show, set or unset strict answers for a class.",
        description="A class set to strict answers gets a recorded reply only when the record "
        "clearly answers a line; a line it answers only loosely is refused, with the closest "
        "recorded lines offered (as the instructor page's tick box does).",
    )
    strict.add_argument("code", metavar="CODE", help="The class code.")
    turned = strict.add_mutually_exclusive_group()
    turned.add_argument(
        "--on", dest="strict", action="store_const", const=True, help="Strict answers."
    )
    turned.add_argument(
        "--off",
        dest="strict",
        action="store_const",
        const=False,
        help="The server's threshold again. Without --on or --off: show it.",
    )
    data_options(strict)
    strict.set_defaults(run=run_strict)

    listed = commands.add_parser(
        "scenarios", help="List the scenario ids a class can be set to, with their titles."
    )
    data_options(listed)
    _index_argument(listed)
    listed.set_defaults(run=run_scenarios)


def class_code(text: str) -> str:
    """``--class`` as given, or an argparse error saying what a class code may hold."""
    problem = class_code_problem(text)
    if problem is None:
        return text
    raise argparse.ArgumentTypeError(problem)


def instructor_name(text: str) -> str:
    """``add``'s NAME, spaces around it dropped, or an argparse error saying what it must be:
    colleagues read it on the instructor page and type it to share a class with them, and
    ``list`` prints one a line, so an empty name or one of several lines served no one (""
    was registered and its token printed for " (classes: none)"), nor one of invisible
    characters alone (U+3164 HANGUL FILLER), which looked the same."""
    name = text.strip()
    if name and name.isprintable() and len(name) <= 100 and blank_name_problem(name) is None:
        return name
    raise argparse.ArgumentTypeError(
        f"{text!r} is not an instructor's name: give the name colleagues know them by, one "
        'line of at most 100 characters, e.g. "Prof. Lee" (it is shown on the instructor page '
        "and typed to share a class)"
    )


def _classes_argument(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument(
        "--class",
        dest="classes",
        action="append",
        default=[],
        required=required,
        type=class_code,
        metavar="CODE",
        help="Class code students type to join, e.g. HIST210 (repeatable): 1-40 letters, "
        "digits, '-', '_' or '.', starting with a letter or digit and not ending with '.'.",
    )


def _index_argument(parser: argparse.ArgumentParser) -> None:
    """Only the index's list of documents is read (never built here): serve's help, "built on
    first start", would have an instructor wait for a build that never comes."""
    parser.add_argument(
        "--index",
        type=Path,
        metavar="DIR",
        help="The index serve answers from, whose conversations the scenarios are of (default: "
        "DATA/index; without one, the shipped corpus).",
    )


def _settings(args: argparse.Namespace) -> Settings:
    names = ("data", "database", "index")
    given = {name: getattr(args, name, None) for name in names}
    return read_settings({k: v for k, v in given.items() if v is not None})


def _with_store(args: argparse.Namespace, action: Callable[[Store], T]) -> T:
    """``action`` on the store the options and environment name, closed afterwards."""
    store = open_store(_settings(args))
    try:
        return action(store)
    finally:
        store.close()


def _fail(exc: BackchannelError) -> int:
    fail("instructor", str(exc))
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
    def listing(store: Store) -> list[str]:
        lines = []
        for instructor in store.instructors():
            taught = []
            for code in instructor.classes:
                others = [t.name for t in store.class_teachers(code) if t.id != instructor.id]
                taught.append(f"{code} (with {', '.join(others)})" if others else code)
            lines.append(f"{instructor.name}\t{', '.join(taught)}")
        return lines

    try:
        lines = _with_store(args, listing)
    except BackchannelError as exc:
        return _fail(exc)
    for line in lines:
        print(line)
    return 0


def run_share(args: argparse.Namespace) -> int:
    return _print_teachers(args, lambda store: store.share_class(args.code, args.colleague))


def run_unshare(args: argparse.Namespace) -> int:
    return _print_teachers(args, lambda store: store.unshare_class(args.code, args.colleague))


def _print_teachers(args: argparse.Namespace, change: Callable[[Store], list[Teacher]]) -> int:
    """Share or unshare, then say who teaches the class."""
    try:
        teachers = _with_store(args, change)
    except BackchannelError as exc:
        return _fail(exc)
    print(f"{args.code}: taught by {', '.join(t.name for t in teachers)}")
    return 0


def _known_scenarios(settings: Settings) -> dict[str, Scenario]:
    """The scenarios ``serve`` offers: those of the index it serves, else the shipped corpus.

    Only the index's document list is read (its ``documents.json``), not its vectors.
    """
    from transcripts import DocumentRecord, scenarios

    listed = settings.index_dir / "documents.json"
    documents = None
    if listed.is_file():
        rows = json.loads(listed.read_text(encoding="utf-8"))
        documents = [DocumentRecord.from_dict(row) for row in rows]
    return {s.id: s for s in scenarios(documents)}


def _describe(scenario: Scenario) -> str:
    mark = " (our summary)" if scenario.editorial else ""
    return f"{scenario.id}\t{scenario.title}{mark}"


def run_scenarios(args: argparse.Namespace) -> int:
    for scenario in _known_scenarios(_settings(args)).values():
        print(_describe(scenario))
    return 0


def run_scenario(args: argparse.Namespace) -> int:
    settings = _settings(args)
    known = _known_scenarios(settings)
    if args.scenario is not None and args.scenario not in known:
        fail(
            "instructor",
            f"no scenario {args.scenario!r}; `backchannel instructor scenarios` lists the ids "
            "(topic:..., volume:..., conversation:...).",
        )
        return 2

    def change(store: Store) -> None:
        store.set_class_scenario(args.code, args.scenario)

    setting = args.scenario is not None or args.clear
    try:
        current = _class_setting(
            args, change if setting else None, lambda s, code: s.class_scenario(code)
        )
    except BackchannelError as exc:
        return _fail(exc)
    if current is None:
        print(f"{args.code}: the whole record (no scenario set)")
    elif current in known:
        print(f"{args.code}: {_describe(known[current])}")
    else:
        print(f"{args.code}: {current} (not in this index: students play the whole record)")
    return 0


def _class_setting(
    args: argparse.Namespace,
    change: Callable[[Store], None] | None,
    read: Callable[[Store, str], T],
) -> T:
    """A class's setting after ``change`` (None: only shown, once the class is known to exist)."""

    def act(store: Store) -> T:
        if change is not None:
            change(store)
        elif not store.class_teachers(args.code):
            raise no_class(args.code)
        return read(store, args.code)

    return _with_store(args, act)


def run_strict(args: argparse.Namespace) -> int:
    from embeddings.tiers import STRICT_THRESHOLD

    def change(store: Store) -> None:
        store.set_class_strict(args.code, args.strict)

    setting = args.strict is not None
    try:
        strict = _class_setting(
            args, change if setting else None, lambda s, code: s.class_strict(code)
        )
    except BackchannelError as exc:
        return _fail(exc)
    if strict:
        print(
            f"{args.code}: strict answers (a line is answered only at a fit probability of "
            f"{STRICT_THRESHOLD} or more, or the server's threshold where higher; below it, "
            "refused with the closest recorded lines offered)"
        )
    else:
        print(f"{args.code}: the server's threshold (strict answers off)")
    return 0
