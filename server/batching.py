"""Who gets the model next, and an encoder wrapper that answers many lines in one model call.

Encoding dominates a reply (the search after it is a fraction of a millisecond), and a
transformer encodes a batch of texts for much less than the sum of encoding them one by one.
So the model runs one call at a time, and a call takes everything that queued up while the
previous one ran (leader and followers): the worker that finds the model free runs it itself,
for its own texts and whatever else waits; the others wait, and one of them leads the next
call. One student alone sees no thread hop (a thread that owned the model cost each lone line
two: to it and back); a class of a hundred shares each model call.

Which lines reach the model is decided fairly between client addresses
(:class:`FairScheduler`): the worker slots go round-robin to the addresses that wait, and one
address holds only a few at once, so a client flooding from a hundred sockets fills neither
the slots nor the batches, and an honest student's line waits behind at most a few of its.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import anyio.to_thread
import numpy as np

if TYPE_CHECKING:
    from embeddings.encoder import TextEncoder

MAX_TEXTS = 64
T = TypeVar("T")
# The address of the client whose message is being handled; set once per connection.
client_address: ContextVar[str] = ContextVar("client_address", default="")


class FairScheduler:
    """Runs blocking calls in worker threads, ``slots`` at a time, shared fairly by address.

    A free slot goes to the waiting address that runs the fewest calls (round-robin between
    equals), and no address holds more than ``per_address`` slots, so lines from one address
    queue behind each other, not in front of everyone else's.
    """

    def __init__(self, slots: int, per_address: int) -> None:
        self.slots, self.per_address = slots, per_address
        self.running: Counter[str] = Counter()
        self.waiting: OrderedDict[str, deque[asyncio.Future[None]]] = OrderedDict()
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a worker thread once this client's turn has come."""
        if self._limiter is None:  # created inside the event loop, where anyio wants it
            self._limiter = anyio.CapacityLimiter(self.slots)
        address = client_address.get()
        await self._acquire(address)
        try:
            call = functools.partial(fn, *args, **kwargs)
            return await anyio.to_thread.run_sync(call, limiter=self._limiter)
        finally:
            self._release(address)

    async def _acquire(self, address: str) -> None:
        if not self.waiting and self._free() and self.running[address] < self.per_address:
            self.running[address] += 1
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(address, deque()).append(turn)
        self._dispatch()
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # granted as the caller went away
                self._release(address)
            else:
                self._forget(address, turn)
            raise

    def _free(self) -> bool:
        return self.running.total() < self.slots

    def _release(self, address: str) -> None:
        self.running[address] -= 1
        if self.running[address] <= 0:
            del self.running[address]
        self._dispatch()

    def _forget(self, address: str, turn: asyncio.Future[None]) -> None:
        queued = self.waiting.get(address)
        if queued is not None and turn in queued:
            queued.remove(turn)
            if not queued:
                del self.waiting[address]

    def _dispatch(self) -> None:
        """Hand free slots out: to the waiting address running the fewest calls, in turn."""
        while self._free():
            ready = [a for a in self.waiting if self.running[a] < self.per_address]
            if not ready:
                return
            address = min(ready, key=self.running.__getitem__)  # fewest running; then in turn
            queued = self.waiting[address]
            turn = queued.popleft()
            if queued:
                self.waiting.move_to_end(address)  # the others go first next time
            else:
                del self.waiting[address]
            if not turn.done():
                self.running[address] += 1
                turn.set_result(None)


class _Request:
    __slots__ = ("error", "finished", "prefixes", "texts", "tokens", "vectors")

    def __init__(self, texts: list[str], prefixes: list[str | None]) -> None:
        self.texts = texts
        self.prefixes = prefixes
        self.finished = False  # set under the encoder's lock, with the results
        self.vectors: np.ndarray | None = None
        self.tokens: list[np.ndarray] = []
        self.error: BaseException | None = None


class BatchingEncoder:
    """An ``embeddings.TextEncoder`` like the encoder it wraps (``model_id``, ``dimension``,
    ``encode``, ``encode_tokens``, ``similarity``, ``piece_words``), safe to call from many
    threads at once."""

    def __init__(self, encoder: TextEncoder, *, max_texts: int = MAX_TEXTS) -> None:
        self.encoder = encoder
        self.model_id: str = encoder.model_id
        self.dimension: int = encoder.dimension
        self.max_texts = max_texts
        self._turn = threading.Condition()  # guards _waiting, _running and each .finished
        self._waiting: deque[_Request] = deque()
        self._running = False

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_tokens(texts)[0]

    def encode_tokens(
        self, texts: Sequence[str], prefixes: Sequence[str | None] | None = None
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        request = _Request(list(texts), list(prefixes or [None] * len(texts)))
        if not request.texts:
            return self.encoder.encode_tokens([])
        with self._turn:
            self._waiting.append(request)
        while True:  # more than max_texts may wait ahead of ours: then several calls
            with self._turn:
                while self._running and not request.finished:
                    self._turn.wait()
                if request.finished:
                    break
                self._running = True
                batch = self._next_batch()
            self._encode(batch)
        if request.error is not None:
            raise request.error
        assert request.vectors is not None
        return request.vectors, request.tokens

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.encode([a, b])
        return float(va @ vb)

    def piece_words(self, text: str) -> list[str]:
        return self.encoder.piece_words(text)

    def whole_words(self) -> frozenset[str]:
        return self.encoder.whole_words()

    def _next_batch(self) -> list[_Request]:
        """The requests waiting longest, up to ``max_texts`` texts (at least one request)."""
        batch = [self._waiting.popleft()]
        size = len(batch[0].texts)
        while self._waiting and size + len(self._waiting[0].texts) <= self.max_texts:
            size += len(self._waiting[0].texts)
            batch.append(self._waiting.popleft())
        return batch

    def _encode(self, batch: list[_Request]) -> None:
        """One model call for ``batch``, outside the lock; then the model is free again."""
        error: BaseException | None = None
        try:
            vectors, tokens = self.encoder.encode_tokens(
                [t for r in batch for t in r.texts], [p for r in batch for p in r.prefixes]
            )
        except BaseException as exc:  # every waiter gets the model's error, not a hang
            error = exc
        with self._turn:
            start = 0
            for request in batch:
                if error is None:
                    stop = start + len(request.texts)
                    request.vectors, request.tokens = vectors[start:stop], tokens[start:stop]
                    start = stop
                request.error = error
                request.finished = True
            self._running = False
            self._turn.notify_all()
