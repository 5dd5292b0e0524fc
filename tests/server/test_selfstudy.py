"""Self-study on a real server: misses come back first, choices hold, cards survive a restart."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from server.services import Services
from server.settings import Settings
from server.store_sqlite import SQLiteStore
from tests.server.conftest import LiveServer, Student

NAMES = {"kissinger", "dobrynin"}


def speaker_of(index: Any, prompt: dict[str, Any]) -> str:
    return index.turn(prompt["document"], prompt["turn"]).speaker


def send(
    student: Student, message: dict[str, Any], sleep: Callable[[float], None] = time.sleep
) -> dict[str, Any]:
    """Send, waiting out the rate limit (10 messages a second) as a client should."""
    while True:
        answer = student.ask(message)
        if answer.get("code") != "rate_limited":
            return answer
        sleep(answer["retry_after"] + 0.1)


def play(
    student: Student,
    start: dict[str, Any],
    answer: Any,
    sleep: Callable[[float], None] = time.sleep,
) -> list[dict[str, Any]]:
    """Run a quiz; ``answer(question)`` picks each choice. Returns the questions, then summary."""
    seen = []
    message = send(student, {"type": "quiz.start", **start}, sleep)
    while message["type"] == "quiz.question":
        seen.append(message)
        result = send(
            student, {"type": "quiz.answer", "id": message["id"], "answer": answer(message)}, sleep
        )
        assert result["type"] == "quiz.result", result
        message = student.receive()
    assert message["type"] == "quiz.summary", message
    return [*seen, message]


class SkippingClock:
    """The rate limiter's clock: real time plus the waits a test skipped. Four quizzes of 50
    questions are 204 messages, 9.2 s of waiting out 10 a second; told ``rate_limited``, the
    test moves this clock by ``retry_after`` (``sleep``) instead of sleeping it, and the
    server sees the same wait."""

    def __init__(self) -> None:
        self.skipped = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.skipped

    def sleep(self, seconds: float) -> None:
        self.skipped += seconds


@pytest.fixture
def server(tmp_path: Path, roleplay: Any) -> Any:
    """A live server on its own database; ``restart()`` stops it and starts a new one on it.
    Its connections limit their rate on ``clock``, which ``clock.sleep`` moves."""

    class Running:
        def __init__(self) -> None:
            self.live: LiveServer | None = None
            self.clock = SkippingClock()
            self.start()

        def start(self) -> None:
            store = SQLiteStore(tmp_path / "backchannel.sqlite3")
            services = Services.from_roleplay(Settings(data=tmp_path), store, roleplay)
            services.clock = self.clock
            self.live = LiveServer(services)

        def restart(self) -> None:
            self.stop()
            self.start()

        def stop(self) -> None:
            assert self.live is not None
            self.live.stop()
            self.live.services.store.close()

        def join(self, learner: str | None = None) -> tuple[Student, dict[str, Any]]:
            assert self.live is not None
            student = Student(self.live.url)
            hello: dict[str, Any] = {"type": "hello", "student": "Ada", "class": None}
            if learner:
                hello["learner"] = learner
            return student, student.ask(hello)

    running = Running()
    yield running
    running.stop()


def test_missed_items_come_back_first_after_a_restart(server: Any, roleplay: Any) -> None:
    index = roleplay.index
    student, welcome = server.join()
    token = welcome["learner"]
    misses: list[str] = []

    def miss_three(question: dict[str, Any]) -> str:
        truth = speaker_of(index, question["prompt"])
        if len(misses) < 3 and question["number"] in (2, 3, 5):
            misses.append(question["item"])
            return (NAMES - {truth}).pop()
        return truth

    *questions, summary = play(student, {"mode": "who_said", "count": 6, "seed": 5}, miss_three)
    assert len(questions) == 6 and summary["score"] == 3 and summary["due"] == 3
    assert [q["item"] for q in summary["questions"] if not q["correct"]] == misses
    student.close()  # the page is closed ...

    server.restart()  # ... and the server restarted: the cards are in the database
    student, welcome = server.join(token)
    assert (welcome["learner"], welcome["due"]) == (token, 3)
    *asked, summary = play(
        student, {"mode": "review", "count": 10}, lambda q: speaker_of(index, q["prompt"])
    )
    # exactly the three misses, the most recent first; nothing else is due yet
    assert [q["item"] for q in asked] == misses[::-1]
    assert {q["mode"] for q in asked} == {"who_said"} and summary["mode"] == "review"
    assert (summary["score"], summary["due"]) == (3, 0)
    refused = student.ask({"type": "quiz.start", "mode": "review", "count": 5})
    assert refused["code"] == "nothing_to_review"
    student.close()

    cards = {c.item: c for c in server.live.services.store.cards(welcome_learner_id(server, token))}
    assert all(cards[item].reviews == 2 and cards[item].missed is None for item in misses)


def test_each_answer_says_what_is_due_as_of_it(server: Any, roleplay: Any) -> None:
    """The due count comes with each quiz.result: asked for by the page after each answer, it
    spent half of a quick student's messages and ran into the rate limit mid-quiz."""
    student, welcome = server.join()
    assert welcome["due"] == 0
    question = send(student, {"type": "quiz.start", "mode": "who_said", "count": 3, "seed": 5})
    said = []
    for miss in (True, False, True):
        truth = speaker_of(roleplay.index, question["prompt"])
        given = (NAMES - {truth}).pop() if miss else truth
        result = send(student, {"type": "quiz.answer", "id": question["id"], "answer": given})
        said.append((result["correct"], result["due"], result.get("next_due") is not None))
        question = student.receive()
    # a miss is due at once; a right answer is due again in 10 minutes (next_due), not now
    assert said == [(False, 1, False), (True, 1, True), (False, 2, True)]
    assert (question["type"], question["due"]) == ("quiz.summary", 2)
    student.close()


def first_choice(question: dict[str, Any]) -> Any:
    return question["choices"][0]["id"]


def welcome_learner_id(server: Any, token: str) -> int:
    from server.store import hash_token

    return server.live.services.store.learner_by_token(hash_token(token)).id


def test_unseeded_quizzes_do_not_repeat_an_item_until_the_pool_is_used(server: Any) -> None:
    student, _ = server.join()
    start = {"mode": "what_next", "count": 50, "document": "frus1969-76v39/d107"}
    *first, _ = play(student, start, first_choice, server.clock.sleep)
    pool = {q["item"] for q in first}
    assert len(pool) == len(first) >= 5
    *second, _ = play(student, {**start, "count": 3}, first_choice, server.clock.sleep)
    # the whole pool was asked once: now items come back (the pool is used up) ...
    assert {q["item"] for q in second} <= pool
    student.close()
    other, _ = server.join()
    *part, _ = play(other, {**start, "count": 2}, first_choice, server.clock.sleep)
    *rest, _ = play(other, {**start, "count": 50}, first_choice, server.clock.sleep)
    other.close()
    # ... but before it is, a new quiz asks first what this learner has not seen, then repeats
    fresh = len(pool) - len(part)
    assert {q["item"] for q in rest[:fresh]} == pool - {q["item"] for q in part}
    assert {q["item"] for q in rest[fresh:]} == {q["item"] for q in part}


def test_what_next_choices_hold_on_200_questions(server: Any, encoder: Any) -> None:
    student, _ = server.join()
    questions: list[dict[str, Any]] = []
    for seed in itertools.count(1):
        start = {"mode": "what_next", "count": 50, "seed": seed}
        questions += play(student, start, first_choice, server.clock.sleep)[:-1]
        if len(questions) >= 200:
            break
    student.close()
    texts = sorted({c["text"] for q in questions for c in q["choices"]})
    vectors = dict(zip(texts, encoder.encode(texts), strict=True))
    for question in questions[:200]:
        choices = [c["text"] for c in question["choices"]]
        assert len(set(choices)) == 4
        assert all(len(text) <= 400 for text in choices)
        assert max(map(len, choices)) <= 2 * min(map(len, choices))
        for a, b in itertools.combinations(choices, 2):
            assert float(np.dot(vectors[a], vectors[b])) < 0.9, (a, b)
