"""A graph kept with its tokenizer and pooling loads without sentence-transformers or torch, gives
the vectors the exporting encoder gives, and anything missing or not as written sends the load
back to torch, which keeps it anew."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from embeddings import Encoder
from embeddings.onnx_model import EXPORT_FILE, MIN_COSINE, ONNX_FILE
from embeddings.onnx_pipeline import RECORD_KEY, TOKENIZER_FILE, NumpyPipeline
from embeddings.torch_model import TorchModel
from tests.embeddings.test_onnx import evaluation_lines

ROOT = Path(__file__).resolve().parents[2]
LOAD = """
import json, sys
from pathlib import Path
import numpy as np
from embeddings import Encoder

encoder = Encoder(onnx_dir=Path(sys.argv[1]))
lines = json.loads(Path(sys.argv[2]).read_text())
vectors, tokens = encoder.encode_tokens(lines, [line.split(",")[0] for line in lines])
np.savez(sys.argv[3], vectors=vectors, tokens=np.concatenate(tokens))
heavy = ("torch", "sentence_transformers", "transformers")
print(json.dumps({
    "imported": [name for name in heavy if name in sys.modules],
    "vectors_from": encoder.vectors_from,
    "fallback": encoder.fallback,
}))
"""


@pytest.fixture
def kept(tmp_path, fixture_index_dir) -> Path:
    """A copy of the fixture index's graph, as its export kept it: to load, or to damage."""
    return Path(shutil.copytree(fixture_index_dir / "onnx", tmp_path / "onnx"))


def test_a_kept_graph_loads_without_torch_and_gives_the_exporting_encoders_vectors(
    kept, tmp_path, encoder, torch_encoder
):
    lines = evaluation_lines()[::5]
    (tmp_path / "lines.json").write_text(json.dumps(lines))
    found = subprocess.run(
        [sys.executable, "-c", LOAD, str(kept), str(tmp_path / "lines.json"), str(tmp_path / "v")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert found.returncode == 0, found.stderr
    said = json.loads(found.stdout)
    assert said == {"imported": [], "vectors_from": "onnx-fused", "fallback": None}
    prefixes = [line.split(",")[0] for line in lines]
    with np.load(tmp_path / "v.npz") as loaded:
        vectors, tokens = loaded["vectors"], loaded["tokens"]
    here, here_tokens = encoder.encode_tokens(lines, prefixes)
    np.testing.assert_array_equal(vectors, here)  # bit for bit: one pipeline
    np.testing.assert_array_equal(tokens, np.concatenate(here_tokens))
    reference, reference_tokens = torch_encoder.encode_tokens(lines, prefixes)
    assert (vectors * reference).sum(axis=1).min() >= MIN_COSINE
    assert (tokens * np.concatenate(reference_tokens)).sum(axis=1).min() >= MIN_COSINE


def test_numpys_pooling_gives_the_model_modules_vectors(encoder, torch_encoder):
    """On the same ONNX Runtime output, numpy's mean and normalisation and the model's torch
    modules differ only in the order of float32 sums (within 2e-7); token embeddings are
    the graph's own."""
    assert isinstance(encoder._stages, NumpyPipeline)
    assert isinstance(torch_encoder._stages, TorchModel)
    lines = evaluation_lines()[::3]  # 429 lines, of 3 to 256 word pieces
    order = encoder.longest_first(lines)
    for start in range(0, len(order), 16):
        features, _ = encoder._stages.tokenize([lines[i] for i in order[start : start + 16]])
        vectors, hidden = encoder._stages.pool(features, encoder._run)
        expected, expected_hidden = torch_encoder._stages.pool(features, encoder._run)
        np.testing.assert_array_equal(hidden, expected_hidden)
        assert np.abs(vectors - expected).max() < 2e-7
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)


def set_in_record(path: Path, change: Callable[[dict], None]) -> None:
    record = json.loads((path / EXPORT_FILE).read_text())
    change(record)
    (path / EXPORT_FILE).write_text(json.dumps(record))


def cut_at_128(record: dict) -> None:
    record[RECORD_KEY]["tokenizer"]["truncation"]["max_length"] = 128


def pad_sideways(record: dict) -> None:
    record[RECORD_KEY]["tokenizer"]["padding"] = {"direction": "sideways"}


DAMAGES: dict[str, Callable[[Path], None]] = {
    "no tokenizer": lambda kept: (kept / TOKENIZER_FILE).unlink(),
    "a tokenizer that is not one": lambda kept: (kept / TOKENIZER_FILE).write_text("{"),
    "an export before pipelines were kept": lambda kept: set_in_record(
        kept, lambda record: record.pop(RECORD_KEY)
    ),
    "another pooling": lambda kept: set_in_record(
        kept, lambda record: record[RECORD_KEY].update(pooling="cls")
    ),
    "settings the tokenizer refuses": lambda kept: set_in_record(kept, pad_sideways),
    # only the probe's long text is cut otherwise: caught by its vectors, not by the record
    "a tokenizer that cuts at 128 pieces": lambda kept: set_in_record(kept, cut_at_128),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_kept_pipeline_not_as_written_loads_with_torch_once_and_is_kept_again(
    kept, encoder, monkeypatch, damage
):
    graph_written = (kept / ONNX_FILE).stat().st_mtime_ns
    DAMAGES[damage](kept)
    loads: list[str] = []

    def counted(model: str, source: str) -> TorchModel:
        loads.append(model)
        return TorchModel(model, source)

    monkeypatch.setattr("embeddings.encoder.TorchModel", counted)
    again = Encoder(onnx_dir=kept)
    assert loads == ["all-MiniLM-L6-v2"] and again.vectors_from == "onnx-fused"
    assert (kept / ONNX_FILE).stat().st_mtime_ns == graph_written  # checked, not exported
    record = json.loads((kept / EXPORT_FILE).read_text())
    assert record[RECORD_KEY]["pooling"] == "mean"
    assert record[RECORD_KEY]["tokenizer"]["truncation"]["max_length"] == 256
    assert record[RECORD_KEY]["tokenizer"]["padding"]["pad_token"] == "[PAD]"
    third = Encoder(onnx_dir=kept)
    assert loads == ["all-MiniLM-L6-v2"] and third.vectors_from == "onnx-fused"
    line = ["We will not accept a linkage of the two, whatever the Soviet side proposes."]
    np.testing.assert_array_equal(third.encode(line), encoder.encode(line))
    np.testing.assert_array_equal(again.encode(line), encoder.encode(line))


def test_a_model_numpy_does_not_pool_runs_the_graph_under_its_torch_modules(
    kept, torch_encoder, monkeypatch
):
    model = torch_encoder._stages.model
    monkeypatch.setattr(model[1], "pooling_mode", "cls")
    assert torch_encoder._stages.without_torch() is None
    monkeypatch.undo()
    set_in_record(kept, lambda record: record.pop(RECORD_KEY))
    monkeypatch.setattr(TorchModel, "without_torch", lambda self: None)
    modules = Encoder(onnx_dir=kept)
    assert modules.vectors_from == "onnx-fused" and isinstance(modules._stages, TorchModel)
    assert RECORD_KEY not in json.loads((kept / EXPORT_FILE).read_text())
    lines = evaluation_lines()[::20]
    found, expected = modules.encode(lines), torch_encoder.encode(lines)
    assert (found * expected).sum(axis=1).min() >= MIN_COSINE


def test_a_folder_that_cannot_be_written_is_still_read_through_torch(
    kept, encoder, monkeypatch, caplog
):
    set_in_record(kept, lambda record: record.pop(RECORD_KEY))  # as an earlier export left it
    (kept / TOKENIZER_FILE).unlink()
    before = (kept / EXPORT_FILE).read_bytes()

    def refused(self, path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("embeddings.tokenizing.Tokenize.save", refused)
    read = Encoder(onnx_dir=kept)
    assert read.vectors_from == "onnx-fused" and read.fallback is None
    assert (kept / EXPORT_FILE).read_bytes() == before and not (kept / TOKENIZER_FILE).exists()
    assert f"Could not keep the ONNX tokenizer and pooling in {kept} ([Errno 13]" in caplog.text
    line = ["We will not accept a linkage of the two."]
    np.testing.assert_array_equal(read.encode(line), encoder.encode(line))
