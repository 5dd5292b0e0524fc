"""A batch's model inputs straight from the Rust tokenizer, where that is what
sentence-transformers' ``preprocess`` gives.

``preprocess`` wraps the Rust tokenizer in sentence-transformers' and transformers' bookkeeping
(modalities, prompts, padding strategies, conversion to tensors): 0.13-0.15 ms of a student's
line, which the tokenizer itself cuts in 0.03 ms, and a query is one line. :class:`Tokenize`
calls the tokenizer with the truncation and padding ``preprocess`` sets and builds the same
tensors; it is used only for a model for which it gave ``preprocess``'s inputs, bit for bit,
for every probe text alone and for all of them in one padded batch (:meth:`Tokenize.of`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# The model inputs a tokenizer's ``Encoding`` holds, by the names ``preprocess`` gives them.
_FIELDS = {"input_ids": "ids", "token_type_ids": "type_ids", "attention_mask": "attention_mask"}


@dataclass(frozen=True)
class Tokenize:
    """The Rust tokenizer of a model, set as ``preprocess`` sets it. Not safe to call from two
    threads at once (the tokenizer's settings are shared state): the encoder holds a lock."""

    backend: Any  # tokenizers.Tokenizer
    truncation: dict[str, Any] | None
    padding: dict[str, Any] | None
    tensors: tuple[str, ...]  # the inputs, in the order ``preprocess`` gives them
    others: dict[str, str]  # what else ``preprocess`` adds ({"modality": "text"})

    @classmethod
    def of(cls, model: Any, probes: Sequence[str]) -> Tokenize | None:
        """The fast path for ``model`` (a SentenceTransformer), or None where it does not give
        ``preprocess``'s inputs for ``probes`` (a slow tokenizer, a prompt, lower-casing done
        outside the tokenizer, inputs a tokenizer's encoding does not hold...)."""
        import torch

        backend = getattr(model.tokenizer, "backend_tokenizer", None)
        if backend is None or not probes:
            return None
        reference = model.preprocess(list(probes))  # leaves the tokenizer set as it sets it
        tensors = tuple(k for k, v in reference.items() if isinstance(v, torch.Tensor))
        others = {k: v for k, v in reference.items() if k not in tensors}
        if not set(tensors) <= set(_FIELDS) or not all(isinstance(v, str) for v in others.values()):
            return None  # inputs an encoding does not hold, or not as tensors
        fast = cls(backend, backend.truncation, backend.padding, tensors, others)
        for texts in [list(probes), *([text] for text in probes)]:
            expected = model.preprocess(texts)
            found, _ = fast(texts)
            if not _same(found, dict(expected)):
                return None
        return fast

    def __call__(self, texts: Sequence[str]) -> tuple[dict[str, Any], list[Any]]:
        """``preprocess``'s inputs for ``texts`` and the tokenizer's encoding of each text."""
        import torch

        if self.backend.truncation != self.truncation:  # another call set it otherwise
            if self.truncation is None:
                self.backend.no_truncation()
            else:
                self.backend.enable_truncation(**self.truncation)
        if self.backend.padding != self.padding:
            if self.padding is None:
                self.backend.no_padding()
            else:
                self.backend.enable_padding(**self.padding)
        encodings = self.backend.encode_batch(list(texts))
        features: dict[str, Any] = {
            name: torch.tensor([getattr(e, _FIELDS[name]) for e in encodings], dtype=torch.int64)
            for name in self.tensors
        }
        return features | self.others, encodings


def _same(found: dict[str, Any], expected: dict[str, Any]) -> bool:
    """The same keys in the same order, equal tensors (values, shape and type), equal rest."""
    import torch

    if list(found) != list(expected):
        return False
    for key, value in expected.items():
        if isinstance(value, torch.Tensor):
            other = found[key]
            if other.dtype != value.dtype or not torch.equal(other, value):
                return False
        elif found[key] != value:
            return False
    return True
