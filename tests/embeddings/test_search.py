import numpy as np

from embeddings.search import (
    ranks,
    reciprocal_rank_fusion,
    search_vectors,
    top_k,
)


def _unit(rows):
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_top_k_returns_best_first():
    scores = np.array([0.1, 0.9, 0.5, 0.7, 0.3])
    assert top_k(scores, 3).tolist() == [1, 3, 2]
    assert top_k(scores, 10).tolist() == [1, 3, 2, 4, 0]


def test_top_k_respects_mask_and_never_returns_masked_rows():
    scores = np.array([0.1, 0.9, 0.5, 0.7, 0.3])
    mask = np.array([True, False, True, False, False])
    assert top_k(scores, 3, mask).tolist() == [2, 0]
    assert top_k(scores, 3, np.zeros(5, dtype=bool)).tolist() == []


def test_search_vectors_matches_brute_force_on_hand_made_vectors():
    matrix = _unit([[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 1, 1]])
    query = _unit([[1, 0.9, 0]])[0]
    idx, scores = search_vectors(matrix, query, 2)
    assert idx.tolist() == [2, 4]
    np.testing.assert_allclose(scores, matrix[[2, 4]] @ query, rtol=1e-6)


def test_search_vectors_agrees_with_full_sort_on_random_vectors():
    rng = np.random.default_rng(7)
    matrix = _unit(rng.normal(size=(500, 16)))
    query = _unit(rng.normal(size=(1, 16)))[0]
    idx, _ = search_vectors(matrix, query, 10)
    assert idx.tolist() == np.argsort(-(matrix @ query))[:10].tolist()


def test_ranks_puts_masked_entries_last():
    scores = np.array([0.2, 0.8, 0.5])
    assert ranks(scores).tolist() == [3, 1, 2]
    assert ranks(scores, np.array([True, False, True])).tolist() == [2, 3, 1]


def test_ranks_with_depth_ranks_only_the_best():
    scores = np.array([0.2, 0.8, 0.5, 0.9, 0.1])
    assert ranks(scores, depth=2).tolist() == [3, 2, 3, 1, 3]
    assert ranks(scores, np.array([True, False, True, False, True]), depth=2).tolist() == [
        2,
        3,
        1,
        3,
        3,
    ]


def test_reciprocal_rank_fusion_rewards_agreement():
    dense = np.array([1.0, 2.0, 3.0])  # ranks: a 1st, b 2nd, c 3rd
    lexical = np.array([3.0, 1.0, 2.0])
    fused = reciprocal_rank_fusion([dense, lexical], [1.0, 0.5], k=10)
    np.testing.assert_allclose(fused, [1 / 11 + 0.5 / 13, 1 / 12 + 0.5 / 11, 1 / 13 + 0.5 / 12])
    assert int(np.argmax(fused)) == 0
