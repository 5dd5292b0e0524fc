"""`backchannel build`, `ask` and `eval`: the index from the command line."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from server.cli.disk import cannot_write
from server.cli.say import fail
from server.cli.serve import read_settings
from server.given import empty_index, nothing_to_answer
from server.settings import Settings

if TYPE_CHECKING:  # imported where used: the model's imports are slow
    from collections.abc import Mapping

    from embeddings import Index, RolePlay
    from embeddings.evaluate import EvalReport
    from server.wire import ElsewhereOut
    from transcripts import Scenario
    from transcripts.export import DocumentRecord

BACKENDS = ("onnx", "torch")
LOAD_BACKEND = "What runs the encoder (default: the one that built the index; must match it)."


THRESHOLD_HELP = (
    f"{Settings.model_fields['threshold'].description} Also BACKCHANNEL_THRESHOLD, as for serve."
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this group's subcommands to the main parser."""
    build = sub.add_parser(
        "build",
        help="Build the search index from the transcripts.",
        description="Encode every dialogue turn and save the vector and BM25 index. With no "
        "arguments, builds the shipped corpus into DATA/index. Unchanged turns come from the "
        "vector cache, so a rebuild only encodes what changed.",
    )
    build.add_argument(
        "--transcripts",
        action="append",
        type=Path,
        metavar="PATH",
        help="Transcript file or folder (repeatable; default: the shipped corpus).",
    )
    build.add_argument("--index", type=Path, metavar="DIR", help="Index directory.")
    build.add_argument("--model", metavar="NAME|PATH", help="Sentence-transformers model.")
    build.add_argument(
        "--backend",
        choices=BACKENDS,
        help="What runs the encoder: onnx (ONNX Runtime, default) or torch.",
    )
    build.add_argument("--quiet", action="store_true", help="No progress bar.")
    build.set_defaults(run=run_build)

    ask = sub.add_parser(
        "ask",
        help="Answer one line from the record, as the role-play does.",
        description="Find the recorded line closest to LINE and print the real reply with its "
        "citation.",
    )
    ask.add_argument(
        "line",
        metavar="LINE",
        help='What you would say to the other man, in quotes: "Beijing will object."',
    )
    ask.add_argument(
        "--as",
        dest="as_",
        metavar="kissinger|dobrynin",
        default="kissinger",
        help="Role: kissinger (default) or dobrynin.",
    )
    ask.add_argument(
        "--k", type=at_least_one, default=5, metavar="N", help="Matches to return (default 5)."
    )
    ask.add_argument("--index", type=Path, metavar="DIR", help="Index directory.")
    ask.add_argument("--document", metavar="ID", help="Context: the document being replayed.")
    ask.add_argument(
        "--position",
        type=int,
        metavar="N",
        help="Context: the current turn index (default 0; with --document).",
    )
    ask.add_argument(
        "--scenario",
        metavar="ID",
        help="Answer only from a scenario's conversations (e.g. topic:salt, "
        "volume:frus1969-76v25, conversation:frus1969-76v25/d209).",
    )
    ask.add_argument("--json", action="store_true", help="Print the answer as JSON.")
    ask.add_argument("--backend", choices=BACKENDS, help=LOAD_BACKEND)
    ask.add_argument("--threshold", type=float, metavar="P", help=THRESHOLD_HELP)
    ask.set_defaults(run=run_ask)

    ev = sub.add_parser(
        "eval",
        help="Measure search quality on a JSON-lines set.",
        description='Each line: {"query": ..., "fits": [{"document": ID, "turn": N}], "as": ROLE} '
        '(empty fits: nothing in the record answers it) or {"query": ..., "expect": first words '
        "of the right reply}. A .json file is a class's corrections, as the instructor page "
        "exports them: each corrected line is expected to get its turn's reply. Prints "
        "Recall@1/5, MRR, refusals, fit and nonsense rates, hubs and latency, each beside the "
        "plain all-MiniLM-L6-v2 nearest-turn baseline.",
    )
    ev.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE.jsonl|FILE.json",
        help="Evaluation sets (tests/data/*.jsonl) or a class's exported corrections.",
    )
    ev.add_argument("--index", type=Path, metavar="DIR", help="Index directory.")
    ev.add_argument("--misses", action="store_true", help="List the lines answered wrongly.")
    ev.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    ev.add_argument("--backend", choices=BACKENDS, help=LOAD_BACKEND)
    ev.add_argument("--threshold", type=float, metavar="P", help=THRESHOLD_HELP)
    ev.add_argument(
        "--calibrate",
        action="store_true",
        help="Refit the tier model (embeddings/tiers.py) on all FILEs together and print it.",
    )
    ev.set_defaults(run=run_eval)


def _index_dir(args: argparse.Namespace, settings: Settings) -> Path:
    return args.index or settings.index_dir


def run_build(args: argparse.Namespace) -> int:
    from embeddings import IndexLoadError, IndexStale, build_index, check_index, index_encoder
    from transcripts import load_corpus

    try:
        settings = read_settings({})
        index_dir = _index_dir(args, settings)
        check_index(index_dir)
    except IndexStale as exc:
        if (index_dir / "manifest.json").exists():  # else a first build: nothing to say
            print(f"Rebuilding: {exc}", file=sys.stderr)
    except (IndexLoadError, ValueError) as exc:
        fail(args.command, str(exc))
        return 2
    paths = args.transcripts or settings.transcripts
    started = time.perf_counter()
    try:
        corpus = load_corpus(paths)
    except FileNotFoundError as exc:
        fail(args.command, str(exc))
        return 2
    unanswerable = nothing_to_answer(corpus, paths)
    if unanswerable:  # an index of 0 turns was written, after the model loaded, and exit 0
        fail(args.command, unanswerable)
        return 1
    parsed = time.perf_counter() - started
    try:
        index_dir.mkdir(parents=True, exist_ok=True)  # a read-only disk is said before the model
        encoder = index_encoder(
            index_dir, args.model or settings.model, args.backend or settings.backend
        )
    except ValueError as exc:
        fail(args.command, str(exc))
        return 2
    except OSError as exc:
        fail(args.command, cannot_write(exc, index_dir, "Give --index"))
        return 2
    loaded = time.perf_counter() - started - parsed
    try:
        report = build_index(corpus, index_dir, encoder=encoder, progress=not args.quiet)
    except OSError as exc:  # a read-only or full disk: a traceback before
        fail(args.command, cannot_write(exc, index_dir, "Give --index"))
        return 2
    print(
        f"Index: {index_dir} (model {encoder.model_id} on {encoder.backend}, "
        f"dimension {encoder.dimension})"
    )
    print(
        f"{report.documents} documents, {report.turns} turns, {report.texts} texts: "
        f"{report.encoded} encoded, {report.texts - report.encoded} from the cache."
    )
    exported = " (ONNX: exported or checked)" if encoder.backend == "onnx" else ""
    print(
        f"Parsed in {parsed:.1f} s, model loaded in {loaded:.1f} s{exported}, encoded in "
        f"{report.encode_seconds:.1f} s, index written in {report.seconds:.1f} s in all."
    )
    if report.problems:
        print(f"{len(report.problems)} problems in the sources (nothing was dropped):")
        for problem in report.problems:
            print(f"  {problem}")
    return 0


def _load_roleplay(args: argparse.Namespace) -> RolePlay | None:
    """The index and its model, or None once what is wrong is said; an index of no turn is
    refused before the model loads (it stopped `ask` and `eval` with a numpy traceback)."""
    from embeddings import Index, IndexLoadError, RolePlay

    try:
        settings = read_settings({})
        index_dir = _index_dir(args, settings)
        index = Index.load(index_dir)
        if not index.records:
            raise ValueError(empty_index(index_dir, args.command))
        return RolePlay.on(
            index,
            backend=args.backend or settings.backend,
            threshold=settings.threshold if args.threshold is None else args.threshold,
        )
    except (IndexLoadError, ValueError) as exc:
        fail(args.command, str(exc))
        return None


def at_least_one(text: str) -> int:
    """``--k``: 0 printed the heading of an answer and no line under it."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of matches: give 1 or more")
    return number


def _context_problem(args: argparse.Namespace, documents: Mapping[str, DocumentRecord]) -> str:
    """What is wrong with ``--document``/``--position``, or "": an unknown document or a turn
    past its end was ignored, and the line answered as if from no conversation."""
    if args.document is None:
        if args.position is not None:
            return "--position needs --document: the conversation it is a turn of."
        return ""
    if args.document not in documents:
        some = ", ".join(sorted(documents)[:3])
        return (
            f"No document {args.document!r} in the index: give an id as the citations print "
            f"it ({len(documents)} documents, e.g. {some})."
        )
    turns = documents[args.document].turns
    if args.position is not None and not 0 <= args.position < turns:
        return f"{args.document} has turns 0 to {turns - 1}: --position {args.position} is not one."
    return ""


def run_ask(args: argparse.Namespace) -> int:
    from embeddings import Context
    from server.elsewhere import elsewhere
    from server.wire import answer_out

    roleplay = _load_roleplay(args)
    if roleplay is None:
        return 2
    context_problem = _context_problem(args, roleplay.index.documents)
    if context_problem:
        fail(args.command, context_problem)
        return 2
    context = Context(args.document, args.position or 0) if args.document else None
    scope = None
    within = ""  # how a refusal names where it searched: a topic's title marked as ours
    if args.scenario:
        from server.class_scope import quoted_title
        from transcripts import scenario

        try:
            chosen = scenario(args.scenario, roleplay.index.documents.values())
            scope = chosen.documents
            within = quoted_title(chosen)
        except KeyError as exc:
            fail(args.command, str(exc.args[0]))
            return 2
    try:
        answer = roleplay.respond(args.line, as_=args.as_, context=context, k=args.k, scope=scope)
    except ValueError as exc:
        fail(args.command, str(exc))
        return 2
    out = elsewhere(roleplay, answer_out(answer), as_=args.as_, scope=scope)
    if args.json:
        print(json.dumps(out.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return 0
    why = refused_because(out.reason, out.names or [], args.as_)
    where = f"within {within}" if within else "in the record"
    held = _held_topics(roleplay) if answer.status == "no_match" else []
    # Only lines near enough are offered (embeddings.suggestions.SUGGESTION_FLOOR); with none,
    # the refusal says so, and the topics printed below are where to go instead.
    refusal = (
        f"{why or f'No close match {where}.'} Did you mean one of these?"
        if out.suggestions
        else f"{why + ' ' if why else ''}Nothing {where} comes near this line: try other words"
        + (", or one of the topics below." if held else ".")
    )
    headline = {
        "match": "Closest line in the record:",
        "ambiguous": "This line recurs in the record; which moment do you mean?",
        "no_match": refusal,
    }[answer.status]
    print(headline)
    for n, match in enumerate(out.matches or out.suggestions, 1):
        cite = match.citation
        pages = ", ".join(str(p) for p in cite.pages)
        pages = f", p. {pages}" if pages else ""
        print(f"\n{n}. [{match.score:.2f}] {match.prompt.speaker}: {match.prompt.text}")
        for turn in match.reply.turns:
            for note in turn.editorial_before:
                print(f"   (editors' note) {note}")
            print(f"   {turn.speaker}: {turn.clean_text}")
            for note in turn.editorial_after:
                print(f"   (editors' note) {note}")
        excerpt = " (excerpt)" if cite.excerpt else ""
        print(f"   — {cite.document}{pages}, {cite.date or 'undated'}{excerpt}")
        print(f"     {cite.url}")
    if answer.status == "no_match":
        if within and not why:  # a reason holds for the whole record: widening would not help
            print(
                "\nOnly the scenario's conversations were searched; without --scenario, "
                "the whole record is."
            )
        if out.elsewhere is not None:
            print(_elsewhere_said(out.elsewhere))
        named = {t.id for t in out.topics or []}
        _print_coverage([s for s in held if s.id in named] or held, named=bool(named))
    return 0


def _elsewhere_said(found: ElsewhereOut) -> str:
    """The conversation outside the scenario that answers the line, named as the page names
    it: its topic line marked as the project's words, its date and citation, not its words."""
    cite = found.citation
    pages = ", ".join(str(p) for p in cite.pages)
    about = f"{found.topic} (our summary), " if found.topic else ""
    return (
        "Outside the scenario, the record has a conversation that answers this line: "
        f"{about}{cite.date or 'undated'}, {cite.document}{f', p. {pages}' if pages else ''}"
        f"\n  {cite.url}"
    )


def refused_because(reason: str | None, names: list[str], as_: str) -> str:
    """Why a line was refused, as the student page says it (web/js/refusal-words.js), or ""
    when no recorded line fitted well enough ("weak"): then the plain refusal is said."""
    from transcripts import CHANNEL, short_name

    if reason == "unheld" and names:
        quoted = [f"“{name}”" for name in names]  # the student's words, as typed ("cuban")
        return f"No recorded conversation here speaks of {_listed(quoted, 'or')}."
    if reason == "anachronism" and names:
        verb = "belong" if len(names) > 1 else "belongs"
        said = f"{_listed(names, 'and')} {verb} to a later time: this record ends in 1976."
        return said[0].upper() + said[1:]
    if reason == "language":
        return (
            "The record is in English: type your line in English. The recorded conversations "
            "are in English, and the search compares your words with theirs: a line in another "
            "language comes near none of them."
        )
    if reason == "chatter":
        me, other = short_name(as_), short_name(CHANNEL.get(as_, "dobrynin"))
        return (
            f"That does not sound like a line for {other}. Speak to {other} as {me} would: "
            "the record holds only what passed between them."
        )
    return ""


def _listed(names: list[str], joiner: str) -> str:
    """["Cuba", "Castro", "Havana"] → "Cuba, Castro, or Havana", as the page's Intl.ListFormat
    writes it."""
    if len(names) < 3:
        return f" {joiner} ".join(names)
    return f"{', '.join(names[:-1])}, {joiner} {names[-1]}"


def _held_topics(roleplay: RolePlay) -> list[Scenario]:
    """The project's topic scenarios of the indexed record: where a refusal leads."""
    from transcripts import scenarios

    return [s for s in scenarios(roleplay.index.documents.values()) if s.kind == "topic"]


def _print_coverage(held: list[Scenario], *, named: bool = False) -> None:
    """What the record holds, so a refusal leads somewhere (the project's topic scenarios):
    the topics the line names (``named``), or all of them."""
    if held:
        what = "The record's topics your line names" if named else "What the record holds"
        print(f"\n{what} (topics written by the project; --scenario ID searches one):")
        for s in held:
            n = len(s.documents)
            print(f"  {s.id}: {s.title} ({n} conversation{'' if n == 1 else 's'})")


def _pair(figures: dict[str, Any], name: str) -> str:
    """A figure and the plain baseline's beside it."""
    return f"{figures[name]:.3f} (plain {figures['baseline'][name]:.3f})"


def _print_report(path: Path, report: EvalReport, index: Index) -> None:
    s = report.summary()
    print(
        f"{path}: {s['on_topic']} on-topic, {s['off_topic']} off-topic lines "
        "(plain all-MiniLM-L6-v2 nearest turn in brackets)"
    )
    if s["on_topic"]:
        print(
            f"  Recall@1 {_pair(s, 'recall@1')}  Recall@5 {_pair(s, 'recall@5')}  "
            f"MRR {_pair(s, 'mrr')}\n"
            f"  best-ranked turn fits, refused or not: {_pair(s, 'ranked@1')}\n"
            f"  on-topic refused {_pair(s, 'no_match_on_topic')}  "
            f"ambiguous {s['ambiguous']:.3f}"
        )
    if s["off_topic"]:
        print(f"  off-topic refused {_pair(s, 'no_match_off_topic')}")
    print(
        f"  fit (adequate reply or honest refusal) {_pair(s, 'fit')}  "
        f"nonsense shown as a match {_pair(s, 'nonsense')}"
    )
    for hub in report.hubs(index):
        print(
            f"  hub: {hub['document']} turn {hub['turn']} answered {hub['answered']} lines, "
            f"fitted {hub['fitted']}: {hub['text']!r}"
        )
    print(f"  latency: median {s['latency_ms_median']:.1f} ms, p95 {s['latency_ms_p95']:.1f} ms")


def run_eval(args: argparse.Namespace) -> int:
    from embeddings.evaluate import evaluate, load_items
    from server import corrections

    # Before the model loads (seconds) and any set is scored: a mistyped third path printed the
    # first two reports, then only the OS's "[Errno 2]".
    missing = [str(path) for path in args.files if not path.is_file()]
    if missing:
        fail(
            args.command,
            f"No evaluation set at {', '.join(missing)}. Give JSON-lines sets (one "
            '{"query", "expect" or "fits"} a line; the project\'s are tests/data/*.jsonl) or '
            "corrections files exported from the instructor page (.json).",
        )
        return 2
    roleplay = _load_roleplay(args)
    if roleplay is None:
        return 2
    results, sets = {}, {}
    for path in args.files:
        try:
            items = (
                corrections.eval_items(path, roleplay.index)
                if path.suffix == ".json"
                else load_items(path)
            )
        except (OSError, ValueError) as exc:
            fail(args.command, str(exc))
            return 2
        sets[str(path)] = items
        report = evaluate(roleplay, items)
        results[str(path)] = {**report.summary(), "hubs": report.hubs(roleplay.index)}
        if not args.json:
            _print_report(path, report, roleplay.index)
        if args.misses:
            for item, answer in report.misses:
                shown = answer.matches or answer.suggestions
                top = shown[0] if shown else None
                got = (
                    f"{top.prompt.spoken_text[:60]!r} -> {top.reply[0].spoken_text[:40]!r} "
                    f"({top.score:.2f})"
                    if top and top.reply
                    else "-"
                )
                print(f"  miss L{item.line} [{answer.status}] {item.query!r}: {got}")
    if args.calibrate:
        from embeddings.evaluate import calibrate

        try:
            calibration = calibrate(roleplay, sets)
        except ValueError as exc:
            fail(args.command, str(exc))
            return 2
        results["calibration"] = dataclasses.asdict(calibration.model)
        results["calibration_held_out"] = calibration.held_out
        if not args.json:
            lines = sum(len(items) for items in sets.values())
            print(f"calibration ({lines} lines; set TIERS in embeddings/tiers.py):")
            print(f"  {calibration.model}")
            print("  the same fit on lines it was not fitted on (5 folds), per set:")
            for name, f in calibration.held_out.items():
                print(
                    f"  {name}: Recall@1 {f['recall@1']:.3f}  on-topic refused "
                    f"{f['no_match_on_topic']:.3f}  off-topic refused "
                    f"{f['no_match_off_topic']:.3f}  fit {f['fit']:.3f}  "
                    f"nonsense {f['nonsense']:.3f}"
                )
    if args.json:
        print(json.dumps(results, indent=2))
    return 0
