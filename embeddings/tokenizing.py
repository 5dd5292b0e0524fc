"""A batch's model inputs straight from the Rust tokenizer, where that is what
sentence-transformers' ``preprocess`` gives.

``preprocess`` wraps the Rust tokenizer in sentence-transformers' and transformers' bookkeeping
(modalities, prompts, padding strategies, conversion to tensors): 0.13-0.15 ms of a student's
line, which the tokenizer itself cuts in 0.03 ms, and a query is one line. :class:`Tokenize`
calls the tokenizer with the truncation and padding ``preprocess`` sets and builds the same
tensors; it is used only for a model for which it gave ``preprocess``'s inputs, bit for bit,
for every probe text alone and for all of them in one padded batch (:meth:`Tokenize.of`).

It builds numpy arrays, not torch's tensors, and is saved beside an exported ONNX graph
(:meth:`Tokenize.save`): a later encoder reads it back with the ``tokenizers`` library alone
(:meth:`Tokenize.load`), and neither sentence-transformers nor torch is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from embeddings.caches import atomic_write

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
        """``preprocess``'s inputs for ``texts`` (as numpy arrays) and the tokenizer's encoding
        of each text."""
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
            name: np.array([getattr(e, _FIELDS[name]) for e in encodings], dtype=np.int64)
            for name in self.tensors
        }
        return features | self.others, encodings

    def record(self) -> dict[str, Any]:
        """The settings, as :meth:`save` writes them beside the tokenizer's own file."""
        return {
            "truncation": self.truncation,
            "padding": self.padding,
            "tensors": list(self.tensors),
            "others": self.others,
        }

    def save(self, path: Path) -> None:
        """The Rust tokenizer as it runs here, to ``path`` (its JSON, ``tokenizer.json``'s
        format): the model's file may differ (transformers sets the post-processor, the
        padding and added tokens from the model's other files as it loads)."""
        text = self.backend.to_str().encode("utf-8")

        def write(fh: IO[bytes]) -> None:
            fh.write(text)

        atomic_write(path, write)

    @classmethod
    def load(cls, path: Path, record: dict[str, Any]) -> Tokenize:
        """What :meth:`save` wrote and :meth:`record` gave, read back with ``tokenizers``
        alone; ValueError or OSError if either is not as written."""
        from tokenizers import Tokenizer

        try:
            backend = Tokenizer.from_str(path.read_text(encoding="utf-8"))
        except Exception as exc:  # tokenizers raises its own Exception for a bad file
            raise ValueError(f"{path} is not a tokenizer ({exc})") from exc
        tensors, others = record["tensors"], record["others"]
        if not set(tensors) <= set(_FIELDS) or not isinstance(others, dict):
            raise ValueError(f"the tokenizer's settings beside {path} are not as written")
        return cls(backend, record["truncation"], record["padding"], tuple(tensors), others)


def _same(found: dict[str, Any], expected: dict[str, Any]) -> bool:
    """The same keys in the same order, equal arrays (values, shape and type), equal rest."""
    import torch

    if list(found) != list(expected):
        return False
    for key, value in expected.items():
        if isinstance(value, torch.Tensor):
            other = torch.from_numpy(found[key])
            if other.dtype != value.dtype or not torch.equal(other, value):
                return False
        elif found[key] != value:
            return False
    return True


@dataclass(frozen=True)
class Vocabulary:
    """What the encoder reads of its model's tokenizer besides the model's inputs: which word
    pieces are (parts of) words, and how many pieces a text is cut into."""

    backend: Any  # tokenizers.Tokenizer
    special: tuple[str, ...]  # the model's special tokens: [CLS], [SEP], [PAD]...
    max_length: int | None  # the model's longest input, in word pieces (None: no limit)

    def wordlike(self) -> np.ndarray:
        """For each vocabulary entry, whether it is (a piece of) a word, not [CLS], [SEP] or
        punctuation: only those take part in word-by-word matching (see embeddings.tokens)."""
        wordlike = np.zeros(self.backend.get_vocab_size(with_added_tokens=True), dtype=bool)
        special = set(self.special)
        for piece, i in self.backend.get_vocab(with_added_tokens=True).items():
            wordlike[i] = piece not in special and piece.removeprefix("##")[:1].isalnum()
        return wordlike

    def pieces(self, texts: Sequence[str]) -> list[int]:
        """How many word pieces the model is given of each text, special tokens counted: as
        transformers' tokenizer counts them with ``truncation=True`` at the longest input.
        Sets the tokenizer's shared settings: the caller holds the encoder's lock."""
        self.backend.no_padding()
        if self.max_length is None:
            self.backend.no_truncation()
        else:
            self.backend.enable_truncation(self.max_length)
        return [len(found.ids) for found in self.backend.encode_batch(list(texts))]

    def record(self) -> dict[str, Any]:
        return {"special": list(self.special), "max_length": self.max_length}
