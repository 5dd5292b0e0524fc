"""A session with an event its store cannot read (a row edited by hand, or cut off
half-written) is still resumed: the instructor's pages report such a row and read the rest
(9261db7), but the resume read the same events and took every one for what its kind says, so
the student's reload lost the session. The row is left out of what the resume rebuilds and
kept as stored."""

from __future__ import annotations

from typing import Any

import pytest

from server.store_sqlite import SQLiteStore
from tests.server.conftest import SEED, LiveServer, Student
from tests.server.test_unreadable import HALF, NOT_JSON, _overwrite
from tests.server.test_ws import _speaker_of, _unsent, hello


def _seq(store: SQLiteStore, session: str, kind: str) -> int:
    """The sequence number of the session's last stored event of ``kind``."""
    return [e.seq for e in store.events(session) if e.kind == kind][-1]


def _resume(live: LiveServer, welcome: dict[str, Any]) -> tuple[Student, dict[str, Any]]:
    again = Student(live.url)
    return again, again.ask({"type": "hello", "resume": welcome["resume"]})


def _first_answered(
    live: LiveServer, corpus: Any, name: str, count: int
) -> tuple[Student, dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A student's quiz of ``count`` questions, the first answered right: the connection, its
    welcome, the question and its result."""
    first = Student(live.url)
    welcome = hello(first, name=name)
    question = first.ask(
        {"type": "quiz.start", "mode": "who_said", "count": count, "document": SEED, "seed": 5}
    )
    truth = _speaker_of(corpus, question["prompt"])
    answered = first.ask({"type": "quiz.answer", "id": "q1", "answer": truth})
    return first, welcome, question, answered


def _break(live: LiveServer, welcome: dict[str, Any], kind: str, text: str) -> int:
    """Overwrite the data of the session's last ``kind`` event with ``text``; its number."""
    store = live.services.store
    assert isinstance(store, SQLiteStore)
    seq = _seq(store, welcome["session"], kind)
    _overwrite(store, welcome["session"], seq, text)
    return seq


def test_a_quiz_whose_last_result_is_unreadable_resumes_without_its_feedback(
    live: LiveServer, fixture_corpus
) -> None:
    first, welcome, _, _ = _first_answered(live, fixture_corpus, "Ida", 3)
    pending = first.receive()
    first.close()
    _break(live, welcome, "quiz.result", HALF)

    again, resumed = _resume(live, welcome)
    assert (resumed["type"], resumed["resumed"], resumed["student"]) == ("welcome", True, "Ida")
    # the result cannot be shown again: no feedback, rather than a feedback made up
    assert "feedback" not in resumed["state"]
    assert again.receive() == pending  # the waiting question, asked again
    result = again.ask({"type": "quiz.answer", "id": "q2", "answer": "kissinger"})
    assert (result["type"], result["id"], result["answered"]) == ("quiz.result", "q2", 2)
    again.close()


def test_a_finished_quiz_whose_summary_is_unreadable_resumes_on_no_activity(
    live: LiveServer, fixture_corpus
) -> None:
    first, welcome, question, answered = _first_answered(live, fixture_corpus, "Jo", 1)
    assert first.receive()["type"] == "quiz.summary"
    first.close()
    _break(live, welcome, "quiz.summary", "[1]")

    again, resumed = _resume(live, welcome)
    feedback = {"question": _unsent(question), "result": _unsent(answered)}
    assert resumed["state"] == {"activity": None, "feedback": feedback}
    again.close()


def test_a_role_play_whose_reply_is_unreadable_resumes_and_answers_the_next_line(
    live: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    first = Student(live.url)
    welcome = hello(first, name="Kim")
    first.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
    first.ask({"type": "say", "text": "We need an answer on Berlin.", "id": "l1"})
    first.close()
    seq = _break(live, welcome, "reply", HALF)

    again, resumed = _resume(live, welcome)
    assert resumed["state"]["activity"]["kind"] == "roleplay"
    # whoever keeps the database is told which row, what is wrong and how to fix it
    (told,) = [r.getMessage() for r in caplog.records if r.name == "server.unreadable"]
    at = live.services.store.events(welcome["session"])[seq - 1].at
    assert told == (
        f"Event {seq} (reply, {at}) of session {welcome['session']} could not be read on "
        f"resuming the session, and is left out of what it stood at: {NOT_JSON}. To fix it, "
        "restore the event from a backup of the database, or correct its data (table events, "
        f"session_id '{welcome['session']}', seq {seq})."
    )
    reply = again.ask({"type": "say", "text": "Tell Moscow we are ready.", "id": "l2"})
    assert (reply["type"], reply["query"]) == ("reply", "Tell Moscow we are ready.")
    again.close()
