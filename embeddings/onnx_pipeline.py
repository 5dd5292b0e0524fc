"""The encoder's model on ONNX Runtime without torch: the model's Rust tokenizer, the exported
graph, and the model's mean pooling and normalisation in numpy.

Importing sentence-transformers and torch took ~7 of the 9 s a `serve` on a built index took
to answer (and every `ask`); once a graph is exported, encoding needs only the tokenizer, the
graph and the pooling. So the export keeps, beside the graph, the tokenizer as it runs
(``TOKENIZER_FILE``) and what the pooling does (``EXPORT_FILE``'s ``without_torch``), and a
later encoder is built from them alone (:func:`read`). Each load still runs the probe texts
through this very pipeline and holds the vectors to torch's, kept at export
(:mod:`embeddings.onnx_graph`): the same check as before, torch not needed for it.

Only what the default model does is written here (a Transformer, mean pooling, optionally
Normalize); any other model (a Dense layer, CLS pooling, a prompt) runs the ONNX graph under
its own torch modules, as before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.onnx_model import EXPORT_FILE, EXPORT_VERSION, Probe, read_export
from embeddings.tokenizing import Tokenize, Vocabulary

TOKENIZER_FILE = "tokenizer.json"
RECORD_KEY = "without_torch"  # in EXPORT_FILE: what the pipeline does beyond the graph


def unit(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1, as torch's ``normalize`` does (a zero row stays zero)."""
    norms = np.sqrt(np.einsum("ij,ij->i", rows, rows))[:, None]
    scaled: np.ndarray = rows / np.maximum(norms, np.float32(1e-12))
    return scaled


@dataclass(frozen=True)
class NumpyPipeline:
    """Tokenizer in, unit sentence vectors and token embeddings out, around a forward pass
    (the ONNX graph's): everything sentence-transformers did around it, in numpy."""

    tokenize: Tokenize
    vocabulary: Vocabulary
    normalize: bool  # the model ends with a Normalize module (its mean is made unit length)
    dimension: int

    def pool(self, features: dict[str, Any], run: Any) -> tuple[np.ndarray, np.ndarray]:
        """The batch's unit sentence vectors (the mask's tokens' mean) and token embeddings.

        The model's torch modules sum the same float32 numbers in another order: on the same
        graph output their vectors and these differ by at most 1.2e-7 on the shipped corpus
        (cosine 0.9999999), far under ONNX Runtime's own difference from torch (MIN_COSINE).
        """
        hidden = np.asarray(run(features), dtype=np.float32)
        mask = features["attention_mask"].astype(np.float32)[:, :, None]
        mean = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), np.float32(1e-9))
        return unit(unit(mean) if self.normalize else mean), hidden

    def save(self, directory: Path) -> dict[str, Any]:
        """Write the tokenizer beside the graph; return what to record in ``EXPORT_FILE``."""
        self.tokenize.save(directory / TOKENIZER_FILE)
        return {
            "tokenizer": self.tokenize.record() | self.vocabulary.record(),
            "pooling": "mean",
            "normalize": self.normalize,
            "dimension": self.dimension,
        }


def read(directory: Path, model_id: str) -> tuple[NumpyPipeline, dict[str, Any], Probe] | None:
    """The pipeline an earlier load of ``model_id`` kept in ``directory``, with the export's
    record and torch's probe vectors; None if any of it is missing, of another version or
    not as written (the encoder then loads the model with torch, which writes it again)."""
    try:
        record = json.loads((directory / EXPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("export_version") != EXPORT_VERSION:
        return None  # read_export says why, when the encoder loads with torch
    kept = record.get(RECORD_KEY)
    stored = read_export(directory, model_id) if isinstance(kept, dict) else None
    if stored is None or not isinstance(kept, dict):
        return None
    try:
        settings = kept["tokenizer"]
        tokenize = Tokenize.load(directory / TOKENIZER_FILE, settings)
        longest = settings["max_length"]
        vocabulary = Vocabulary(
            tokenize.backend, tuple(settings["special"]), None if longest is None else int(longest)
        )
        if kept["pooling"] != "mean":
            return None
        pipeline = NumpyPipeline(
            tokenize, vocabulary, bool(kept["normalize"]), int(kept["dimension"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pipeline, stored[0], stored[1]
