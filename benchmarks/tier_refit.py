"""How does the tier model do refitted on the dev lines, at each bar, on lines it was not fitted on?

`backchannel eval --calibrate` scores a refit by its probabilities alone; what a student sees
also passes through every rule ``respond`` applies to them (the set-aside rules, the likeliest
set aside, a reply that only asks back, the wider chatter bar of a near-certain line). Here
every dev line is answered by ``respond`` itself, with the model fitted without the fifth of the
lines it belongs to (five folds of lines, ``--deals`` deals of lines into folds), and the
shipped model (``TIERS``; its figures are on lines it was fitted on, so they flatter it) is
beside it. One ``respond`` per line and model gives every bar: a line is refused at bar *b*
when it is refused whatever the bar or its best candidate's fit is under *b*, and what it is
shown does not depend on the bar.

Groups (lines of tier_deals.py's sets): loose (Recall@1, refused), loose as Dobrynin,
paraphrases, free lines per side (fit, nonsense), off-topic and hostile (refused); and over
every dev line: fitting answers, nonsense shown, on-topic lines refused, lines nothing answers
refused. ``python benchmarks/tier_refit.py --index /tmp/idx`` (~2 min; docs/quality.md, "The
tier model refitted").
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tier_deals import DATA, dev_sets

from embeddings import RolePlay
from embeddings.eval_sets import EvalItem, load_items
from embeddings.evaluate import Judge, candidate_evidence
from embeddings.tiers import TIERS, FitModel, fit_model

GROUPS = ("loose", "loose as Dobrynin", "paraphrases", "free as Kissinger", "free as Dobrynin")
PARAPHRASES = ("dev_close.jsonl", "dev_reverse.jsonl", "dev_texting.jsonl")


@dataclass(frozen=True)
class Outcome:
    """A line answered with ``respond`` at the lowest bar: ``refused`` whatever the bar,
    ``confidence`` (its best candidate's fit), whether what it is shown ``fits``."""

    on_topic: bool
    group: str
    refused: bool
    confidence: float
    fits: bool

    def at(self, bar: float) -> tuple[bool, bool, bool, bool]:
        """(fitting answer, nonsense, on-topic refused, nothing-fits refused) at ``bar``."""
        refused = self.refused or self.confidence < bar
        return (
            not refused and self.fits,
            not refused and not self.fits,
            refused and self.on_topic,
            refused and not self.on_topic,
        )


def group_of(name: str, item: EvalItem) -> str:
    if name.startswith(("dev_offtopic", "hostile")):
        return "off-topic"
    if name in PARAPHRASES:
        return "paraphrases"
    if name.startswith("dev_loose"):
        return "loose as Dobrynin" if item.as_ == "dobrynin" else "loose"
    return "free as Dobrynin" if item.as_ == "dobrynin" else "free as Kissinger"


def answered(
    roleplay: RolePlay,
    items: list[EvalItem],
    groups: list[str],
    models: list[FitModel],
    scopes: Sequence[Collection[str]] | None = None,
    on_topic: Sequence[bool] | None = None,
) -> list[Outcome]:
    """Each item answered by ``respond`` with its own model (whole-record and scoped alike),
    at the lowest bar; within its scope of ``scopes`` if given, where ``on_topic`` says whether
    a turn of the scope fits it (benchmarks/scoped_refit.py)."""
    judge, out = Judge(roleplay), []
    for n, (item, group, model) in enumerate(zip(items, groups, models, strict=True)):
        roleplay.model = roleplay.scoped_model = model
        roleplay.threshold = 1e-9
        scope = None if scopes is None else scopes[n]
        answer = roleplay.respond(item.query, as_=item.as_, context=item.context, scope=scope)
        refused = answer.status == "no_match"
        top = None if refused else answer.matches[0].prompt
        fits = top is not None and judge.fits(item, roleplay.index.row(top.document, top.index))
        answerable = item.on_topic if on_topic is None else on_topic[n]
        out.append(Outcome(answerable, group, refused, answer.confidence or 0.0, fits))
    return out


def show(name: str, runs: list[list[Outcome]], bar: float) -> None:
    """One row: the mean over ``runs`` (deals) of each group's figure at ``bar``."""
    totals, cells = np.zeros(4), []
    per: dict[str, list[np.ndarray]] = defaultdict(list)
    for run in runs:
        counts: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(6))
        for o in run:
            counts[o.group] += [1, o.on_topic, *o.at(bar)]
        for group, c in counts.items():
            per[group].append(c)
        totals += sum(counts.values())[2:] / len(runs)
    for group in GROUPS:
        lines, on, fit, nonsense, refused_on, refused_off = np.mean(per[group], axis=0)
        if group.startswith("free"):
            cells.append(f"{(fit + refused_off) / lines:.3f}/{nonsense / lines:.3f}")
        else:
            cells.append(f"{fit / on:.3f} ({refused_on / on:.2f})")
    lines, on, *_, refused_off = np.mean(per["off-topic"], axis=0)
    cells.append(f"{refused_off / (lines - on):.3f}")
    counts = " ".join(f"{t:6.1f}" for t in totals)
    print(f"{name:8} {bar:.3f} {counts} | " + " | ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--deals", type=int, default=6)
    parser.add_argument("--bars", type=float, nargs="*", default=[0.5, 0.6, 0.65, 0.7, 0.75, 0.8])
    args = parser.parse_args()

    roleplay = RolePlay.load(Path(args.index))
    items: list[EvalItem] = []
    groups: list[str] = []
    for name in dev_sets():
        for item in load_items(DATA / name):
            items.append(item)
            groups.append(group_of(name, item))
    x, y, line_of, _ = candidate_evidence(roleplay, items)
    shipped = answered(roleplay, items, groups, [TIERS] * len(items))
    refits = []
    rng = np.random.default_rng(0)
    for deal in range(args.deals):
        order = np.arange(len(items)) if deal == 0 else rng.permutation(len(items))
        models: list[FitModel] = [TIERS] * len(items)
        for k in range(5):
            held = np.flatnonzero(order % 5 == k)
            train = ~np.isin(line_of, held)
            model = fit_model(x[train], y[train], line_of[train])
            for n in held:
                models[n] = model
        refits.append(answered(roleplay, items, groups, models))
    print(f"{len(items)} dev lines; refits: mean of {args.deals} deals into five folds")
    print(
        "model    bar    fitting nonsense refused: on-topic, nothing fits | loose R@1 (refused) | "
        "as Dobrynin | paraphrases | free as Kissinger fit/nonsense | as Dobrynin | "
        "off-topic refused"
    )
    for bar in sorted({TIERS.threshold, *args.bars}):
        show("shipped", [shipped], bar)
    for bar in args.bars:
        show("refit", refits, bar)


if __name__ == "__main__":
    main()
