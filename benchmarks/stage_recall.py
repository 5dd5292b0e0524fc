"""Does any stage of the pipeline lose to plain nearest-turn search? (issue 11)

For every answerable line of the sets, where each stage ranks the first fitting turn: the
plain baseline (all-MiniLM-L6-v2, the line as typed, the turn's own words), the views'
weighted cosine (the first stage's sentence score), the first stage's fused order (views and
BM25), the order after the word-by-word rerank, and the tier model's order of the best
candidates (what ``respond`` answers with, before any refusal).

Two readings, because a stage that only gathers candidates is judged by what it hands on, not
by its first place: per set, Recall@1 / Recall@8 / MRR of each stage; then each hand-off
beside plain at the same depth: the fused first stage's best ``RERANK_DEPTH`` (what the rerank
reads), the rerank's best ``CANDIDATES`` distinct turns (what the tier model weighs), and the
tier model's first (what the student is shown).

``python benchmarks/stage_recall.py --index DIR [FILE.jsonl ...]`` (after
``backchannel build --index DIR``); without files, the judged and loose dev sets.
"""

from __future__ import annotations

import numpy as np
from judged_sets import DATA, judged_sets

from embeddings.baseline import PlainNearest
from embeddings.eval_sets import load_items
from embeddings.ranking import RERANK_DEPTH
from embeddings.roleplay import CANDIDATES
from embeddings.search import top_k

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
# Each stage's hand-off: the depth the next stage reads it to.
HANDOFFS = (("fused", RERANK_DEPTH), ("rerank", CANDIDATES), ("tiers", 1))


def first_fit(fits: list[bool]) -> int | None:
    """The rank of the first fitting turn (None: none in the stage's first ``DEPTH``)."""
    return next((rank for rank, ok in enumerate(fits, 1) if ok), None)


def recall(found: list[int | None], depth: int) -> float:
    """Share of lines with a fitting turn within the first ``depth``."""
    return float(np.mean([r is not None and r <= depth for r in found]))


def main() -> None:
    roleplay, judge, files = judged_sets(__doc__.split("\n\n")[0], [DATA / n for n in SETS])
    baseline = PlainNearest(roleplay)
    handoffs = []
    for path in files:
        items = [item for item in load_items(path) if item.on_topic]
        if not items:
            continue
        ranks: dict[str, list[int | None]] = {}
        for item in items:
            scores, rows, evidence = roleplay.candidates(item.query, as_=item.as_)
            fit = roleplay.model.probability(evidence)
            orders = {
                "plain": baseline.rank([item.query], item.as_, DEPTH)[0],
                "views": top_k(scores.reading.dense, DEPTH, scores.mask).tolist(),
                "fused": top_k(scores.fused, DEPTH, scores.mask).tolist(),
                # The rerank's order, each recurring wording once as the tiers receive it.
                "rerank": rows
                + [r for r in roleplay.ranking.reranked(scores, 0.0, DEPTH) if r not in rows],
                "tiers": [rows[i] for i in np.argsort(-fit, kind="stable")] + rows[len(fit) :],
            }
            for stage, order in orders.items():
                found = first_fit([judge.fits(item, row) for row in order])
                ranks.setdefault(stage, []).append(found)
        cells = []
        for stage, found in ranks.items():
            mrr = np.mean([1 / r if r else 0.0 for r in found])
            cells.append(f"{stage} {recall(found, 1):.3f} / {recall(found, 8):.3f} / {mrr:.3f}")
        print(f"{path.name} ({len(items)} answerable): " + "   ".join(cells))
        handoff = [
            f"{stage}@{depth} {recall(ranks[stage], depth):.3f} "
            f"(plain {recall(ranks['plain'], depth):.3f})"
            for stage, depth in HANDOFFS
        ]
        handoffs.append(f"{path.name}: " + "   ".join(handoff))
    print("(Recall@1 / Recall@8 / MRR of the first fitting turn in each stage's order)")
    print("\nEach stage's hand-off, plain at the same depth in brackets:")
    print("\n".join(handoffs))


if __name__ == "__main__":
    main()
