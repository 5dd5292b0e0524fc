"""A PostgreSQL database that already holds a NUL (U+0000) in a stored event, written before
server.nul refused one where it comes in, still gives the instructor every view of the class.

PostgreSQL's JSON column keeps the ``\\u0000`` escape, but its JSON operators cannot turn it
into text: every query that looked into such an event (``data->>'correct'``, a reply's
closeness) failed, and the class's students, sessions, exports, struggles and live feed were
each a 500 for as long as the event was kept.

A session's saved ``state`` is a JSON column too, and holds the student's words: the refused
line whose offered lines a pick answers (``offer.query``). No query looks into it (it is read as
text and decoded in Python), so a NUL there failed nothing when this was checked: that test is
kept as a guard, with the state as stored left unchanged by every read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.services import Services
from server.settings import Settings
from server.store import hash_token
from server.store_postgres import PostgresStore
from tests.server.conftest import SEED, TEACHER_TOKEN
from tests.server.test_pick import NEAR

TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
LINE = "Anatol, about this morning: we might accept an exploratory meeting in Geneva."
VIEWS = (
    "students",
    "sessions",
    "export.json",
    "export.csv",
    "struggles",
    "live",
    "deck.apkg",
)


@pytest.fixture
def database(postgres) -> str:
    return postgres.database()


@pytest.fixture
def app(database: str, tmp_path: Path, roleplay: Any) -> Iterator[TestClient]:
    store = PostgresStore(database)
    store.add_instructor("Ruiz", hash_token(TEACHER_TOKEN), ["HIST210"])
    services = Services.from_roleplay(Settings(data=tmp_path), store, roleplay)
    yield TestClient(create_app(services), raise_server_exceptions=False)
    store.close()


def _play(app: TestClient) -> None:
    with app.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Ada", "class": "HIST210"})
        assert ws.receive_json()["type"] == "welcome"
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": SEED})
        assert ws.receive_json()["type"] == "roleplay.ready"
        ws.send_json({"type": "say", "text": LINE})
        assert ws.receive_json()["type"] == "reply"
        ws.send_json({"type": "quiz.start", "mode": "who_said", "count": 1})
        question = ws.receive_json()
        assert question["type"] == "quiz.question"
        choice = question["choices"][0]["id"]
        ws.send_json({"type": "quiz.answer", "id": question["id"], "answer": choice})
        assert ws.receive_json()["type"] == "quiz.result"


def _nul_in_the_line(database: str) -> int:
    """Put a NUL into the student's line wherever it is stored (its ``line`` event, the reply's
    record of it), as a server before server.nul stored one: the events changed."""
    with psycopg.connect(database, autocommit=True) as db:
        changed = db.execute(
            "UPDATE events SET data = replace(data::text, 'Anatol,', 'Anatol,\\u0000')::json "
            "WHERE data::text LIKE '%Anatol,%'"
        ).rowcount
        [[kept]] = db.execute("SELECT count(*) FROM events WHERE data::text LIKE '%\\u0000%'")
    assert kept == changed
    return changed


def test_a_stored_nul_leaves_every_instructor_view_of_the_class_readable(
    app: TestClient, database: str
) -> None:
    _play(app)
    assert _nul_in_the_line(database) >= 1
    answers = {view: app.get(f"/api/classes/HIST210/{view}", headers=TEACHER) for view in VIEWS}
    assert {view: a.status_code for view, a in answers.items()} == dict.fromkeys(VIEWS, 200)
    [student] = answers["students"].json()
    assert (student["student"], student["lines"]) == ("Ada", 1)
    [session] = answers["sessions"].json()
    transcript = app.get(f"/api/sessions/{session['id']}", headers=TEACHER)
    assert transcript.status_code == 200
    lines = [e["data"]["text"] for e in transcript.json()["events"] if e["kind"] == "line"]
    assert lines == [LINE.replace("Anatol,", "Anatol,\u0000")]  # as stored, NUL and all


SAID = (  # answered from the seed document's first line (tests/web/flows.py SEED_LINE)
    "Anatol, two things about our talks this morning. On the MBFR conference, we might be "
    "prepared to have an exploratory meeting of ambassadors, say in Geneva."
)


def _refused(app: TestClient) -> dict[str, Any]:
    """A student's line answered (the class's deck has a card), then one refused with
    recorded lines offered; the welcome (its resume token)."""
    with app.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Bea", "class": "HIST210"})
        welcome = ws.receive_json()
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        assert ws.receive_json()["type"] == "roleplay.ready"
        ws.send_json({"type": "say", "text": SAID})
        assert ws.receive_json()["status"] == "match"
        ws.send_json({"type": "say", "text": NEAR})
        refused = ws.receive_json()
        assert (refused["status"], len(refused["suggestions"])) == ("no_match", 2)
    return welcome


def _state(database: str, session: str) -> str:
    with psycopg.connect(database, autocommit=True) as db:
        [[text]] = db.execute("SELECT state::text FROM sessions WHERE id = %s", (session,))
    return text


def _nul_in_the_state(database: str, session: str) -> str:
    """Put a NUL into the refused line the session's state keeps for its offer, as a server
    before server.nul saved one; the state as stored then."""
    with psycopg.connect(database, autocommit=True) as db:
        db.execute(
            "UPDATE sessions SET state = replace(state::text, 'anatol?', 'anatol?\\u0000')::json "
            "WHERE id = %s",
            (session,),
        )
    state = _state(database, session)
    assert '"query": "when are you back from moscow, anatol?\\u0000"' in state
    return state


def _views(app: TestClient, session: str) -> dict[str, Any]:
    """Every instructor view of the class and of the session (whole, and what is new after its
    first event), each answering 200; their answers."""
    answers = {view: app.get(f"/api/classes/HIST210/{view}", headers=TEACHER) for view in VIEWS}
    answers["session"] = app.get(f"/api/sessions/{session}", headers=TEACHER)
    answers["session after"] = app.get(f"/api/sessions/{session}?after=1", headers=TEACHER)
    assert {view: a.status_code for view, a in answers.items()} == dict.fromkeys(answers, 200)
    return answers


def test_a_saved_state_holding_a_nul_resumes_and_every_view_reads(
    app: TestClient, database: str
) -> None:
    welcome = _refused(app)
    session = welcome["session"]
    stored = _nul_in_the_state(database, session)

    views = _views(app, session)
    assert views["session"].json()["unreadable_state"] is None  # resumable, as it is
    assert [s["student"] for s in views["sessions"].json()] == ["Bea"]
    assert _state(database, session) == stored  # read, never rewritten by a read

    with app.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "resume": welcome["resume"]})
        again = ws.receive_json()
        assert (again["type"], again["resumed"], again["session"]) == ("welcome", True, session)
        assert again["state"]["activity"]["kind"] == "roleplay"
        ws.send_json({"type": "pick", "suggestion": 1})  # the offer the state kept
        picked = ws.receive_json()
        assert (picked["type"], picked["status"], picked["picked"]) == ("reply", "picked", 1)
        assert picked["matches"][0]["prompt"]["document"] == "frus1969-76v12/d188"
        ws.send_json({"type": "say", "text": SAID})
        assert ws.receive_json()["status"] == "match"

    detail = _views(app, session)["session"].json()
    lines = [x["line"] for x in detail["exchanges"]]
    assert lines == [SAID, NEAR, SAID]
    assert [x["status"] for x in detail["exchanges"]] == ["match", "picked", "match"]
