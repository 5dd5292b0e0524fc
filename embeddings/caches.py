"""Files written whole or not at all, and the disk caches of encoder output built on them.

A rebuild encodes only what changed: sentence vectors and word-token vectors already computed
are kept on disk, keyed by a hash of the text, under a directory per (model, backend,
dimension), so vectors of two models or of torch and ONNX Runtime never mix. Each batch of
new entries is one shard, written under a temporary name and renamed (a crash never leaves
half a shard, and nothing is rewritten); when shards pile up they are compacted into one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

import numpy as np

log = logging.getLogger(__name__)

KEY_BYTES = 16


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write ``path`` through ``write(file)`` under a temporary name, then rename it in place.

    Readers (another server process mapping the index) see the old file or the new one, never
    a half-written one; a failed write leaves the old file and no temporary behind.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(path: Path, data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    def write(fh: IO[bytes]) -> None:
        fh.write(text)

    atomic_write(path, write)


def save_npy(path: Path, array: np.ndarray) -> None:
    atomic_write(path, lambda fh: np.save(fh, array))


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=KEY_BYTES).digest()


def cache_directory(root: Path, model_id: str, backend: str, dimension: int) -> Path:
    """Where one (model, backend)'s cached vectors live."""
    slug = hashlib.blake2b(model_id.encode("utf-8"), digest_size=8).hexdigest()
    return Path(root) / f"{slug}-{dimension}-{backend}"


class ShardCache:
    """Arrays keyed by text hash, loaded from every shard at open, appended one shard per put.

    Subclasses say how a batch of arrays is laid out in a shard (``_pack``/``_unpack``). A
    shard that cannot be read (a crash of the disk, not of this code: shards are renamed into
    place whole) is skipped and deleted; its texts are simply encoded again.
    """

    MAX_SHARDS = 32

    def __init__(self, directory: Path, dimension: int) -> None:
        self.directory = Path(directory)
        self.dimension = dimension
        self._entries: dict[bytes, np.ndarray] = {}
        for shard in self._shards():
            try:
                with np.load(shard) as data:
                    entries = list(self._unpack({name: data[name] for name in data.files}))
            except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
                log.warning("Skipping the unreadable cache shard %s (%s).", shard, exc)
                shard.unlink(missing_ok=True)
                continue
            for key, value in entries:
                if value.ndim == 2 and value.shape[1] == dimension:  # else not ours to use
                    self._entries[key] = value

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, text: str) -> bool:
        return text_key(text) in self._entries

    def missing(self, texts: Sequence[str]) -> list[str]:
        """The distinct texts not in the cache, in first-seen order."""
        return list({t: None for t in texts if text_key(t) not in self._entries})

    def _get(self, texts: Sequence[str]) -> list[np.ndarray]:
        return [self._entries[text_key(t)] for t in texts]

    def _put(self, texts: Sequence[str], values: Sequence[np.ndarray]) -> None:
        fresh: dict[bytes, np.ndarray] = {}
        for text, value in zip(texts, values, strict=True):
            key = text_key(text)
            if key not in self._entries:
                fresh[key] = self._entries[key] = value
        if not fresh:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        shards = self._shards()
        compact = len(shards) >= self.MAX_SHARDS
        if compact:  # one shard with everything replaces them all
            fresh = self._entries
        number = int(shards[-1].stem.split("-")[1]) + 1 if shards else 0
        keys = np.frombuffer(b"".join(fresh), dtype=np.uint8).reshape(len(fresh), KEY_BYTES)
        arrays = self._pack(list(fresh.values()))

        def write(fh: IO[bytes]) -> None:
            np.savez(fh, keys=keys, **arrays)  # type: ignore[arg-type]  # numpy's stub: **kwds

        atomic_write(self.directory / f"shard-{number:06d}.npz", write)
        if compact:
            for old in shards:
                old.unlink(missing_ok=True)

    def _shards(self) -> list[Path]:
        return sorted(self.directory.glob("shard-*.npz"))

    def _pack(self, values: list[np.ndarray]) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def _unpack(self, data: dict[str, np.ndarray]) -> Iterator[tuple[bytes, np.ndarray]]:
        raise NotImplementedError


class VectorCache(ShardCache):
    """Sentence vectors (one float32 row per text); a shard holds ``keys`` and ``vectors``.

    ``part`` names a subdirectory for vectors kept apart from the texts' own (the chatter
    examples', keyed by what each vector is)."""

    def __init__(
        self, root: Path, model_id: str, dimension: int, *, backend: str, part: str = ""
    ) -> None:
        super().__init__(cache_directory(root, model_id, backend, dimension) / part, dimension)

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store vectors computed elsewhere (with token vectors, in the same forward pass)."""
        self._put(texts, [v[None, :] for v in np.asarray(vectors, dtype=np.float32)])

    def get(self, texts: Sequence[str]) -> np.ndarray:
        """The cached vectors of ``texts`` (all of which must be in the cache)."""
        return np.concatenate(self._get(texts)) if texts else np.zeros((0, self.dimension))

    def encode(
        self, texts: Sequence[str], encode: Callable[[Sequence[str]], np.ndarray]
    ) -> tuple[np.ndarray, int]:
        """Vectors for ``texts``, calling ``encode`` only on texts not seen before.

        Returns the vectors and how many texts were encoded.
        """
        missing = self.missing(texts)
        if missing:
            self.put(missing, encode(missing))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, row in enumerate(self._get(texts)):
            out[i] = row[0]
        return out, len(missing)

    def _pack(self, values: list[np.ndarray]) -> dict[str, np.ndarray]:
        return {"vectors": np.concatenate(values).astype(np.float32)}

    def _unpack(self, data: dict[str, np.ndarray]) -> Iterator[tuple[bytes, np.ndarray]]:
        for key, vector in zip(data["keys"], data["vectors"], strict=True):
            yield bytes(key), vector[None, :]


class TokenCache(ShardCache):
    """Word-token vectors (a block of rows per text); a shard holds ``keys``, ``offsets`` and
    ``rows``, text ``j`` owning ``rows[offsets[j]:offsets[j + 1]]``."""

    def __init__(self, root: Path, model_id: str, dimension: int, *, backend: str) -> None:
        super().__init__(cache_directory(root, model_id, backend, dimension) / "tokens", dimension)

    def put(self, texts: Sequence[str], blocks: Sequence[np.ndarray]) -> None:
        self._put(
            texts, [np.asarray(b, dtype=np.float32).reshape(-1, self.dimension) for b in blocks]
        )

    def blocks(self, texts: Sequence[str]) -> list[np.ndarray]:
        return self._get(texts)

    def _pack(self, values: list[np.ndarray]) -> dict[str, np.ndarray]:
        offsets = np.zeros(len(values) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(v) for v in values])
        rows = np.concatenate(values) if offsets[-1] else np.zeros((0, self.dimension))
        return {"offsets": offsets, "rows": rows.astype(np.float32)}

    def _unpack(self, data: dict[str, np.ndarray]) -> Iterator[tuple[bytes, np.ndarray]]:
        offsets, rows = data["offsets"], data["rows"]
        if rows.ndim != 2:
            return
        for j, key in enumerate(data["keys"]):
            yield bytes(key), rows[offsets[j] : offsets[j + 1]]


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks (an index manifest records one per file)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
