"""Every store (SQLite and PostgreSQL): what it keeps, what it refuses, and that it survives a
reopen. The ``store`` fixture runs each test once per database."""

from __future__ import annotations

import pytest

from server.errors import ConfigError, NotFound
from server.store import Store, hash_token, new_token
from server.store_postgres import PostgresStore
from server.store_sqlite import SQLiteStore


def reopen(store: Store) -> Store:
    """A second store on the same database, as after a restart (or in another process)."""
    if isinstance(store, SQLiteStore):
        return SQLiteStore(store.path)
    assert isinstance(store, PostgresStore)
    return PostgresStore(store.url)


def test_add_instructor_finds_them_by_token_hash(store: Store) -> None:
    token = new_token("bci")
    ruiz = store.add_instructor("Prof. Ruiz", hash_token(token), ["HIST210", "HIST300"])
    assert ruiz.classes == ("HIST210", "HIST300")
    assert store.instructor_by_token(hash_token(token)) == ruiz
    assert store.instructor_by_token(token) is None


def test_add_instructor_refuses_duplicate_name(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    with pytest.raises(ConfigError) as err:
        store.add_instructor("ruiz", hash_token("b"), ["HIST300"])
    assert str(err.value) == (
        "An instructor named 'ruiz' already exists; `backchannel instructor classes ruiz "
        "--class CODE` gives them another class, `backchannel instructor token ruiz` prints a "
        "new token."
    )


def test_add_classes_refuses_class_of_other_instructor(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    store.add_instructor("Okafor", hash_token("b"), [])
    with pytest.raises(ConfigError) as err:
        store.add_classes("Okafor", ["hist210"])
    assert str(err.value) == (
        "Class 'hist210' already belongs to instructor 'Ruiz'; choose another class code."
    )
    assert store.add_classes("Okafor", ["IR101"]).classes == ("IR101",)


def test_replace_token_revokes_old_one(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("old"), ["HIST210"])
    store.replace_token("Ruiz", hash_token("new"))
    assert store.instructor_by_token(hash_token("old")) is None
    assert store.instructor_by_token(hash_token("new")).name == "Ruiz"


def test_create_session_refuses_unknown_class(store: Store) -> None:
    with pytest.raises(NotFound) as err:
        store.create_session(student="Ada", class_code="NOPE", token_hash=hash_token("t"))
    assert str(err.value) == "No class 'NOPE'; ask your instructor for the code."


def test_record_events_in_order_with_state(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    session = store.create_session(student="Ada", class_code="hist210", token_hash=hash_token("r"))
    assert session.class_code == "HIST210"
    store.record(session.id, "line", {"text": "Anatol, two things."})
    store.record(session.id, "reply", {"status": "match"}, state={"activity": {"kind": "x"}})
    assert [(e.seq, e.kind) for e in store.events(session.id)] == [(1, "line"), (2, "reply")]
    assert store.session_by_token(hash_token("r")).state == {"activity": {"kind": "x"}}


def test_reopen_store_keeps_everything(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    session = store.create_session(student="Ada", class_code="HIST210", token_hash=hash_token("r"))
    store.record(session.id, "line", {"text": "Don’t you pull any of these Brezhnev tricks"})
    store.close()
    again = reopen(store)
    assert again.events(session.id)[0].data == {
        "text": "Don’t you pull any of these Brezhnev tricks"
    }
    assert again.instructors()[0].classes == ("HIST210",)
    again.close()


def test_class_summaries_count_lines_and_quiz(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("a"), ["HIST210"])
    ada = store.create_session(student="Ada", class_code="HIST210", token_hash=hash_token("1"))
    ada2 = store.create_session(student="ada", class_code="HIST210", token_hash=hash_token("2"))
    bo = store.create_session(student="Bo", class_code="HIST210", token_hash=hash_token("3"))
    store.record(ada.id, "line", {"text": "a"})
    store.record(ada.id, "reply", {"script": {"closeness": 0.5}})
    store.record(ada2.id, "line", {"text": "b"})
    store.record(ada2.id, "reply", {"script": {"closeness": 0.75}})
    store.record(bo.id, "quiz.result", {"correct": True})
    store.record(bo.id, "quiz.result", {"correct": False})
    store.set_ended(bo.id, "2026-11-28T20:00:00.000Z")
    sessions = {s.id: s for s in store.class_sessions("HIST210")}
    assert (sessions[ada.id].lines, sessions[ada.id].quiz_total) == (1, 0)
    assert (sessions[bo.id].quiz_score, sessions[bo.id].quiz_total) == (1, 2)
    assert sessions[bo.id].ended == "2026-11-28T20:00:00.000Z"
    students = store.class_students("HIST210")
    assert [(s.student, s.sessions, s.lines, s.closeness_mean) for s in students] == [
        ("Ada", 2, 2, 0.625),
        ("Bo", 1, 0, None),
    ]
    assert store.classes(store.class_owner("HIST210"))[0].sessions == 3


def test_events_read_back_exactly_as_written(store: Store) -> None:
    session = store.create_session(student="Ada", class_code=None, token_hash=hash_token("r"))
    odd = {"text": "Nul \x00, tab \t, 'quotes' \"and\" \\ — Громыко 🙂", "z": 1, "a": [None, 2.5]}
    store.record(session.id, "line", odd, state={"activity": {"kind": "roleplay", "b": 1, "a": 2}})
    (event,) = store.events(session.id)
    assert event.data == odd
    assert list(event.data) == ["text", "z", "a"]  # key order as written, for exports
    assert list(store.session(session.id).state["activity"]) == ["kind", "b", "a"]


def test_student_names_and_class_codes_ignore_case(store: Store) -> None:
    store.add_instructor("ruiz", hash_token("a"), ["hist300", "HIST210", "Ir101"])
    assert store.instructors()[0].classes == ("HIST210", "hist300", "Ir101")
    first = store.create_session(student="Ada", class_code="HIST210", token_hash=hash_token("1"))
    again = store.create_session(student="ADA", class_code="hist210", token_hash=hash_token("2"))
    alone = store.create_session(student="ada", class_code=None, token_hash=hash_token("3"))
    store.create_session(student="Bo", class_code="hist210", token_hash=hash_token("4"))
    assert (first.student, again.student, again.class_code) == ("Ada", "Ada", "HIST210")
    assert (alone.student, alone.class_code) == ("ada", None)
    assert [(s.student, s.sessions) for s in store.class_students("HIST210")] == [
        ("Ada", 2),
        ("Bo", 1),
    ]
    assert [c.students for c in store.classes(store.class_owner("HIST210"))] == [2, 0, 0]


def test_state_is_kept_when_an_event_brings_none(store: Store) -> None:
    session = store.create_session(student="Ada", class_code=None, token_hash=hash_token("r"))
    store.record(session.id, "quiz.start", {}, state={"activity": {"kind": "quiz"}})
    assert store.record(session.id, "disconnect", {}).seq == 2
    store.set_ended(session.id, "2026-11-28T20:00:00.000Z")
    resumed = store.session_by_token(hash_token("r"))
    assert resumed.state == {"activity": {"kind": "quiz"}}
    assert resumed.ended == "2026-11-28T20:00:00.000Z"
    assert store.session("nope") is None and store.session_summary("nope") is None


def test_close_stale_ends_only_sessions_whose_holder_went_silent(store: Store) -> None:
    held, silent, ended = (
        store.create_session(student=name, class_code=None, token_hash=hash_token(name))
        for name in ("Ada", "Bo", "Cy")
    )
    store.record(silent.id, "connect", {"resumed": False})
    store.set_ended(ended.id, "2026-01-01T00:00:00.00Z")
    store.heartbeat([held.id], "2999-01-01T00:00:00.00Z")  # a live process says it holds it
    assert store.close_stale("2998-01-01T00:00:00.00Z") == 1
    assert store.session(held.id).ended is None
    assert store.session(silent.id).ended == store.events(silent.id)[-1].at  # last sign of life
    assert store.session(ended.id).ended == "2026-01-01T00:00:00.00Z"
    assert store.close_stale("2998-01-01T00:00:00.00Z") == 0
    store.heartbeat([held.id], "2999-01-01T00:00:01.00Z")  # a second beat updates the first
    assert store.close_stale("2999-01-01T00:00:00.50Z") == 0
