"""Are a refusal's "did you mean" lines near the student's line, or only the nearest? (issue 11)

For every line the sets' lines ``respond`` refuses, the lines it offers to pick now (the fit
probability floor of :data:`embeddings.suggestions.SUGGESTION_FLOOR`, and for a line refused for
what it names the line's threshold and a telling word of the rest of the line) beside the lines
the same candidates gave without a floor (the best ``SUGGESTIONS`` that read apart, whatever
their fit). Per set: of the refused lines a recorded turn answers, how many are offered a
fitting turn, without and with the floor; of the refused lines nothing answers (off-topic,
hostile, free lines with empty ``fits``), how many lines are offered and how many of those lines
are offered none. Then the fit probabilities of the lines offered without a floor, fitting and
not, which is where the floor was read from.

``python benchmarks/suggestion_floor.py --index DIR [FILE.jsonl ...]`` (after
``backchannel build --index DIR``); without files, every dev set. Changes which lines are
offered only: which lines are answered or refused is ``backchannel eval``'s, unchanged.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from judged_sets import DATA, judged_sets

from embeddings.eval_sets import load_items
from embeddings.suggestions import SUGGESTIONS

DEV = ("dev_*.jsonl", "free_dev*.jsonl", "free_dobrynin_dev*.jsonl", "hostile_dev.jsonl")


def quantiles(values: list[float]) -> str:
    """Smallest, 10th, 50th and 90th percentile and largest, or "none"."""
    if not values:
        return "none"
    q = np.percentile(values, [0, 10, 50, 90, 100])
    return f"{len(values)} offered: min {q[0]:.3f}, p10 {q[1]:.3f}, median {q[2]:.3f}, " + (
        f"p90 {q[3]:.3f}, max {q[4]:.3f}"
    )


def main() -> None:
    roleplay, judge, files = judged_sets(
        __doc__.split("\n\n")[0], sorted({p for pattern in DEV for p in DATA.glob(pattern)})
    )
    fitting, unfitting = [], []
    totals: Counter[str] = Counter()
    for path in files:
        counts: Counter[str] = Counter()
        for item in load_items(path):
            answer = roleplay.respond(item.query, as_=item.as_, context=item.context)
            if answer.status != "no_match":
                continue
            _, rows, evidence = roleplay.candidates(item.query, as_=item.as_, context=item.context)
            fit = roleplay.model.probability(evidence)
            order = np.argsort(-fit, kind="stable")
            before = roleplay.repeats.read_apart([rows[i] for i in order], SUGGESTIONS)
            probability = {rows[i]: float(fit[i]) for i in order}
            now = [
                roleplay.index.row(m.prompt.document, m.prompt.index) for m in answer.suggestions
            ]
            ok = {row: judge.fits(item, row) for row in {*before, *now}}
            for row in before:
                (fitting if ok[row] else unfitting).append(probability[row])
            side = "on" if item.on_topic else "off"
            counts.update({side: 1, f"{side} before": len(before), f"{side} now": len(now)})
            counts.update({f"{side} none": not now})
            if item.on_topic:
                counts.update({"fit before": any(ok[r] for r in before)})
                counts.update({"fit now": any(ok[r] for r in now)})
        totals += counts
        if counts:
            print(row_of(path.name, counts))
    print(row_of("all", totals))
    print("\nFit probability of the lines offered without a floor, on refused lines:")
    print(f"  fitting the line: {quantiles(fitting)}")
    print(f"  not fitting it:   {quantiles(unfitting)}")


def row_of(name: str, c: Counter[str]) -> str:
    """One set's counts as a line of the report."""
    return (
        f"{name}: {c['on']} answerable lines refused, offered a fitting line "
        f"{c['fit before']} -> {c['fit now']} (lines offered {c['on before']} -> {c['on now']}, "
        f"none to {c['on none']}); {c['off']} refused that nothing answers, lines offered "
        f"{c['off before']} -> {c['off now']}, none to {c['off none']}"
    )


if __name__ == "__main__":
    main()
