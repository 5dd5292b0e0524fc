"""The shard caches under a rebuild (compaction, a damaged shard) and the atomic write."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.caches import ShardCache, TokenCache, VectorCache, atomic_write


def unit(*rows):
    a = np.array(rows, dtype=np.float32)
    return a / np.linalg.norm(a, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", [VectorCache, TokenCache])
def test_shards_are_compacted_into_one_and_keep_everything(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(ShardCache, "MAX_SHARDS", 3)
    cache = kind(tmp_path, "model-a", 2, backend="onnx")
    stored = {}
    for i in range(7):
        text, value = f"text {i}", unit([1, i], [i, 1])
        if kind is VectorCache:
            cache.put([text], value[:1])
            stored[text] = value[:1]
        else:
            cache.put([text], [value])
            stored[text] = value
        assert len(list(cache.directory.glob("shard-*.npz"))) <= 3
    reopened = kind(tmp_path, "model-a", 2, backend="onnx")
    assert len(reopened) == 7 and reopened.missing(list(stored)) == []
    for text, value in stored.items():
        got = reopened._get([text])[0]
        np.testing.assert_allclose(got, value, atol=1e-6)


def test_a_damaged_shard_is_dropped_and_its_texts_encoded_again(tmp_path, caplog):
    cache = VectorCache(tmp_path, "model-a", 2, backend="onnx")
    cache.put(["a"], unit([1, 0]))
    cache.put(["b"], unit([0, 1]))
    _, second = sorted(cache.directory.glob("shard-*.npz"))
    second.write_bytes(second.read_bytes()[:40])
    reopened = VectorCache(tmp_path, "model-a", 2, backend="onnx")
    assert reopened.missing(["a", "b"]) == ["b"]
    assert "Skipping the unreadable cache shard" in caplog.text and not second.exists()
    vectors, encoded = reopened.encode(["a", "b"], lambda texts: unit([0, 1]))
    assert encoded == 1
    np.testing.assert_allclose(vectors, unit([1, 0], [0, 1]), atol=1e-6)


def test_a_failed_atomic_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "vectors.npy"
    path.write_bytes(b"old")

    def fail(fh):
        fh.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, fail)
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["vectors.npy"]
