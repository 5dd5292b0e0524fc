import numpy as np
import pytest

from embeddings import Encoder, VectorCache


def test_encoder_returns_unit_float32_rows(encoder):
    vectors = encoder.encode(["The Chinese will protest.", "Beijing will object."])
    assert encoder.model_id == "all-MiniLM-L6-v2"
    assert encoder.dimension == 384
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_similarity_ranks_a_paraphrase_above_an_unrelated_line(encoder):
    line = "The Chinese will protest."
    assert encoder.similarity(line, "China is going to complain.") > encoder.similarity(
        line, "What is the capital of Australia?"
    )


def test_unknown_model_fails_without_downloading():
    with pytest.raises(
        ValueError, match=r"Could not load .*'no-such/model-xyz' without the network"
    ):
        Encoder("no-such/model-xyz")


def test_cache_encodes_only_texts_it_has_not_seen(tmp_path, encoder):
    calls: list[list[str]] = []

    def counting(texts):
        calls.append(list(texts))
        return encoder.encode(texts)

    cache = VectorCache(tmp_path, encoder.model_id, encoder.dimension)
    first, encoded = cache.encode(["a", "b", "a"], counting)
    assert encoded == 2 and calls == [["a", "b"]]
    np.testing.assert_allclose(first[0], first[2])

    reopened = VectorCache(tmp_path, encoder.model_id, encoder.dimension)
    again, encoded = reopened.encode(["b", "c", "a"], counting)
    assert encoded == 1 and calls[-1] == ["c"]
    np.testing.assert_allclose(again[0], first[1])
    np.testing.assert_allclose(again[2], first[0])


def test_cache_keeps_models_apart(tmp_path, encoder):
    VectorCache(tmp_path, encoder.model_id, encoder.dimension).encode(["a"], encoder.encode)
    assert len(VectorCache(tmp_path, "other-model", encoder.dimension)) == 0
    assert len(VectorCache(tmp_path, encoder.model_id, encoder.dimension)) == 1
