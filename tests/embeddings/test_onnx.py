"""The encoder on ONNX Runtime: torch's vectors, an export checked once, a fallback saying why."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from embeddings import Encoder, IndexStale, RolePlay
from embeddings.onnx_model import EXPORT_FILE, MIN_COSINE, ONNX_FILE, PROBE_FILE, PROBE_TEXTS

DATA = Path(__file__).resolve().parents[1] / "data"


def evaluation_lines() -> list[str]:
    return [
        json.loads(line)["query"]
        for path in sorted(DATA.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_onnx_gives_torchs_vectors_on_every_evaluation_line(encoder, torch_encoder):
    lines = evaluation_lines()
    assert len(lines) >= 290 and encoder.backend == "onnx" and torch_encoder.backend == "torch"
    prefixes = [line.split(",")[0] for line in lines]  # the word-by-word path of a query
    onnx_vectors, onnx_tokens = encoder.encode_tokens(lines, prefixes)
    torch_vectors, torch_tokens = torch_encoder.encode_tokens(lines, prefixes)
    assert (onnx_vectors * torch_vectors).sum(axis=1).min() >= MIN_COSINE
    assert [len(t) for t in onnx_tokens] == [len(t) for t in torch_tokens]
    rows = (np.concatenate(onnx_tokens) * np.concatenate(torch_tokens)).sum(axis=1)
    assert rows.min() >= MIN_COSINE


def test_the_export_keeps_torchs_probe_vectors_beside_the_graph(fixture_index_dir, torch_encoder):
    onnx = fixture_index_dir / "onnx"
    record = json.loads((onnx / EXPORT_FILE).read_text())
    assert record["model_id"] == "all-MiniLM-L6-v2" and record["probe_cosine"] >= MIN_COSINE
    assert record["inputs"] == ["input_ids", "token_type_ids", "attention_mask"]
    vectors, tokens = torch_encoder.encode_tokens(list(PROBE_TEXTS))
    with np.load(onnx / PROBE_FILE) as probe:
        np.testing.assert_allclose(probe["sentence"], vectors, atol=1e-6)
        np.testing.assert_allclose(probe["tokens"], np.concatenate(tokens), atol=1e-6)


@pytest.fixture
def exported(tmp_path, fixture_index_dir) -> Path:
    """A copy of the fixture index's exported graph, to damage."""
    return Path(shutil.copytree(fixture_index_dir / "onnx", tmp_path / "onnx"))


def test_a_second_load_checks_the_probe_without_torch_or_a_new_export(exported, monkeypatch):
    before = (exported / ONNX_FILE).stat().st_mtime_ns

    def no_torch(self, features):
        raise AssertionError("torch ran a forward pass")

    monkeypatch.setattr(Encoder, "_torch_forward", no_torch)
    encoder = Encoder(onnx_dir=exported)
    assert encoder.backend == "onnx" and encoder.fallback is None
    assert (exported / ONNX_FILE).stat().st_mtime_ns == before


def test_a_damaged_graph_is_exported_again(exported, encoder):
    graph = exported / ONNX_FILE
    graph.write_bytes(graph.read_bytes()[: graph.stat().st_size // 2])
    again = Encoder(onnx_dir=exported)
    assert again.backend == "onnx" and graph.stat().st_size > 80_000_000
    line = ["We will not accept a linkage of the two."]
    np.testing.assert_allclose(again.encode(line), encoder.encode(line), atol=1e-6)


def test_vectors_that_differ_from_torchs_fall_back_to_torch_and_say_why(exported, monkeypatch):
    monkeypatch.setattr("embeddings.encoder.MIN_COSINE", 1.5)  # no graph can pass this
    fallen = Encoder(onnx_dir=exported)
    assert fallen.backend == "torch"
    assert fallen.fallback is not None
    assert "torch instead: the exported graph's vectors differ from torch's" in fallen.fallback


def test_without_onnxruntime_the_encoder_uses_torch_and_says_so(exported, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    fallen = Encoder(onnx_dir=exported)
    assert fallen.backend == "torch"
    assert "onnxruntime is not installed" in (fallen.fallback or "")


def test_a_backend_that_did_not_build_the_index_is_refused(fixture_index_dir):
    with pytest.raises(IndexStale, match=r"vectors encoded by onnx, but the encoder runs on torch"):
        RolePlay.load(fixture_index_dir, backend="torch")


def test_an_unknown_backend_is_refused():
    with pytest.raises(ValueError, match=r"Unknown backend 'gpu': choose one of onnx, torch"):
        Encoder(backend="gpu")
