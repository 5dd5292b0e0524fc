"""A quiz answer sent again for a question the quiz has moved past gets the result it got.

An answer names its question by ``id`` ("q1") within the quiz in progress. Answered, the
server moves on (the next question, or the summary), and the same answer sent again — a double
send, or a client that sends it again after a reconnect — was refused ``wrong_question``,
though it was no bad input. Now it is answered as the first time: the result stored for it,
and after it the question waiting (or the summary of the quiz it ended), neither scored nor
stored again, the quiz not moved on. Another choice for that question is still refused
``wrong_question``: the answer stored is the answer.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.services import Services
from tests.server.test_store_refused_again import events
from tests.server.test_store_refused_resume import before_pong, joined, resumed


@pytest.fixture
def services(both_services: Services) -> Services:
    """Each test here on SQLite, then on PostgreSQL (each keeps and reads events its own way)."""
    return both_services


def started(ws: Any, count: int) -> dict[str, Any]:
    """A "Who said it?" quiz of ``count`` questions (seed 7): its first question."""
    return before_pong(
        ws, {"type": "quiz.start", "mode": "who_said", "count": count, "seed": 7, "seq": "c2"}
    )[0]


def answer(question: dict[str, Any], choice: int, seq: str) -> dict[str, Any]:
    return {
        "type": "quiz.answer",
        "id": question["id"],
        "answer": question["choices"][choice]["id"],
        "seq": seq,
    }


def resent(first: list[dict[str, Any]], seq: str) -> list[dict[str, Any]]:
    """What answered a message, as it is sent again in answer to a message of ``seq``."""
    return [{**message, "seq": seq} for message in first]


def stored(services: Services, session: str) -> tuple[list[str], int]:
    """The session's events (their kinds) and how many answers the learner's log holds."""
    learner = services.store.session(session).learner
    assert learner is not None
    kinds = [kind for kind, _ in events(services, session)]
    return kinds, len(services.store.answers(learner))


ASKED_TWICE = ["quiz.start", "quiz.question", "quiz.answer", "quiz.result", "quiz.question"]


def test_an_answer_sent_twice_is_answered_twice_as_the_first_time(services: Services) -> None:
    with TestClient(create_app(services)).websocket_connect("/ws") as ws:
        session, _ = joined(ws)
        q1 = started(ws, 3)
        first = before_pong(ws, answer(q1, 1, "c3"))
        assert [(m["type"], m.get("id")) for m in first] == [
            ("quiz.result", "q1"), ("quiz.question", "q2"),
        ]  # fmt: skip
        assert (first[0]["answered"], first[1]["number"]) == (1, 2)
        assert before_pong(ws, answer(q1, 1, "c4")) == resent(first, "c4")
        assert stored(services, session) == (ASKED_TWICE, 1)
        q2 = first[1]
        second = before_pong(ws, answer(q2, 0, "c5"))  # the quiz goes on from where it stood
        assert [(m["type"], m.get("id")) for m in second] == [
            ("quiz.result", "q2"), ("quiz.question", "q3"),
        ]  # fmt: skip
        assert second[0]["answered"] == 2
        assert before_pong(ws, answer(q1, 1, "c6")) == resent([first[0], second[1]], "c6")
    assert stored(services, session) == ([*ASKED_TWICE, "quiz.answer", "quiz.result",
                                          "quiz.question"], 2)  # fmt: skip


def test_another_choice_for_a_question_moved_past_is_still_wrong_question(
    services: Services,
) -> None:
    with TestClient(create_app(services)).websocket_connect("/ws") as ws:
        session, _ = joined(ws)
        q1 = started(ws, 3)
        first = before_pong(ws, answer(q1, 1, "c3"))
        given = q1["choices"][1]["id"]
        assert before_pong(ws, answer(q1, 0, "c4")) == [
            {
                "type": "error",
                "seq": "c4",
                "code": "wrong_question",
                "message": f"Question 'q1' was answered already, with {given!r}; an answer "
                "stored is not changed. Answer 'q2', the question waiting.",
                "field": "id",
            }
        ]
        unknown = before_pong(ws, {**answer(q1, 1, "c5"), "id": "q9"})
        assert [(m["code"], m["message"]) for m in unknown] == [
            ("wrong_question", "Question 'q9' is not the one waiting for an answer; answer 'q2'.")
        ]
        assert before_pong(ws, answer(q1, 1, "c6")) == resent(first, "c6")
    assert stored(services, session) == (ASKED_TWICE, 1)


def test_an_answer_sent_again_after_a_reconnect_gets_its_stored_result(
    services: Services,
) -> None:
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        session, token = joined(ws)
        q1 = started(ws, 3)
        first = before_pong(ws, answer(q1, 0, "c3"))
    with client.websocket_connect("/ws") as ws:
        welcome = resumed(ws, token)
        assert welcome["state"]["activity"]["answered"] == 1
        asked = ws.receive_json()  # the question the session stands at, asked again
        assert {**asked, "seq": None} == {**first[1], "seq": None}
        assert before_pong(ws, answer(q1, 0, "c1")) == resent(first, "c1")
        other = before_pong(ws, answer(q1, 1, "c2"))
        assert [(m["type"], m["code"]) for m in other] == [("error", "wrong_question")]
    kinds, answered = stored(services, session)
    assert (kinds, answered) == (ASKED_TWICE, 1)


def test_a_quizs_last_answer_sent_again_gets_its_result_and_the_summary(
    services: Services,
) -> None:
    """On the score screen, on the same connection and after a reconnect; another choice is
    answered ``no_quiz`` as any answer after the quiz, and once a role-play started, the last
    answer too."""
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        session, token = joined(ws)
        q1 = started(ws, 1)
        last = before_pong(ws, answer(q1, 1, "c3"))
        assert [m["type"] for m in last] == ["quiz.result", "quiz.summary"]
        assert before_pong(ws, answer(q1, 1, "c4")) == resent(last, "c4")
    with client.websocket_connect("/ws") as ws:
        welcome = resumed(ws, token)
        assert welcome["state"]["summary"]["quiz"] == q1["quiz"]
        assert before_pong(ws, answer(q1, 1, "c1")) == resent(last, "c1")
        other = before_pong(ws, answer(q1, 0, "c2"))
        assert [(m["type"], m["code"]) for m in other] == [("error", "no_quiz")]
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        assert ws.receive_json()["type"] == "roleplay.ready"
        after = before_pong(ws, answer(q1, 1, "c3"))
        assert [(m["type"], m["code"]) for m in after] == [("error", "no_quiz")]
    kinds, answered = stored(services, session)
    assert kinds == ["quiz.start", "quiz.question", "quiz.answer", "quiz.result",
                     "quiz.summary", "roleplay.start"]  # fmt: skip
    assert answered == 1
