"""`backchannel eval`: search quality measured on JSON-lines sets or a class's corrections,
each figure beside the plain nearest-turn baseline's."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from server.cli.loading import index_option, load_roleplay, loading_options
from server.cli.say import fail

if TYPE_CHECKING:  # imported where used: the model's imports are slow
    from embeddings import Index
    from embeddings.evaluate import EvalReport


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `eval` to the main parser."""
    ev = sub.add_parser(
        "eval",
        help="Measure search quality on a JSON-lines set.",
        description='Each line: {"query": ..., "fits": [{"document": ID, "turn": N}], "as": ROLE} '
        '(empty fits: nothing in the record answers it) or {"query": ..., "expect": first words '
        "of the right reply}. A .json file is a class's corrections, as the instructor page "
        "exports them: each corrected line is expected to get its turn's reply. Prints "
        "Recall@1/5, MRR, refusals (and how often a refusal offers a fitting line to pick, or "
        "offers lines where nothing fits), fit and nonsense rates, hubs and latency, each beside "
        "the plain all-MiniLM-L6-v2 nearest-turn baseline.",
    )
    ev.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE.jsonl|FILE.json",
        help="Evaluation sets (tests/data/*.jsonl) or a class's exported corrections.",
    )
    index_option(ev)
    ev.add_argument("--misses", action="store_true", help="List the lines answered wrongly.")
    ev.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    loading_options(ev)
    ev.add_argument(
        "--calibrate",
        action="store_true",
        help="Refit the tier model (embeddings/tiers.py) on all FILEs together and print it.",
    )
    ev.set_defaults(run=run_eval)


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
            f"ambiguous {s['ambiguous']:.3f}\n"
            f"  refused, a fitting turn offered to pick: {s['offered_fit']:.3f} (plain —)"
        )
    if s["off_topic"]:
        offers = s["offers_off_topic"]
        print(
            f"  off-topic refused {_pair(s, 'no_match_off_topic')}  "
            f"refused yet offered lines to pick {s['off_topic_offered']:.3f} "
            f"({offers} line{'' if offers == 1 else 's'} offered in all; plain —)"
        )
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
    from embeddings.eval_sets import check_fits_held, load_items
    from embeddings.evaluate import evaluate
    from server import correction_file

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
    roleplay = load_roleplay(args)
    if roleplay is None:
        return 2
    results, sets = {}, {}
    for path in args.files:  # every set read before any is scored: a bad line in the last
        try:  # set stopped the run after minutes of reports of the others
            if path.suffix == ".json":
                sets[str(path)] = correction_file.eval_items(path, roleplay.index)
            else:
                sets[str(path)] = load_items(path)
                check_fits_held(path, sets[str(path)], roleplay.index)
        except (OSError, ValueError) as exc:
            fail(args.command, str(exc))
            return 2
    for path in args.files:
        items = sets[str(path)]
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
