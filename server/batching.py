"""An encoder wrapper that answers many students' lines in one model call.

Encoding dominates a reply (the search after it is a fraction of a millisecond), and a
transformer encodes a batch of texts for much less than the sum of encoding them one by one.
So one thread owns the model: workers hand it their texts and wait; it takes everything that
queued up while it was busy and encodes it together. One student alone sees a single thread
hop; a class of a hundred shares each model call.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

MAX_TEXTS = 64


class _Request:
    __slots__ = ("done", "error", "prefixes", "texts", "tokens", "vectors")

    def __init__(self, texts: list[str], prefixes: list[str | None]) -> None:
        self.texts = texts
        self.prefixes = prefixes
        self.done = threading.Event()
        self.vectors: np.ndarray | None = None
        self.tokens: list[np.ndarray] = []
        self.error: BaseException | None = None


class BatchingEncoder:
    """Same interface as ``embeddings.Encoder`` (``model_id``, ``dimension``, ``encode``,
    ``encode_tokens``, ``similarity``), safe to call from many threads at once."""

    def __init__(self, encoder: Any, *, max_texts: int = MAX_TEXTS) -> None:
        self.encoder = encoder
        self.model_id: str = encoder.model_id
        self.dimension: int = encoder.dimension
        self.max_texts = max_texts
        self._queue: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="batching-encoder", daemon=True)
        self._thread.start()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_tokens(texts)[0]

    def encode_tokens(
        self, texts: Sequence[str], prefixes: Sequence[str | None] | None = None
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        request = _Request(list(texts), list(prefixes or [None] * len(texts)))
        if not request.texts:
            return self.encoder.encode_tokens([])
        self._queue.put(request)
        request.done.wait()
        if request.error is not None:
            raise request.error
        assert request.vectors is not None
        return request.vectors, request.tokens

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.encode([a, b])
        return float(va @ vb)

    def _serve(self) -> None:
        while True:
            batch = [self._queue.get()]
            size = len(batch[0].texts)
            while size < self.max_texts:
                try:
                    request = self._queue.get_nowait()
                except queue.Empty:
                    break
                batch.append(request)
                size += len(request.texts)
            try:
                vectors, tokens = self.encoder.encode_tokens(
                    [t for r in batch for t in r.texts], [p for r in batch for p in r.prefixes]
                )
                start = 0
                for request in batch:
                    stop = start + len(request.texts)
                    request.vectors, request.tokens = vectors[start:stop], tokens[start:stop]
                    start = stop
            except BaseException as exc:  # every waiter gets the model's error, not a hang
                for request in batch:
                    request.error = exc
            finally:
                for request in batch:
                    request.done.set()
