"""The batching encoder: concurrent callers share model calls and get their own vectors."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from server.batching import BatchingEncoder


class Counting:
    """The real encoder, counting its calls and holding the first until the rest queue up."""

    def __init__(self, encoder: Any, gate: threading.Event) -> None:
        self.encoder, self.gate = encoder, gate
        self.model_id, self.dimension = encoder.model_id, encoder.dimension
        self.calls: list[int] = []
        self.busy = threading.Event()

    def encode_tokens(self, texts: Sequence[str], prefixes: Sequence[str | None]):
        self.busy.set()
        self.gate.wait(timeout=30)
        self.calls.append(len(texts))
        return self.encoder.encode_tokens(texts, prefixes)


LINES = [
    "Anatol, two things about our discussions this morning.",
    "Don’t you pull any of these Brezhnev tricks on me.",
    "What about the conference?",
    "We are in no insane hurry about that.",
    "I will send it to Moscow tonight.",
    "The President would like an answer by Friday.",
]


def test_encode_from_many_threads_batches_and_matches_direct(encoder: Any) -> None:
    gate = threading.Event()
    counting = Counting(encoder, gate)
    batching = BatchingEncoder(counting)
    results: dict[int, np.ndarray] = {}

    def call(i: int) -> None:
        results[i] = batching.encode([LINES[i]])

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(LINES))]
    threads[0].start()
    assert counting.busy.wait(timeout=30)  # the first line is in the model, held there
    for t in threads[1:]:
        t.start()
    deadline = time.monotonic() + 30
    while len(batching._waiting) < len(LINES) - 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    gate.set()
    for t in threads:
        t.join(timeout=30)
    assert counting.calls == [1, len(LINES) - 1]
    direct = encoder.encode(LINES)
    for i in range(len(LINES)):
        assert results[i].shape == (1, encoder.dimension)
        np.testing.assert_allclose(results[i][0], direct[i], atol=1e-5)
    assert batching.similarity(LINES[0], LINES[0]) == pytest.approx(1.0, abs=1e-5)


def test_encode_tokens_keeps_each_callers_prefix(encoder: Any) -> None:
    batching = BatchingEncoder(Counting(encoder, threading.Event()))
    batching.encoder.gate.set()
    labelled = "I will send it to Moscow tonight. (the Soviet Union)"
    vectors, tokens = batching.encode_tokens([labelled], ["I will send it to Moscow tonight."])
    direct_vectors, direct_tokens = encoder.encode_tokens(
        [labelled], ["I will send it to Moscow tonight."]
    )
    np.testing.assert_allclose(vectors, direct_vectors, atol=1e-5)
    assert len(tokens) == 1 and tokens[0].shape == direct_tokens[0].shape == (7, 384)


def test_encode_passes_model_errors_to_every_caller() -> None:
    class Broken:
        model_id, dimension = "broken", 3

        def encode_tokens(self, texts: Sequence[str], prefixes: Sequence[str | None]):
            raise RuntimeError("the model is gone")

    with pytest.raises(RuntimeError, match="the model is gone"):
        BatchingEncoder(Broken()).encode(["a line"])


def test_a_lone_line_is_encoded_in_the_callers_thread_and_big_queues_split() -> None:
    class Recording:
        model_id, dimension = "recording", 2

        def __init__(self) -> None:
            self.threads: list[str] = []
            self.sizes: list[int] = []

        def encode_tokens(self, texts: Sequence[str], prefixes: Sequence[str | None]):
            self.threads.append(threading.current_thread().name)
            self.sizes.append(len(texts))
            vectors = np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)
            return vectors, [np.zeros((0, 2), np.float32) for _ in texts]

    recording = Recording()
    batching = BatchingEncoder(recording, max_texts=3)
    assert batching.encode(["four"]).tolist() == [[4.0, 1.0]]
    assert recording.threads == [threading.current_thread().name]  # no hand-over
    # Five requests of two texts queued behind a busy model: calls of at most three texts,
    # each request in one call, first come first served, every caller its own vectors.
    first = batching._turn
    with first:
        batching._running = True  # as if another caller held the model
    results: dict[int, list[list[float]]] = {}

    def call(i: int) -> None:
        results[i] = batching.encode(["x" * i, "y" * (i + 10)]).tolist()

    threads = [threading.Thread(target=call, args=(i,), name=f"caller-{i}") for i in range(5)]
    for t in threads:
        t.start()
        deadline = time.monotonic() + 30
        while len(batching._waiting) < threads.index(t) + 1 and time.monotonic() < deadline:
            time.sleep(0.005)
    with first:
        batching._running = False
        first.notify_all()
    for t in threads:
        t.join(timeout=30)
    assert recording.sizes[1:] == [2, 2, 2, 2, 2]
    assert all(name.startswith("caller-") for name in recording.threads[1:])
    assert results == {i: [[float(i), 1.0], [float(i + 10), 1.0]] for i in range(5)}
