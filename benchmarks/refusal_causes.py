"""Which evidence refuses a line the record answers? (issue 11: fewer fitting lines refused)

For every on-topic line of the sets (a judged line with a fitting turn, or a paraphrase) that
``respond`` refuses, its candidates are weighed again exactly as ``respond`` weighs them (the
tier model's probability, the set-aside rules of ``SetAside.apply`` and ``shown``, the refusals
of ``SetAside.refuses`` and ``Refusals.outright``; the weighing itself is ``RolePlay.weigh``,
the one ``respond`` calls), and the refusal is put down to one cause:

- *retrieval*: no fitting turn among the ``CANDIDATES`` the tier model weighs; no tier, rule or
  bar could answer the line rightly;
- *set aside*: a fitting turn the tier model alone puts at the bar or above, taken out by a rule;
- *outright*, *likeliest set aside*, *asks back*: the line would be answered with a fitting turn
  at the bar or above but for that refusal (an outright one names its reason);
- *bar, fitting first*: the tier model's best candidate fits, under the bar;
- *bar, wrong first*: a fitting turn is among the candidates, a wrong one is first, all under
  the bar (or above it but refused for another reason, with the fitting one under it).

Each line is printed with its fitting candidate's place and probability, the best candidate,
and the tier evidence that weighs most against the fitting one (each feature's share of the
log-odds, as ``FitModel`` standardises and weights it). Then the causes, counted by set.

``python benchmarks/refusal_causes.py --index DIR [FILE.jsonl ...]`` (without files, the dev
sets of the brief: ``dev_*``, ``free_dev*``, ``free_dobrynin_dev*``, ``hostile_dev``; never run
it on a holdout set to tune). docs/quality.md, "Fitting lines refused, counted by cause".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from judged_sets import DATA, judged_sets

from embeddings import RolePlay
from embeddings.asks_back import unsure_ask_back
from embeddings.eval_sets import EvalItem, load_items
from embeddings.evaluate import Judge
from embeddings.first_set_aside import first_set_aside
from embeddings.tiers import FEATURES

DEV = sorted(
    [
        *DATA.glob("dev_*.jsonl"),
        *DATA.glob("free_dev*.jsonl"),
        *DATA.glob("free_dobrynin_dev*.jsonl"),
        DATA / "hostile_dev.jsonl",
    ]
)
CAUSES = (
    "retrieval",
    "set aside",
    "outright",
    "likeliest set aside",
    "asks back",
    "bar, fitting first",
    "bar, wrong first",
)


@dataclass(frozen=True)
class Refusal:
    """One refused on-topic line: why, and its candidates as ``respond`` weighed them."""

    item: EvalItem
    cause: str
    detail: str


def contributions(roleplay: RolePlay, features: np.ndarray) -> np.ndarray:
    """Each feature's share of a candidate's log-odds under the tier model."""
    model = roleplay.model
    z = (features - np.asarray(model.mean)) / np.asarray(model.scale)
    out: np.ndarray = z * np.asarray(model.weights)
    return out


def weighed(roleplay: RolePlay, judge: Judge, item: EvalItem) -> Refusal:
    """Why ``item``, refused, is refused: its candidates weighed as ``RolePlay.respond`` does."""
    line = " ".join(item.query.split())
    scores, rows, evidence = roleplay.candidates(line, as_=item.as_, context=item.context)
    rows = rows[: len(evidence)]
    read = scores.reading
    bar = roleplay.threshold
    if not rows:
        return Refusal(item, "retrieval", "no turn may answer")
    model, _, fit = roleplay.weigh(read, rows, evidence)
    likeliest = first_set_aside(model, fit)
    asks_back = unsure_ask_back(fit, roleplay._set_aside.meant[np.asarray(rows, dtype=np.int64)])
    best = int(np.argmax(fit))
    outright = roleplay.refusals.outright(
        line, read.spoken, read.tokens, read.pieces, best=float(fit[best])
    )
    refusing = [
        name
        for name, on in (
            (f"outright ({outright})", outright is not None),
            ("likeliest set aside", likeliest),
            ("asks back", asks_back),
        )
        if on
    ]
    also = "; also " + ", ".join(refusing) if refusing else ""
    fitting = [i for i, row in enumerate(rows) if judge.fits(item, row)]
    record = roleplay.index.records
    shown = f"best {fit[best]:.2f} {record[rows[best]].spoken_text[:50]!r}"
    if not fitting:
        return Refusal(item, "retrieval", shown + also)
    first = max(fitting, key=lambda i: fit[i])
    parts = contributions(roleplay, evidence[first])
    against = ", ".join(f"{FEATURES[j]} {parts[j]:+.2f}" for j in np.argsort(parts)[:3])
    detail = (
        f"fitting, the rerank's #{first + 1} of {len(rows)}: model {model[first]:.2f}, "
        f"fit {fit[first]:.2f} {record[rows[first]].spoken_text[:50]!r} "
        f"(against it: {against}); {shown}"
    )
    if max(model[i] for i in fitting) >= bar and max(fit[i] for i in fitting) == 0:
        return Refusal(item, "set aside", detail)
    if best == first and fit[best] >= bar and len(refusing) == 1:
        return Refusal(item, refusing[0].split(" (")[0], f"{refusing[0]}: {detail}")
    cause = "bar, fitting first" if best == first else "bar, wrong first"
    return Refusal(item, cause, detail + also)


def main() -> None:
    roleplay, judge, files = judged_sets(__doc__.split("\n\n")[0], DEV)
    counts: dict[str, Counter[str]] = {}
    for path in files:
        tally: Counter[str] = Counter()
        for item in load_items(path):
            if not item.on_topic:
                continue
            tally["on-topic"] += 1
            answer = roleplay.respond(item.query, as_=item.as_, context=item.context)
            if answer.status != "no_match":
                continue
            refusal = weighed(roleplay, judge, item)
            tally[refusal.cause] += 1
            print(
                f"{path.stem}:{item.line} [{item.as_}] {refusal.cause}: {item.query[:70]!r}\n"
                f"    {refusal.detail}"
            )
        if tally["on-topic"]:
            counts[path.stem] = tally
    print("\nset: on-topic lines, refused by cause")
    total: Counter[str] = Counter()
    for name, tally in counts.items():
        total.update(tally)
        cells = ", ".join(f"{c} {tally[c]}" for c in CAUSES if tally[c])
        print(f"{name}: {tally['on-topic']}; {cells or 'none refused'}")
    cells = ", ".join(f"{c} {total[c]}" for c in CAUSES if total[c])
    print(f"all: {total['on-topic']}; {cells}")


if __name__ == "__main__":
    main()
