"""Does any stage of the pipeline lose to plain nearest-turn search? (issue 11)

For every answerable line of the dev sets, where each stage ranks the first fitting turn:
the plain baseline (all-MiniLM-L6-v2, the line as typed, the turn's own words), the views'
weighted cosine (the first stage's sentence score), the first stage's order after the
word-by-word rerank, and the tier model's order of the best candidates (what ``respond``
answers with, before any refusal). Prints, per set, Recall@1 / Recall@8 / MRR of each stage.

``python benchmarks/stage_recall.py --index DIR [FILE.jsonl ...]`` (after
``backchannel build --index DIR``); without files, the judged and loose dev sets.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from embeddings import RolePlay
from embeddings.baseline import PlainNearest
from embeddings.evaluate import Judge, load_items
from embeddings.search import top_k

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = (
    "dev_loose.jsonl",
    "dev_loose_b.jsonl",
    "free_dev.jsonl",
    "free_dev_b.jsonl",
    "free_dobrynin_dev.jsonl",
    "free_dobrynin_dev_b.jsonl",
    "free_dev_c.jsonl",
)
DEPTH = 100


def first_fit(fits: list[bool]) -> int | None:
    """The rank of the first fitting turn (None: none in the stage's first ``DEPTH``)."""
    return next((rank for rank, ok in enumerate(fits, 1) if ok), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    roleplay = RolePlay.load(Path(args.index))
    judge = Judge(roleplay)
    baseline = PlainNearest(roleplay)
    for path in [Path(f) for f in args.files] or [DATA / name for name in SETS]:
        items = [item for item in load_items(path) if item.on_topic]
        if not items:
            continue
        ranks: dict[str, list[int | None]] = {}
        for item in items:
            scores, rows, evidence = roleplay.candidates(item.query, as_=item.as_)
            fit = roleplay.model.probability(evidence)
            orders = {
                "plain": baseline.rank([item.query], item.as_, DEPTH)[0],
                "views": top_k(scores.dense, DEPTH, scores.mask).tolist(),
                "rerank": roleplay._reranked(scores, 0.0, DEPTH).tolist(),
                "tiers": [rows[i] for i in np.argsort(-fit, kind="stable")] + rows[len(fit) :],
            }
            for stage, order in orders.items():
                found = first_fit([judge.fits(item, row) for row in order])
                ranks.setdefault(stage, []).append(found)
        cells = []
        for stage, found in ranks.items():
            at1 = np.mean([r == 1 for r in found])
            at8 = np.mean([r is not None and r <= 8 for r in found])
            mrr = np.mean([1 / r if r else 0.0 for r in found])
            cells.append(f"{stage} {at1:.3f} / {at8:.3f} / {mrr:.3f}")
        print(f"{path.name} ({len(items)} answerable): " + "   ".join(cells))
    print("(Recall@1 / Recall@8 / MRR of the first fitting turn in each stage's order)")


if __name__ == "__main__":
    main()
