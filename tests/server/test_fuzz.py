"""Fuzzing the WebSocket: every message type and field, valid and hostile values, on a real server.

Each generated frame is followed by a ``ping`` with a marker ``seq``; everything the server
sends before the matching ``pong`` is its answer to the frame. The server must answer every
frame, never close the connection, never answer ``internal`` and never log a traceback.

The suite runs ``FUZZ_FRAMES`` (default 1,200) frames; the full run the README names:

    BACKCHANNEL_FUZZ_FRAMES=6000 python3 -m pytest -q tests/server/test_fuzz.py
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import server.addresses
import server.routers.ws
from server.client_messages import CLIENT_MESSAGES
from server.guard import RateLimit
from tests.server.conftest import SEED, LiveServer, Student, make_services

FRAMES = int(os.environ.get("BACKCHANNEL_FUZZ_FRAMES", "1200"))
PER_EXAMPLE = 12
SURROGATES = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])
TEXT = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8"), max_size=10).map(lambda t: t + "\u0000\u202e"),
    st.tuples(st.text(max_size=5), SURROGATES).map("".join),
    st.sampled_from(["", " ", "\t=1+1", "x" * 2001, "y" * 17_000, "Anatol, about Geneva."]),
)
INTEGERS = st.one_of(
    st.integers(-(2**60), 2**60),
    st.sampled_from([0, -1, 2**53, -(2**53), 2**53 - 1, 2**64, 10**30]),
)
JUNK = st.recursive(
    st.none() | st.booleans() | INTEGERS | st.floats(allow_nan=True) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
# Values that are right for each field, so that fuzzing reaches the states behind them.
VALID: dict[str, st.SearchStrategy[Any]] = {
    "student": st.sampled_from(["Ada", "Bo", "Ω Łukasz"]),
    "class": st.sampled_from(["HIST210", "hist210", None, "IR101", "NOPE"]),
    "resume": st.sampled_from(["bcr_x", "bcr_" + "a" * 43]),
    "learner": st.sampled_from(["bcl_x", "bcl_" + "b" * 43]),
    "as": st.sampled_from(["kissinger", "dobrynin"]),
    "document": st.sampled_from([None, SEED, "frus1969-76v12/d95", "frus1969-76v39/d999"]),
    "text": st.sampled_from(
        ["Anatol, about the conference in Geneva.", "Frankly, we are in no hurry.", "k"]
    ),
    "mode": st.sampled_from(["who_said", "what_next", "review"]),
    "count": st.integers(1, 3),
    "volume": st.sampled_from([None, "frus1969-76v39", "frus1969-76v99"]),
    "seed": st.integers(0, 5),
    "level": st.sampled_from([None, "clear", "subtle"]),
    "suggestion": st.integers(0, 3),
    "id": st.sampled_from(["q1", "q1", "q2", "q3", "l1"]),  # a question id, or a line id
    "answer": st.sampled_from(["a", "b", "c", "d", "kissinger", "dobrynin", "zz"]),
    "seq": st.one_of(st.integers(-5, 5), st.text(max_size=4)),
}
FIELDS = {
    "hello": ("student", "class", "resume", "learner"),
    "roleplay.start": ("as", "document"),
    "say": ("text", "id"),
    "pick": ("suggestion",),
    "quiz.start": ("mode", "count", "document", "volume", "seed", "level"),
    "quiz.answer": ("id", "answer"),
    "review.due": (),
    "ping": (),
}


assert set(FIELDS) == set(CLIENT_MESSAGES)  # a new message type must join the fuzzing


@st.composite
def message(draw: st.DrawFn) -> str:
    """One frame: a message of every type with each field valid, junk, or missing."""
    kind = draw(
        st.sampled_from([*FIELDS, "say", "say", "pick", "quiz.answer", "quiz.answer", "bogus"])
    )
    body: dict[str, Any] = {"type": kind if kind != "bogus" else draw(JUNK)}
    for name in (*FIELDS.get(kind, ()), "seq"):
        choice = draw(st.sampled_from(["valid", "valid", "valid", "junk", "missing"]))
        if choice == "valid":
            body[name] = draw(VALID[name])
        elif choice == "junk":
            body[name] = draw(JUNK)
    if draw(st.integers(0, 9)) == 0:
        body[draw(TEXT)] = draw(JUNK)  # an unknown field
    return json.dumps(body, allow_nan=True)


RAW = st.one_of(
    st.text(max_size=40),
    JUNK.map(lambda v: json.dumps(v, allow_nan=True)),
    st.sampled_from(
        [
            '{"type": "ping", "seq": ' + "9" * 5000 + "}",
            '{"type": "say", "text": "a", "count": -' + "1" * 4400 + "}",
            "[" * 5000 + "]" * 5000,
            '{"type": "ping"' + "," * 10 + "}",
        ]
    ),
)
FRAME = st.integers(0, 3).flatmap(lambda n: RAW if n == 0 else message())
# How examples begin, in turn, so that the frames after reach a session, a role-play, a quiz.
PROLOGUES = [
    [json.dumps(f) for f in frames]
    for frames in (
        [{"type": "hello", "student": "Ada", "class": "HIST210"}],
        [
            {"type": "hello", "student": "Bo"},
            {"type": "roleplay.start", "as": "kissinger", "document": None},
        ],
        [
            {"type": "hello", "student": "Cy", "class": "HIST210"},
            {"type": "roleplay.start", "as": "dobrynin", "document": SEED},
        ],
        [
            {"type": "hello", "student": "Di"},
            {"type": "quiz.start", "mode": "who_said", "count": 3, "document": SEED, "seed": 1},
        ],
        [
            {"type": "hello", "student": "Ed"},
            {"type": "quiz.start", "mode": "what_next", "count": 2, "seed": 2},
        ],
        [],
    )
]


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory, roleplay: Any) -> Iterator[LiveServer]:
    """A live server with the rate limits lifted: the fuzzer is meant to reach the handlers."""
    patch = pytest.MonkeyPatch()
    patch.setattr(server.routers.ws, "RateLimit", lambda **_: RateLimit(rate=1e6, burst=10**6))
    patch.setattr(server.addresses, "ADDRESS_RATE", 1e6)
    patch.setattr(server.addresses, "ADDRESS_BURST", 10**6)
    patch.setattr(server.addresses, "CLASS_ATTEMPTS", 10**6)
    services = make_services(tmp_path_factory.mktemp("fuzz"), roleplay)
    services.addresses.sessions_per_hour = 10**6
    live = LiveServer(services)
    yield live
    live.stop()
    services.store.close()
    patch.undo()


class Tally:
    examples = 0
    frames = 0
    kinds: ClassVar[Counter[str]] = Counter()
    answers: ClassVar[Counter[str]] = Counter()


def exchange(client: Student, frame: str, marker: int) -> list[dict[str, Any]]:
    """Send ``frame``, then a ping; the server's answers to the frame, in order."""
    client.send(frame)
    client.send({"type": "ping", "seq": f"m{marker}"})
    answers = []
    while True:
        answer = client.receive()
        if answer == {"type": "pong", "seq": f"m{marker}"}:
            return answers
        answers.append(answer)


def test_fuzzed_frames_never_break_the_connection(
    fuzzed: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    examples = FRAMES // PER_EXAMPLE

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(FRAME, min_size=PER_EXAMPLE, max_size=PER_EXAMPLE))
    def run(frames: list[str]) -> None:
        client = Student(fuzzed.url)
        Tally.examples += 1
        try:
            for frame in PROLOGUES[Tally.examples % len(PROLOGUES)]:
                exchange(client, frame, 0)
            for frame in frames:
                Tally.frames += 1
                try:
                    kind = json.loads(frame).get("type")
                except (ValueError, AttributeError, RecursionError):
                    kind = None
                Tally.kinds[kind if isinstance(kind, str) and kind in FIELDS else "other"] += 1
                answers = exchange(client, frame, Tally.frames)
                assert answers, f"no answer to {frame[:200]!r}"
                for answer in answers:
                    Tally.answers[answer.get("code", answer["type"])] += 1
                    assert answer.get("code") != "internal", (frame[:200], answer)
        finally:
            client.close()

    began = time.perf_counter()
    run()
    seconds = time.perf_counter() - began
    print(  # noqa: T201 - the figures of the run, shown with -s
        f"fuzz: {Tally.frames} frames in {seconds:.0f} s {dict(Tally.kinds)}; "
        f"answers {dict(Tally.answers)}"
    )
    assert Tally.frames >= examples * PER_EXAMPLE
    assert set(Tally.kinds) >= {*FIELDS, "other"}
    assert Tally.answers["reply"] and Tally.answers["quiz.result"]  # the fuzzer got deep
    problems = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert problems == [], [r.getMessage() for r in problems]
