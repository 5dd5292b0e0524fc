"""A session whose saved state cannot be read (the sessions table's ``state`` edited by hand,
or cut off half-written) is reported and kept, never a failed page: on SQLite it made the
instructor's session view answer 500, and on both stores the student's resume answered "The
server failed on this message", told nothing of why or how to go on."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from fastapi.testclient import TestClient

from server.services import Services
from server.store import Store
from server.store_postgres import PostgresStore
from server.store_sqlite import SQLiteStore
from server.unreadable import unreadable_state
from tests.server.conftest import two_classes
from tests.server.test_instructor import TEACHER, run_session

HALF = '{"activity": {"kind": "roleplay", "as": "kiss'  # a state cut off half-written
NOT_JSON = (
    "its data is not valid JSON (Unterminated string starting at: line 1 column 41 (char 40))"
)


def _overwrite(store: Store, session: str, text: str) -> None:
    """What a hand edit of the database does to one session's saved state."""
    if isinstance(store, SQLiteStore):
        with store._write() as db:
            db.execute("UPDATE sessions SET state = ? WHERE id = ?", (text, session))
    else:
        assert isinstance(store, PostgresStore)
        with store._write() as conn:
            conn.execute("UPDATE sessions SET state = %s::json WHERE id = %s", (text, session))


def _message(student: str, session: str, problem: str) -> str:
    return (
        f"The saved state of {student}’s session {session} could not be read: {problem}. It "
        "is kept as stored; every event of the session is read, but the session cannot be "
        "resumed. To fix it, restore the state from a backup of the database, or correct it "
        f"(table sessions, column state, id '{session}'): "
        '{"activity": null} resumes the session with nothing in progress.'
    )


def _told(found: Any) -> tuple[str, str, str, str, str]:
    return (found.session, found.student, found.problem, found.stored, found.message)


def test_a_state_that_is_not_an_object_or_not_a_state_is_reported(store: Store) -> None:
    """On both stores (a PostgreSQL JSON column holds valid JSON, but not always an object,
    and an object not always a state a resume can read)."""
    ada, kim = two_classes(store)
    _overwrite(store, ada.id, "[1]")
    record = store.session(ada.id)
    assert record is not None
    problem = "its data is a JSON array, not a JSON object of fields"
    assert (record.state, record.problem, record.stored) == ({}, problem, "[1]")
    found = unreadable_state(record)
    assert found is not None
    assert _told(found) == (ada.id, "Ada", problem, "[1]", _message("Ada", ada.id, problem))

    wrong = {"activity": {"kind": "quiz", "quiz": "z1"}}
    _overwrite(store, ada.id, json.dumps(wrong))
    record = store.session(ada.id)
    assert record is not None and record.problem is None
    found = unreadable_state(record)
    assert found is not None
    assert found.problem.startswith("its data lacks the fields 'activity.quiz.")
    assert json.loads(found.stored) == wrong
    assert found.message == _message("Ada", ada.id, found.problem)

    kept = store.session(kim.id)
    assert kept is not None and unreadable_state(kept) is None


def test_a_state_of_the_wrong_shape_is_shown_as_stored(store: Store) -> None:
    """A state that is a JSON object, or JSON of another kind, but not one a resume reads is
    shown as the database holds it, its spacing and its numbers' spelling kept: it was the
    decoded value written out again (json.dumps), on both stores for an object, and on
    PostgreSQL, whose driver decodes its JSON column, for an array too."""
    ada, _ = two_classes(store)
    text = '{"activity":{"kind":"quiz",   "quiz":"z1", "score":1.0E1}}'
    _overwrite(store, ada.id, text)
    record = store.session(ada.id)
    assert record is not None
    found = unreadable_state(record)
    assert found is not None
    assert found.problem.startswith("its data lacks the fields 'activity.quiz.")
    assert found.stored == text
    _overwrite(store, ada.id, "[1,  2.50]")
    record = store.session(ada.id)
    assert record is not None
    found = unreadable_state(record)
    assert found is not None
    assert (found.problem, found.stored) == (
        "its data is a JSON array, not a JSON object of fields",
        "[1,  2.50]",
    )


def test_the_instructor_reads_a_session_whose_state_is_half_written(
    client: TestClient, fixture_corpus: Any, services: Services
) -> None:
    """SQLite keeps any text: GET /api/sessions/{id} answered 500 (json.decoder.JSONDecodeError).
    Now it answers with every event of the session and the report, the state as stored."""
    run_session(client, fixture_corpus, "Ada", "HIST210")
    [listed] = client.get("/api/classes/HIST210/sessions", headers=TEACHER).json()
    session = listed["id"]
    before = client.get(f"/api/sessions/{session}", headers=TEACHER).json()
    assert before.get("unreadable_state") is None
    with sqlite3.connect(services.settings.data / "backchannel.sqlite3") as db:
        db.execute("UPDATE sessions SET state = ? WHERE id = ?", (HALF, session))

    response = client.get(f"/api/sessions/{session}", headers=TEACHER)
    assert response.status_code == 200
    detail = response.json()
    assert detail["unreadable_state"] == {
        "session": session,
        "student": "Ada",
        "problem": NOT_JSON,
        "stored": HALF,
        "message": _message("Ada", session, NOT_JSON),
    }
    assert {k: v for k, v in detail.items() if k != "unreadable_state"} == {
        k: v for k, v in before.items() if k != "unreadable_state"
    }
    assert len(detail["events"]) == 13 and len(detail["quiz"]) == 2


def test_a_student_resuming_it_is_told_and_nothing_is_written(
    client: TestClient, fixture_corpus: Any, services: Services
) -> None:
    """The resume failed in the welcome (SQLite: json.decoder.JSONDecodeError; a state of
    another shape: pydantic's ValidationError, after the session was claimed), the student
    told only "The server failed on this message … Try again". Now the student is told why and
    how to go on, the session is not claimed or written to, and a new session starts as ever."""
    played = run_session(client, fixture_corpus, "Ada", "HIST210")
    token = played["welcome"]["resume"]
    session = played["welcome"]["session"]
    database = services.settings.data / "backchannel.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("UPDATE sessions SET state = ? WHERE id = ?", (HALF, session))
    events = services.store.events(session)

    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "resume": token, "seq": 1})
        assert ws.receive_json() == {
            "type": "error",
            "seq": 1,
            "code": "unreadable_state",
            "field": "resume",
            "message": f"Your session {session} cannot be resumed: its saved state could not "
            f"be read ({NOT_JSON}). Nothing of it was changed: it is kept as stored, and "
            "whoever runs this server can mend it. Start a new session: join again with your "
            "name, and your class code if you have one.",
        }
        ws.send_json({"type": "hello", "student": "Ada", "class": "HIST210", "seq": 2})
        welcome = ws.receive_json()
        assert (welcome["type"], welcome["resumed"]) == ("welcome", False)
        assert welcome["session"] != session

    assert services.store.events(session) == events
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT state FROM sessions WHERE id = ?", (session,)).fetchone() == (
            HALF,
        )
