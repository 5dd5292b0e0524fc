"""A stored event that cannot be read (a row edited by hand, or cut off half-written) is
reported and kept, never a failed page: one such row made the session's transcript, the class's
exports, deck, struggles, live history and (SQLite) its session and student lists answer 500,
and every good event of the class was lost to its instructor with it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from typing import Any

from fastapi.testclient import TestClient

from server.live import recent
from server.services import Services
from server.store import Event, Store
from server.store_postgres import PostgresStore
from server.store_sqlite import SQLiteStore
from server.struggles import struggles
from tests.server.conftest import start, two_classes
from tests.server.test_instructor import TEACHER, run_session

HALF = '{"query": "Anatol, about this'  # a row cut off half-written
NOT_JSON = (
    "its data is not valid JSON (Unterminated string starting at: line 1 column 11 (char 10))"
)


def _overwrite(store: Store, session: str, seq: int, text: str) -> None:
    """What a hand edit of the database does to one event's data."""
    if isinstance(store, SQLiteStore):
        with store._write() as db:
            db.execute(
                "UPDATE events SET data = ? WHERE session_id = ? AND seq = ?", (text, session, seq)
            )
    else:
        assert isinstance(store, PostgresStore)
        with store._write() as conn:
            conn.execute(
                "UPDATE events SET data = %s::json WHERE session_id = %s AND seq = %s",
                (text, session, seq),
            )


def _message(student: str, session: str, seq: int, kind: str, at: str, problem: str) -> str:
    return (
        f"Event {seq} ({kind}, {at}) of {student}’s session {session} could not be read: "
        f"{problem}. It is left out here and kept as stored; every other event is read. To fix "
        "it, restore the event from a backup of the database, or correct its data (table "
        f"events, session_id '{session}', seq {seq})."
    )


def _played(store: Store) -> str:
    """Ada's session in HIST210: a refused line, then a quiz question answered wrong."""
    ada, _ = two_classes(store)
    store.record(ada.id, "roleplay.start", {"as": "kissinger", "document": None})
    store.record(ada.id, "line", {"text": "Lunch?"})
    store.record(
        ada.id, "reply", {"query": "Lunch?", "status": "no_match", "matches": [], "score": None}
    )
    store.record(ada.id, "line", {"text": "Tanks?"})
    store.record(
        ada.id, "reply", {"query": "Tanks?", "status": "no_match", "matches": [], "score": None}
    )
    store.record(ada.id, "quiz.question", {"quiz": "z1", "id": "q1", "mode": "who_said"})
    store.record(
        ada.id,
        "quiz.result",
        {"quiz": "z1", "id": "q1", "correct": False, "given": "kissinger", "answer": "dobrynin"},
    )
    return ada.id


def test_an_event_whose_data_is_not_an_object_is_reported_by_every_reader(store: Store) -> None:
    """On both stores (a PostgreSQL JSON column holds valid JSON, but not always an object)."""
    ada = _played(store)
    _overwrite(store, ada, 3, "[1]")
    problem = "its data is a JSON array, not a JSON object of fields"
    third = store.events(ada)[2]
    assert (third.seq, third.kind, third.data, third.problem, third.stored) == (
        3,
        "reply",
        {},
        problem,
        "[1]",
    )
    message = _message("Ada", ada, 3, "reply", third.at, problem)

    [session] = store.class_sessions("HIST210")
    assert (session.lines, session.quiz_score, session.quiz_total) == (2, 0, 1)
    [student] = store.class_students("HIST210")
    assert (student.lines, student.quiz_total) == (2, 1)

    found = struggles([(session, store.events(ada))], ())
    assert [u.line for u in found.unanswered] == ["Tanks?"]
    assert [(u.seq, u.kind, u.problem, u.stored, u.message) for u in found.unreadable] == [
        (3, "reply", problem, "[1]", message)
    ]
    assert [(m.question, m.missed) for m in found.missed] == [("", 1)]

    told = recent(store, "HIST210")
    assert [(m["seq"], m["kind"], "unreadable" in m) for m in told] == [
        (1, "roleplay.start", False),
        (2, "line", False),
        (3, "reply", True),
        (4, "line", False),
        (5, "reply", False),
        (7, "quiz.result", False),
    ]
    assert told[2]["unreadable"]["message"] == message
    assert told[2]["unreadable"]["stored"] == "[1]"


def test_a_half_written_row_leaves_the_class_lists_and_the_feed_whole(tmp_path: Any) -> None:
    """SQLite keeps any text: the session and student lists read it with json_extract, which
    failed the whole query on one row that does not parse (sqlite3.OperationalError)."""
    store = SQLiteStore(tmp_path / "backchannel.sqlite3")
    ada = _played(store)
    _overwrite(store, ada, 5, HALF)
    fifth = store.events(ada)[4]
    assert (fifth.data, fifth.problem, fifth.stored) == ({}, NOT_JSON, HALF)
    [session] = store.class_sessions("HIST210")
    assert (session.lines, session.quiz_score, session.quiz_total) == (2, 0, 1)
    assert [s.lines for s in store.class_students("HIST210")] == [2]
    assert store.events_after(ada, 4)[0] == Event(5, fifth.at, "reply", {}, NOT_JSON, HALF)
    [item] = [m for m in recent(store, "HIST210") if m["seq"] == 5]
    assert item["unreadable"]["message"] == _message("Ada", ada, 5, "reply", fifth.at, NOT_JSON)
    kim = start(store, "Kim", "IR101", "kim2")
    assert store.events(kim.id) == []
    store.close()


def test_the_instructor_reads_a_session_and_its_class_around_an_unreadable_event(
    client: TestClient, fixture_corpus: Any, services: Services
) -> None:
    """The session's reply (4) cut off half-written, its first quiz result (8) without
    ``correct``: every instructor route answers with the rest and reports both, their data as
    stored. Before, each answered 500."""
    run_session(client, fixture_corpus, "Ada", "HIST210")
    [listed] = client.get("/api/classes/HIST210/sessions", headers=TEACHER).json()
    session = listed["id"]
    database = services.settings.data / "backchannel.sqlite3"
    with sqlite3.connect(database) as db:
        (result,) = db.execute(
            "SELECT data FROM events WHERE session_id = ? AND seq = 8", (session,)
        ).fetchone()
        lacking = json.loads(result)
        del lacking["correct"]
        stored = json.dumps(lacking, ensure_ascii=False)
        db.execute("UPDATE events SET data = ? WHERE session_id = ? AND seq = 4", (HALF, session))
        db.execute("UPDATE events SET data = ? WHERE session_id = ? AND seq = 8", (stored, session))
    lacks = "its data lacks the field 'correct'"
    at = {e.seq: e.at for e in services.store.events(session)}
    reports = [
        (4, "reply", NOT_JSON, HALF, _message("Ada", session, 4, "reply", at[4], NOT_JSON)),
        (8, "quiz.result", lacks, stored, _message("Ada", session, 8, "quiz.result", at[8], lacks)),
    ]

    def told(found: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [(u["seq"], u["kind"], u["problem"], u["stored"], u["message"]) for u in found]

    response = client.get(f"/api/sessions/{session}", headers=TEACHER)
    assert response.status_code == 200
    detail = response.json()
    assert [e["seq"] for e in detail["events"]] == [1, 2, 3, 5, 6, 7, 9, 10, 11, 12, 13]
    assert (detail["exchanges"], [q["seq"] for q in detail["quiz"]]) == ([], [11])
    assert told(detail["unreadable"]) == reports

    exported = client.get("/api/classes/HIST210/export.json", headers=TEACHER).json()
    assert told(exported["sessions"][0]["unreadable"]) == reports

    text = client.get("/api/classes/HIST210/export.csv", headers=TEACHER).text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["activity"], r["unreadable"], r["stored"]) for r in rows] == [
        ("unreadable", reports[0][4], HALF),
        ("unreadable", reports[1][4], stored),
        ("quiz.who_said", "", ""),
    ]

    found = client.get("/api/classes/HIST210/struggles", headers=TEACHER).json()
    assert told(found["unreadable"]) == reports
    assert [(s["lines"], s["quiz_total"]) for s in found["students"]] == [(0, 1)]

    live = client.get("/api/classes/HIST210/live", headers=TEACHER).json()
    assert [(m["seq"], m["unreadable"]["message"]) for m in live if "unreadable" in m] == [
        (4, reports[0][4]),
        (8, reports[1][4]),
    ]

    deck = client.get("/api/classes/HIST210/deck.apkg", headers=TEACHER)
    assert deck.status_code == 200
    assert deck.headers["X-Backchannel-Unreadable"] == (
        f"2 stored events could not be read and are left out: event 4 (reply) of session "
        f"{session}; event 8 (quiz.result) of session {session}. The session's transcript says "
        "what is wrong and shows the event as stored."
    )
