"""Word-token vectors: flat storage, the MaxSim score, and their disk cache."""

import numpy as np
import pytest

from embeddings.caches import TokenCache
from embeddings.tokens import TokenMatrix, maxsim, piece_weights


def unit(*rows):
    a = np.array(rows, dtype=np.float32)
    return a / np.linalg.norm(a, axis=1, keepdims=True)


def test_maxsim_averages_each_query_words_best_match_per_turn():
    query = unit([1, 0, 0], [0, 1, 0])
    turn = unit([1, 0, 0], [0, 0.6, 0.8], [0, 0, 1])
    longer = np.vstack([turn, unit([0, 0, -1])])
    matrix = TokenMatrix.from_blocks([turn, turn[:0], longer, unit([0, 1, 0])], 3)
    scores = maxsim(query, matrix, np.array([0, 1, 2, 3, 0]))
    # turn 0: word 1 finds itself (1.0), word 2's best is the second row (0.6); turn 1 has no
    # words; turn 2 = turn 0 plus a word that matches nothing, which costs nothing (a clause
    # of a long turn still counts); turn 3: 0.0 and 1.0
    np.testing.assert_allclose(scores, [0.8, 0.0, 0.8, 0.5, 0.8], atol=1e-6)
    assert maxsim(query[:0], matrix, np.array([0])).tolist() == [0.0]


def test_maxsim_on_the_last_words_of_each_turn():
    query = unit([1, 0, 0], [0, 1, 0])
    turn = unit([1, 0, 0], [0, 0.6, 0.8], [0, 0, 1])
    matrix = TokenMatrix.from_blocks([turn, turn[:0], unit([0, 1, 0])], 3)
    # the last two words of turn 0 hold no match for word 1 (0.0) and 0.6 for word 2; a turn
    # shorter than ``last`` is matched whole, and one without words scores 0
    scores = maxsim(query, matrix, np.array([0, 1, 2]), last=2)
    np.testing.assert_allclose(scores, [0.3, 0.0, 0.5], atol=1e-6)
    np.testing.assert_allclose(maxsim(query, matrix, np.array([0]), last=3), [0.8], atol=1e-6)


def test_a_word_the_record_says_counts_once_however_many_pieces():
    said = {"tell", "brezhnev", "no"}.__contains__
    words = ["tell", "brezhnev", "brezhnev", "brezhnev", "brezhnev", "bluffing", "bluffing"]
    # tell 1, brezhnev 1 (a quarter a piece), bluffing (never said) 1 a piece: 4 in all
    np.testing.assert_allclose(
        piece_weights(words, said), [1 / 4, 1 / 16, 1 / 16, 1 / 16, 1 / 16, 1 / 4, 1 / 4]
    )
    # every piece its own word, or a word the record never says: the plain mean
    assert piece_weights(["tell", "him", "bluffing", "bluffing"], said) is None
    assert piece_weights([], said) is None
    query = unit([1, 0, 0], [0, 1, 0], [0, 1, 0])
    matrix = TokenMatrix.from_blocks([unit([1, 0, 0])], 3)
    # the first word matched, the second (two pieces) not: 1/2 counted once, 1/3 by pieces
    weights = piece_weights(["no", "brezhnev", "brezhnev"], said)
    np.testing.assert_allclose(maxsim(query, matrix, np.array([0]), weights=weights), [0.5])
    np.testing.assert_allclose(maxsim(query, matrix, np.array([0])), [1 / 3], atol=1e-6)


def test_token_matrix_round_trips_blocks_through_disk(tmp_path):
    blocks = [unit([1, 0], [0, 1]), unit([1, 1])[:0], unit([1, 1])]
    matrix = TokenMatrix.from_blocks(blocks, 2)
    assert matrix.offsets.tolist() == [0, 2, 2, 3] and matrix.rows.dtype == np.float32
    matrix.save(tmp_path)
    loaded = TokenMatrix.load(tmp_path)
    assert isinstance(loaded.rows, np.memmap) and len(loaded) == 3
    np.testing.assert_allclose(loaded.block(0), blocks[0], atol=1e-6)
    assert loaded.block(1).shape == (0, 2)
    np.testing.assert_allclose(loaded.block(2), blocks[2], atol=1e-6)


def test_token_cache_reopens_with_what_it_stored_and_keeps_models_apart(tmp_path):
    cache = TokenCache(tmp_path, "model-a", 2, backend="onnx")
    assert cache.missing(["a", "b", "a"]) == ["a", "b"]
    cache.put(["a", "b"], [unit([1, 0]), unit([0, 1], [1, 1])])
    cache.put(["c"], [unit([1, 0])])
    reopened = TokenCache(tmp_path, "model-a", 2, backend="onnx")
    assert len(reopened) == 3 and reopened.missing(["a", "b", "c", "d"]) == ["d"]
    np.testing.assert_allclose(reopened.blocks(["b"])[0], unit([0, 1], [1, 1]), atol=1e-6)
    assert len(TokenCache(tmp_path, "model-b", 2, backend="onnx")) == 0
    assert len(TokenCache(tmp_path, "model-a", 2, backend="torch")) == 0


def _maxsim_as_first_written(query, matrix, turns, last=None):
    """MaxSim as it was first written (``query @ rows.T``): the numbers every figure in the
    README was measured with."""
    out = np.zeros(len(turns), dtype=np.float64)
    starts, lengths = matrix.offsets[turns], np.diff(matrix.offsets)[turns]
    if last is not None:
        starts, lengths = starts + np.maximum(lengths - last, 0), np.minimum(lengths, last)
    keep = lengths > 0
    if not len(query) or not keep.any():
        return out
    starts, lengths = starts[keep], lengths[keep]
    segments = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    rows = np.repeat(starts - segments, lengths) + np.arange(lengths.sum())
    sims = query @ matrix.rows[rows].T
    out[keep] = np.maximum.reduceat(sims, segments, axis=1).mean(axis=0)
    return out


@pytest.mark.parametrize(
    "line",
    [
        "The Chinese will protest.",
        "I expect the troop cut negotiations to last a couple of years.",
        "ok",
        "Can you tell Moscow we are ready to talk about SALT, and that the President wants to "
        "see Brezhnev before the summit whatever the Chinese say about it?",
    ],
)
def test_maxsim_gives_the_first_formulas_numbers(roleplay, line):
    """The rows are multiplied by the query (faster) rather than the query by the rows: the
    same numbers to float32 rounding, as the rerank reads them (best 30) and as the tier model's
    ending feature does (8 turns, their last 24 pieces). On the machines where the change was
    made they were equal bit for bit; another CPU's BLAS kernel may sum in another order, and
    then only the last bit of a float32 cosine may differ, which moves no ranking or tier but
    between turns scored equal to 1e-6."""
    scores, rows, _ = roleplay.candidates(line)
    matrix = roleplay.index.tokens
    head = np.array(rows + list(range(40)), dtype=np.int64)[:30]
    for turns, last in ((head, None), (head[:8], 24), (np.arange(len(matrix)), None)):
        ours = maxsim(scores.reading.tokens, matrix, turns, last=last)
        first = _maxsim_as_first_written(scores.reading.tokens, matrix, turns, last)
        np.testing.assert_allclose(ours, first, rtol=0, atol=1e-6)
        assert ours.any()
