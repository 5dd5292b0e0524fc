"""Ranking on arrays: exact top-k, ranks, reciprocal-rank fusion. Pure functions."""

from __future__ import annotations

import numpy as np


def top_k(scores: np.ndarray, k: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Indices of the ``k`` highest scores (best first), among ``mask`` if given.

    Uses a partial sort, so the cost stays linear in the number of scores.
    """
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    n = scores.shape[0]
    k = min(k, n)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, k - 1)[:k] if k < n else np.arange(n)
    order = part[np.argsort(-scores[part], kind="stable")]
    if mask is not None:
        order = order[np.isfinite(scores[order])]
    return order


def search_vectors(
    matrix: np.ndarray, query: np.ndarray, k: int, mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Exact inner-product top-k of one query against a row matrix: one matrix product."""
    scores = matrix @ query
    idx = top_k(scores, k, mask)
    return idx, scores[idx]


def ranks(
    scores: np.ndarray, mask: np.ndarray | None = None, depth: int | None = None
) -> np.ndarray:
    """1-based rank of every entry (1 = best); entries outside ``mask`` rank last.

    With ``depth``, only the best ``depth`` entries are ranked (a partial sort, linear in the
    number of entries) and all others share rank ``depth + 1``: enough for rank fusion.
    """
    n = scores.shape[0]
    if depth is not None and depth < n:
        out = np.full(n, depth + 1, dtype=np.float64)
        best = top_k(scores, depth, mask)
        out[best] = np.arange(1, best.shape[0] + 1)
        return out
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    order = np.argsort(-scores, kind="stable")
    out = np.empty(n, dtype=np.float64)
    out[order] = np.arange(1, n + 1)
    return out


def reciprocal_rank_fusion(
    rank_lists: list[np.ndarray], weights: list[float] | None = None, k: float = 60.0
) -> np.ndarray:
    """RRF score per entry: sum of weight / (k + rank) over the rankings."""
    weights = weights or [1.0] * len(rank_lists)
    total = np.zeros(rank_lists[0].shape[0], dtype=np.float64)
    for weight, r in zip(weights, rank_lists, strict=True):
        total += weight / (k + r)
    return total
