"""A quiz answer the store kept part of counts once, whatever choice comes for its question
next; and a question the store refused to keep when it was asked is kept when the session
resumes, and asked.

The page drops a message refused for the store when its connection is lost (channel.js): the
server asks the question the session stands at again after the welcome, and the student
answers it again, perhaps with another choice. The answer's first try had kept its
``quiz.answer`` and, before its result was refused, its card: the second choice was stored
and scored again, two answers logged for one question and the card rescheduled twice. Now
the answer the store kept is the answer: the question answered again gets its result.

A non-final answer stores its answer, card and result, then asks the next question, storing
it as asked. That write refused and the connection lost, the resumed session asked the next
question without storing it: the instructor's transcript had its answer without the question
as the student read it, and a summary made again on a later resume (server/unfinished.py)
counted only the questions stored.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.services import Services
from server.store_refusals import database_busy, not_stored
from tests.server.test_store_refused_again import events, refuse_once, refused
from tests.server.test_store_refused_resume import answer_refused, before_pong, resumed


def _logged(services: Services, session: str) -> list[tuple[str, bool]]:
    """The learner's answers as their progress logs them: each item and whether it was right."""
    learner = services.store.session(session).learner
    assert learner is not None
    return [(a.item, a.correct) for a in services.store.answers(learner)]


@pytest.mark.parametrize("refused_write", ["quiz.result", "answer"])
@pytest.mark.parametrize("resume", [True, False])
def test_a_kept_answer_counts_once_whatever_choice_comes_again(
    services: Services, refused_write: str, resume: bool
) -> None:
    """Refused at its result (its card kept) or at its card, after a resume or on the same
    connection, the question answered again with its other choice gets the kept answer's
    result: one answer stored, one logged."""
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        session, token, question, answer = answer_refused(
            ws, services, refused_write, lambda: database_busy("a lock is held elsewhere"),
            "database_busy",
        )  # fmt: skip
        other = {**answer, "answer": question["choices"][1]["id"], "seq": "c4"}
        if resume:
            ws.close()
            ws = client.websocket_connect("/ws").__enter__()
            resumed(ws, token)
            asked = ws.receive_json()  # the question it stands at, asked again
            assert (asked["type"], asked["id"]) == ("quiz.question", question["id"])
        got = before_pong(ws, other)
        ws.close()
    assert [(m["type"], m["seq"]) for m in got] == [("quiz.result", "c4"), ("quiz.question", "c4")]
    result, following = got
    kept = answer["answer"]
    assert (result["id"], result["given"], result["answered"]) == (question["id"], kept, 1)
    assert result["correct"] == (kept == result["answer"])
    assert result["score"] == int(result["correct"])
    assert following["number"] == 2
    assert _logged(services, session) == [(question["item"], result["correct"])]
    stored = events(services, session)
    assert [kind for kind, _ in stored] == [
        "quiz.start", "quiz.question", "quiz.answer", "quiz.result", "quiz.question",
    ]  # fmt: skip
    assert stored[2][1]["answer"] == kept
    assert stored[3][1]["given"] == kept


def test_another_question_s_answer_is_its_own(services: Services) -> None:
    """A guard: the kept answer is met only by an answer to its own question; the next
    question's answer, after the kept one's result, is stored and logged as its own."""
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        session, token, question, answer = answer_refused(
            ws, services, "quiz.result", lambda: database_busy("a lock is held elsewhere"),
            "database_busy",
        )  # fmt: skip
    with client.websocket_connect("/ws") as ws:
        resumed(ws, token)
        ws.receive_json()  # the first question again
        first, second = before_pong(ws, {**answer, "answer": question["choices"][1]["id"]})
        last = {"type": "quiz.answer", "id": second["id"], "answer": answer["answer"], "seq": "c5"}
        result, summary = before_pong(ws, last)
    assert (result["id"], result["given"], result["answered"]) == (second["id"], last["answer"], 2)
    assert [q["given"]["id"] for q in summary["questions"]] == [answer["answer"], last["answer"]]
    assert _logged(services, session) == [
        (question["item"], first["correct"]),
        (second["item"], result["correct"]),
    ]


def test_a_question_refused_when_asked_is_stored_when_the_session_resumes(
    services: Services,
) -> None:
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        # the answer's result is kept, then the next question's write refused
        session, token, question, answer = answer_refused(
            ws, services, "quiz.question", lambda: not_stored(OSError("disk I/O error")),
            "not_stored",
        )  # fmt: skip
    with client.websocket_connect("/ws") as ws:
        welcome = resumed(ws, token)
        # the answer's feedback (a reloaded page shows it), then the next question
        feedback = welcome["state"]["feedback"]
        assert (feedback["question"]["id"], feedback["result"]["given"]) == (
            question["id"], answer["answer"],
        )  # fmt: skip
        asked = ws.receive_json()
        assert (asked["type"], asked["number"], asked["total"]) == ("quiz.question", 2, 2)
        stored = events(services, session)
        assert [kind for kind, _ in stored] == [
            "quiz.start",
            "quiz.question",
            "quiz.answer",
            "quiz.result",
            "quiz.question",
        ]  # fmt: skip  (the old: no second quiz.question)
        assert _as_sent(stored[-1][1]) == _as_sent(asked)
        last = {"type": "quiz.answer", "id": asked["id"], "answer": "kissinger", "seq": "c5"}
        refuse_once(services, "quiz.summary", lambda: not_stored(OSError("disk I/O error")))
        refused(ws, last, "not_stored")
    with client.websocket_connect("/ws") as ws:  # the summary made again: both questions in it
        shown = resumed(ws, token)["state"]["summary"]
        assert [q["item"] for q in shown["questions"]] == [question["item"], asked["item"]]
        assert [q["given"]["id"] for q in shown["questions"]] == [answer["answer"], "kissinger"]
        assert shown["total"] == 2


def _as_sent(question: dict[str, Any]) -> dict[str, Any]:
    """A question's own fields, stored or sent: its id, item, prompt, choices and context."""
    return {k: question[k] for k in ("id", "item", "prompt", "choices", "context")}
