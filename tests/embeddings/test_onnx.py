"""The encoder on ONNX Runtime: torch's vectors, an export checked once, a fallback saying why."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from embeddings import Encoder, IndexStale, RolePlay
from embeddings.onnx_model import (
    ALONE_THREADS,
    EXPLORE,
    EXPORT_FILE,
    EXPORT_VERSION,
    MIN_COSINE,
    ONNX_FILE,
    PROBE_FILE,
    PROBE_TEXTS,
    FusionUnavailable,
    Pace,
)

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


def operators(graph: Path) -> Counter[str]:
    import onnx

    return Counter(node.op_type for node in onnx.load(str(graph)).graph.node)


def test_the_default_model_runs_on_the_fused_graph(fixture_index_dir, encoder):
    onnx = fixture_index_dir / "onnx"
    record = json.loads((onnx / EXPORT_FILE).read_text())
    assert record["export_version"] == EXPORT_VERSION and record["graph"] == "fused"
    found = operators(onnx / ONNX_FILE)
    assert found["Attention"] == 6 and found["SkipLayerNormalization"] == 12
    assert found["EmbedLayerNormalization"] == 1 and found["Softmax"] == 0
    assert record["fused_operators"]["Attention"] == 6
    assert encoder.graph == "fused" and encoder.vectors_from == "onnx-fused"
    manifest = json.loads((fixture_index_dir / "manifest.json").read_text())
    assert manifest["backend"] == "onnx" and manifest["graph"] == "fused"
    assert [p.name.split("-", 2)[2] for p in (fixture_index_dir / "cache").iterdir()] == [
        "onnx-fused"
    ]


class Spy:
    """An ONNX Runtime session that counts its runs."""

    def __init__(self, session) -> None:
        self.session, self.runs = session, 0

    def run(self, *args):
        self.runs += 1
        return self.session.run(*args)


def test_a_lone_batch_runs_on_two_threads_with_the_one_thread_vectors(encoder, monkeypatch):
    lines = evaluation_lines()[::12]
    transformer = encoder._run
    assert transformer._wide.get_session_options().intra_op_num_threads == ALONE_THREADS == 2
    wide = Spy(transformer._wide)
    monkeypatch.setattr(transformer, "_wide", wide)
    monkeypatch.setattr(transformer, "_pace", Pace())  # nothing measured: two threads first
    monkeypatch.setattr("embeddings.onnx_model.EXPLORE", 10_000)
    for line in lines:
        alone = encoder.encode_tokens([line])  # one batch: the two-thread session
        one = encoder._forward([line], None, with_tokens=True, run=transformer.__call__)
        np.testing.assert_array_equal(alone[0], one[0])
        np.testing.assert_array_equal(alone[1][0], one[1][0])
    assert wide.runs == len(lines)
    encoder.encode(lines)  # several batches, side by side: one thread each
    assert wide.runs == len(lines)


def test_a_lone_batch_beside_another_forward_pass_takes_one_thread(encoder, monkeypatch):
    transformer = encoder._run
    features = encoder._stages.tokenize(["We will not accept a linkage of the two."])[0]
    expected = transformer(features)
    wide = Spy(transformer._wide)
    monkeypatch.setattr(transformer, "_wide", wide)
    monkeypatch.setattr(transformer, "_running", 1)  # a batch of the pool is running
    np.testing.assert_array_equal(transformer.alone(features), expected)
    assert wide.runs == 0 and transformer._running == 1


def test_a_lone_batch_takes_one_thread_while_that_is_measured_faster(encoder, monkeypatch):
    transformer = encoder._run
    features = encoder._stages.tokenize(["We will not accept a linkage of the two."])[0]
    wide = Spy(transformer._wide)
    monkeypatch.setattr(transformer, "_wide", wide)
    monkeypatch.setattr(transformer, "_pace", Pace(narrow=1e-6, wide=1.0))  # a loaded machine
    for _ in range(EXPLORE - 1):
        transformer.alone(features)
    assert wide.runs == 0 and 1e-6 < transformer._pace.narrow < 1.0  # measured, still faster
    transformer.alone(features)  # every EXPLORE-th: the other session, measured again
    assert wide.runs == 1 and transformer._pace.wide < 1.0


@pytest.fixture
def exported(tmp_path, fixture_index_dir) -> Path:
    """A copy of the fixture index's exported graph, to damage."""
    return Path(shutil.copytree(fixture_index_dir / "onnx", tmp_path / "onnx"))


def test_a_second_load_checks_the_probe_without_torch_or_a_new_export(exported, monkeypatch):
    before = (exported / ONNX_FILE).stat().st_mtime_ns

    def no_torch(*args):
        raise AssertionError("the model was loaded with torch")

    monkeypatch.setattr("embeddings.encoder.TorchModel", no_torch)
    encoder = Encoder(onnx_dir=exported)
    assert encoder.backend == "onnx" and encoder.fallback is None
    assert (exported / ONNX_FILE).stat().st_mtime_ns == before


def test_a_damaged_graph_is_exported_again(exported, encoder, caplog):
    """And says only that it exports it: ONNX Runtime's optimizer logged eleven lines of its
    own between the two ("Fused Gelu: 6", ..., "Optimized operators: {...}")."""
    graph = exported / ONNX_FILE
    graph.write_bytes(graph.read_bytes()[: graph.stat().st_size // 2])
    with caplog.at_level(logging.INFO):
        again = Encoder(onnx_dir=exported)
    said = [r.getMessage() for r in caplog.records if not r.name.startswith("sentence_trans")]
    assert [m.split(" in ")[0] for m in said] == [
        "The ONNX model",  # ... no longer matches (...): exporting it again.
        "Exporting all-MiniLM-L6-v2 to ONNX Runtime",
        "Exported all-MiniLM-L6-v2 to ONNX (fused graph)",
    ]
    assert again.backend == "onnx" and graph.stat().st_size > 80_000_000
    line = ["We will not accept a linkage of the two."]
    np.testing.assert_allclose(again.encode(line), encoder.encode(line), atol=1e-6)


def test_an_export_of_the_earlier_kind_is_replaced_by_the_fused_graph(exported, encoder, caplog):
    record = json.loads((exported / EXPORT_FILE).read_text())
    earlier = {k: v for k, v in record.items() if k not in {"export_version", "graph"}}
    (exported / EXPORT_FILE).write_text(json.dumps(earlier))  # as version 1 wrote it
    with caplog.at_level(logging.WARNING, logger="embeddings.onnx_model"):
        again = Encoder(onnx_dir=exported)
    assert f"The ONNX graph in {exported} is of an earlier export (version 1, not 2)" in (
        caplog.text
    )
    record = json.loads((exported / EXPORT_FILE).read_text())
    assert record["export_version"] == 2 and record["graph"] == again.graph == "fused"
    line = ["We will not accept a linkage of the two."]
    np.testing.assert_allclose(again.encode(line), encoder.encode(line), atol=1e-6)


def test_where_the_fusion_fails_the_plain_graph_is_written_and_said(tmp_path, encoder, monkeypatch):
    def cannot(path, config):
        raise FusionUnavailable("ONNX Runtime's optimizer fused the attention of 0 of 6 layers")

    monkeypatch.setattr("embeddings.onnx_model._fuse", cannot)
    plain = Encoder(onnx_dir=tmp_path / "onnx")
    assert plain.backend == "onnx" and plain.graph == "plain" and plain.vectors_from == "onnx"
    record = json.loads((tmp_path / "onnx" / EXPORT_FILE).read_text())
    assert record["graph"] == "plain" and "fused the attention of 0 of 6" in record["plain_because"]
    found = operators(tmp_path / "onnx" / ONNX_FILE)
    assert found["Attention"] == 0 and found["Softmax"] == 6
    line = ["We will not accept a linkage of the two."]
    assert float(plain.encode(line)[0] @ encoder.encode(line)[0]) >= MIN_COSINE


def test_vectors_that_differ_from_torchs_fall_back_to_torch_and_say_why(exported, monkeypatch):
    monkeypatch.setattr("embeddings.onnx_graph.MIN_COSINE", 1.5)  # no graph can pass this
    fallen = Encoder(onnx_dir=exported)
    assert fallen.backend == "torch"
    why = "torch instead: the exported plain graph's vectors differ from torch's"
    assert why in (fallen.fallback or "")


def test_without_onnxruntime_the_encoder_uses_torch_and_says_so(exported, monkeypatch):
    before = (exported / ONNX_FILE).read_bytes()
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    fallen = Encoder(onnx_dir=exported)
    assert fallen.backend == "torch"
    assert "onnxruntime is not installed" in (fallen.fallback or "")
    assert (exported / ONNX_FILE).read_bytes() == before  # no graph exported over it


def test_a_backend_that_did_not_build_the_index_is_refused(fixture_index_dir):
    with pytest.raises(IndexStale, match=r"vectors encoded by onnx, but the encoder runs on torch"):
        RolePlay.load(fixture_index_dir, backend="torch")


def test_an_unknown_backend_is_refused():
    with pytest.raises(ValueError, match=r"Unknown backend 'gpu': choose one of onnx, torch"):
        Encoder(backend="gpu")
