"""A quiz answer may name its quiz, so an answer sent late for an earlier quiz is not taken as
one to the quiz running.

Question ids count from ``q1`` in every quiz, and ``quiz.answer`` carried only the question's
id: an answer to quiz A's ``q1`` sent after quiz B started (a page left open, a client after a
reconnect) was scored as B's ``q1``. With ``quiz`` it is answered as A's: the result stored for
it when A's question was answered with that choice, else ``wrong_quiz``, nothing stored, and
the connection and session go on. Without ``quiz``, an answer is read as before.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.services import Services
from tests.server.test_quiz_answered_again import ASKED_TWICE, answer, resent, stored
from tests.server.test_store_refused_resume import before_pong, joined, resumed


@pytest.fixture
def services(both_services: Services) -> Services:
    """Each test here on SQLite, then on PostgreSQL: the earlier quiz's result is read back
    from the store, which each database keeps its own way."""
    return both_services


def begun(ws: Any, count: int, seed: int, seq: str) -> dict[str, Any]:
    """A "Who said it?" quiz of ``count`` questions drawn with ``seed``: its first question."""
    start = {"type": "quiz.start", "mode": "who_said", "count": count, "seed": seed, "seq": seq}
    return before_pong(ws, start)[0]


def of(question: dict[str, Any], choice: int, seq: str) -> dict[str, Any]:
    """An answer that names its question's quiz."""
    return {**answer(question, choice, seq), "quiz": question["quiz"]}


def two_quizzes(ws: Any) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """Quiz A's first question, what answering it (choice 1) brought, and quiz B's first
    question, waiting: A's second question was never answered."""
    a1 = begun(ws, 2, 7, "c2")
    first = before_pong(ws, of(a1, 1, "c3"))
    b1 = begun(ws, 2, 8, "c4")
    assert (a1["id"], b1["id"]) == ("q1", "q1") and a1["quiz"] != b1["quiz"]
    return a1, first, b1


ASKED_AGAIN = [*ASKED_TWICE, "quiz.start", "quiz.question"]  # A's q1, q2, then B's q1


def test_a_late_answer_to_an_earlier_quiz_gets_its_result_not_a_score_in_the_next(
    services: Services,
) -> None:
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        session, token = joined(ws)
        a1, first, b1 = two_quizzes(ws)
        late = before_pong(ws, of(a1, 1, "c5"))
        assert late == resent([first[0], b1], "c5")  # A's result as stored, then B's q1
        assert stored(services, session) == (ASKED_AGAIN, 1)
    with client.websocket_connect("/ws") as ws:  # after a reconnect, as on the same socket
        resumed(ws, token)
        assert ws.receive_json()["id"] == "q1"  # B's question, asked again
        assert before_pong(ws, of(a1, 1, "c1")) == resent([first[0], b1], "c1")
        taken = before_pong(ws, of(b1, 0, "c2"))  # B goes on from where it stood
        assert [(m["type"], m["quiz"], m["id"]) for m in taken] == [
            ("quiz.result", b1["quiz"], "q1"), ("quiz.question", b1["quiz"], "q2"),
        ]  # fmt: skip
        assert taken[0]["answered"] == 1
    assert stored(services, session) == (
        [*ASKED_AGAIN, "quiz.answer", "quiz.result", "quiz.question"],
        2,
    )


def test_a_late_answer_the_earlier_quiz_did_not_take_is_refused_wrong_quiz(
    services: Services,
) -> None:
    with TestClient(create_app(services)).websocket_connect("/ws") as ws:
        session, _ = joined(ws)
        a1, first, b1 = two_quizzes(ws)
        given, a, b = a1["choices"][1]["id"], a1["quiz"], b1["quiz"]
        a2 = first[1]
        refusals = [
            before_pong(ws, of(a1, 0, "c5")),  # another choice than the one stored
            before_pong(ws, of(a2, 0, "c6")),  # a question A never had answered
            before_pong(ws, {**of(a1, 1, "c7"), "quiz": "z00000000"}),  # no quiz of its
        ]
        waiting = f"Answer question 'q1' of quiz {b!r}, the one waiting."
        assert refusals == [
            [{"type": "error", "seq": seq, "code": "wrong_quiz", "field": "quiz",
              "message": f"This answer is not taken: {why}. {waiting}"}]
            for seq, why in [
                ("c5", f"quiz {a!r} is no longer running, and its question 'q1' was answered "
                       f"already, with {given!r}: an answer stored is not changed"),
                ("c6", f"quiz {a!r} is no longer running, and its question 'q2' was not "
                       "answered while it ran: only the question waiting takes an answer"),
                ("c7", "this session has no quiz 'z00000000'"),
            ]
        ]  # fmt: skip
        assert stored(services, session) == (ASKED_AGAIN, 1)  # nothing of them
        taken = before_pong(ws, of(b1, 1, "c8"))  # and the session goes on
        assert [(m["type"], m["quiz"], m["id"]) for m in taken] == [
            ("quiz.result", b, "q1"), ("quiz.question", b, "q2"),
        ]  # fmt: skip


def test_an_answer_naming_the_finished_quiz_at_its_score_screen(services: Services) -> None:
    """The same choice gets the result and the summary, as without ``quiz``; another choice,
    ``wrong_quiz`` saying no quiz is in progress (without ``quiz``: ``no_quiz``)."""
    with TestClient(create_app(services)).websocket_connect("/ws") as ws:
        session, _ = joined(ws)
        q1 = begun(ws, 1, 7, "c2")
        last = before_pong(ws, of(q1, 1, "c3"))
        assert [m["type"] for m in last] == ["quiz.result", "quiz.summary"]
        assert before_pong(ws, of(q1, 1, "c4")) == resent(last, "c4")
        other = before_pong(ws, of(q1, 0, "c5"))
        assert [(m["code"], m["message"]) for m in other] == [
            ("wrong_quiz", f"This answer is not taken: quiz {q1['quiz']!r} is no longer "
             f"running, and its question 'q1' was answered already, with "
             f"{q1['choices'][1]['id']!r}: an answer stored is not changed. No quiz is in "
             'progress; start one with {"type": "quiz.start", "mode": "who_said", "count": 5}.')
        ]  # fmt: skip
    kinds, answered = stored(services, session)
    assert (kinds, answered) == (["quiz.start", "quiz.question", "quiz.answer", "quiz.result",
                                  "quiz.summary"], 1)  # fmt: skip


def test_an_answer_without_quiz_is_read_as_before(services: Services) -> None:
    """Old clients: an answer naming no quiz is one to the question waiting, whatever quiz
    its ``id`` was of."""
    with TestClient(create_app(services)).websocket_connect("/ws") as ws:
        session, _ = joined(ws)
        a1, _, b1 = two_quizzes(ws)
        taken = before_pong(ws, answer(a1, 1, "c5"))
        assert [(m["type"], m["quiz"], m["id"]) for m in taken] == [
            ("quiz.result", b1["quiz"], "q1"), ("quiz.question", b1["quiz"], "q2"),
        ]  # fmt: skip
    assert stored(services, session) == (
        [*ASKED_AGAIN, "quiz.answer", "quiz.result", "quiz.question"],
        2,
    )
