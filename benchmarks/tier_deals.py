"""Does refitting the tier model on added dev lines help on lines it was not fitted on?

`backchannel eval --calibrate` deals the lines into five folds once (line number mod 5), and
one deal's luck moves a free-line figure by a line or two. This script computes every dev line's
candidates and their evidence once, then averages the held-out figures over several deals:

- *before*: the model fitted without the ``--added`` sets (as shipped): the other lines scored
  by five folds among themselves, the added lines by the fit on all the others;
- *after*: the model refitted on every set, every line scored by five folds.

Reproduce the figures in tests/data/README.md ("More judged lines"):
``python benchmarks/tier_deals.py --index /tmp/idx`` (after ``backchannel build --index /tmp/idx``).
"""

from __future__ import annotations

import argparse
import glob
from pathlib import Path

import numpy as np

from embeddings import RolePlay
from embeddings.eval_sets import EvalItem, load_items
from embeddings.evaluate import candidate_evidence, held_out_figures
from embeddings.tiers import THRESHOLD, fit_model

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
GROUPS = {
    "loose lines": ("dev_loose.jsonl", "dev_loose_b.jsonl"),
    "loose lines as Dobrynin": ("dev_loose_dobrynin.jsonl", "dev_loose_dobrynin_b.jsonl"),
    "free lines as Kissinger": ("free_dev.jsonl", "free_dev_b.jsonl", "free_dev_c.jsonl kissinger"),
    "free lines as Dobrynin": (
        "free_dobrynin_dev.jsonl",
        "free_dobrynin_dev_b.jsonl",
        "free_dev_c.jsonl dobrynin",
    ),
    "off-topic and hostile": ("dev_offtopic.jsonl", "dev_offtopic_b.jsonl", "hostile_dev.jsonl"),
}
KEYS = ("recall@1", "no_match_on_topic", "no_match_off_topic", "fit", "nonsense")


def dev_sets() -> list[str]:
    """The dev sets the tier model is fitted on; these patterns never match a holdout set."""
    names = ["dev_*.jsonl", "free_dev*.jsonl", "free_dobrynin_dev*.jsonl", "hostile_dev.jsonl"]
    return [Path(p).name for n in names for p in sorted(glob.glob(str(DATA / n)))]


def held_out(
    x: np.ndarray,
    y: np.ndarray,
    line_of: np.ndarray,
    lines: list[int],
    fold_of: dict[int, int],
    threshold: float,
) -> np.ndarray:
    """Each candidate of ``lines`` scored by a fit on the other folds of ``lines``."""
    prob = np.full(len(y), np.nan)
    mine = np.isin(line_of, lines)
    for k in range(5):
        test = np.isin(line_of, [n for n in lines if fold_of[n] == k])
        train = mine & ~test
        prob[test] = fit_model(x[train], y[train], line_of[train], threshold=threshold).probability(
            x[test]
        )
    return prob


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument(
        "--added",
        nargs="*",
        default=[
            "free_dev_b.jsonl",
            "free_dobrynin_dev_b.jsonl",
            "dev_loose_dobrynin.jsonl",
            "dev_loose_dobrynin_b.jsonl",
        ],
    )
    parser.add_argument("--deals", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    args = parser.parse_args()

    roleplay, names = RolePlay.load(args.index), dev_sets()
    items: list[EvalItem] = []
    set_of: list[str] = []
    sizes = {}
    for name in list(names):
        lines = load_items(DATA / name)
        sides = sorted({i.as_ for i in lines})
        if len(sides) > 1:  # a set of both sides counts as one set per side
            names.remove(name)
            names += [f"{name} {side}" for side in sides]
        for line in lines:
            items.append(line)
            set_of.append(f"{name} {line.as_}" if len(sides) > 1 else name)
        for side in sides:
            part = [i for i in lines if len(sides) == 1 or i.as_ == side]
            sizes[f"{name} {side}" if len(sides) > 1 else name] = (
                len(part),
                sum(i.on_topic for i in part),
            )
    x, y, line_of, outright = candidate_evidence(roleplay, items)
    old = [n for n, name in enumerate(set_of) if name.split()[0] not in args.added]
    added = ~np.isin(line_of, old)
    shipped = fit_model(x[~added], y[~added], line_of[~added], threshold=args.threshold)

    def figures(prob: np.ndarray) -> dict[str, dict[str, float]]:
        out = {}
        for name in names:
            numbers = [n for n, s in enumerate(set_of) if s == name]
            out[name] = held_out_figures(
                [items[n] for n in numbers],
                [prob[line_of == n] for n in numbers],
                [y[line_of == n] for n in numbers],
                args.threshold,
                [outright[n] for n in numbers],
            )
        return out

    runs: dict[str, list[dict[str, dict[str, float]]]] = {"before": [], "after": []}
    rng = np.random.default_rng(0)
    for deal in range(args.deals):
        order = np.arange(len(items)) if deal == 0 else rng.permutation(len(items))
        fold_of = {n: int(order[n]) % 5 for n in range(len(items))}
        before = held_out(x, y, line_of, old, fold_of, args.threshold)
        before[added] = shipped.probability(x[added])
        runs["before"].append(figures(before))
        runs["after"].append(
            figures(held_out(x, y, line_of, list(range(len(items))), fold_of, args.threshold))
        )

    def mean(run: str, group: tuple[str, ...], key: str) -> float:
        """A group's figure, its sets weighted by the lines the figure counts."""
        present = [g for g in group if g in sizes]
        counted = {
            "recall@1": lambda g: sizes[g][1],
            "no_match_on_topic": lambda g: sizes[g][1],
            "no_match_off_topic": lambda g: sizes[g][0] - sizes[g][1],
        }.get(key, lambda g: sizes[g][0])
        per = [counted(g) for g in present]
        total = sum(per) or 1
        return float(
            np.mean(
                [
                    sum(r[g][key] * w for g, w in zip(present, per, strict=True)) / total
                    for r in runs[run]
                ]
            )
        )

    print(
        f"{args.deals} deals into 5 folds (deal 0: eval --calibrate's), threshold {args.threshold}"
    )
    print(f"{'set':28s} {'before: ' + ' / '.join(KEYS):70s} after")
    for name in names:
        cells = [
            " ".join(f"{np.mean([r[name][k] for r in runs[w]]):.3f}" for k in KEYS) for w in runs
        ]
        print(f"{name:28s} {cells[0]:70s} {cells[1]}")
    for group, files in GROUPS.items():
        keys = ("recall@1", "no_match_on_topic") if group == "loose lines" else KEYS
        keys = ("no_match_off_topic",) if group == "off-topic and hostile" else keys
        shown = "  ".join(
            f"{k} {mean('before', files, k):.3f} -> {mean('after', files, k):.3f}" for k in keys
        )
        print(f"{group}: {shown}")


if __name__ == "__main__":
    main()
