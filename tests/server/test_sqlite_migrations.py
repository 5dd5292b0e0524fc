"""SQLite schema migrations: each from the schema before it; sessions stored by older versions."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from server.errors import ConfigError, Displaced
from server.sqlite_migrations import MIGRATIONS, Migration, migrate, schema_version
from server.store import hash_token
from server.store_sqlite import SQLiteStore

SEED = "frus1969-76v39/d107"


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _tables(db: sqlite3.Connection) -> set[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")
    return {name for (name,) in rows if not name.startswith("sqlite_")}


def test_migrations_are_numbered_in_order_and_the_store_runs_them_all(tmp_path: Path) -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    store = SQLiteStore(tmp_path / "b.sqlite3")
    store.close()
    db = _connect(tmp_path / "b.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema_version() == len(MIGRATIONS)


def test_migration_1_creates_the_schema_on_an_empty_database(tmp_path: Path) -> None:
    db = _connect(tmp_path / "b.sqlite3")
    assert migrate(db, target=1) == 1
    assert _tables(db) >= {
        "instructors",
        "classes",
        "students",
        "sessions",
        "events",
        "students_by_class",
        "sessions_by_student",
    }
    assert migrate(db, target=1) == 1  # running it again changes nothing


# A database as version 1 of the store wrote it: an instructor with a class, a student's
# session in the middle of a play-through and a quiz, with events (state in the shape the
# dict-based engines stored).
ROLEPLAY_STATE = {
    "activity": {
        "kind": "roleplay",
        "as": "kissinger",
        "document": SEED,
        "position": 2,
        "lines": 1,
        "closeness": [0.7012],
    }
}


def _version_1_database(path: Path, state: dict[str, Any]) -> None:
    db = _connect(path)
    migrate(db, target=1)
    db.execute(
        "INSERT INTO instructors (id, name, token_hash, created) VALUES (1, 'Ruiz', ?, ?)",
        (hash_token("bci_ruiz"), "2026-11-28T19:00:00Z"),
    )
    db.execute("INSERT INTO classes VALUES ('HIST210', 1, '2026-11-28T19:00:00Z')")
    db.execute("INSERT INTO students (id, class_code, name) VALUES (1, 'HIST210', 'Ada')")
    db.execute(
        "INSERT INTO sessions VALUES ('s1', 1, ?, '2026-11-28T19:01:00Z', NULL, ?)",
        (hash_token("bcr_ada"), json.dumps(state)),
    )
    db.execute(
        "INSERT INTO events VALUES ('s1', 1, '2026-11-28T19:02:00Z', 'line', ?)",
        (json.dumps({"text": "Anatol, two things.", "position": 0}),),
    )
    db.close()


def _left_at(tmp_path: Path, version: int) -> sqlite3.Connection:
    """Version 1's database (:func:`_version_1_database`, its session in ``ROLEPLAY_STATE``)
    migrated to ``version``: open, for a test to add what that version held before the next."""
    _version_1_database(tmp_path / "b.sqlite3", ROLEPLAY_STATE)
    db = _connect(tmp_path / "b.sqlite3")
    assert migrate(db, target=version) == version
    return db


@contextmanager
def _opened(tmp_path: Path) -> Iterator[SQLiteStore]:
    """The store on the test's database file, as a newer server opens it (migrating what is
    left), closed after."""
    store = SQLiteStore(tmp_path / "b.sqlite3")
    try:
        yield store
    finally:
        store.close()


def test_a_version_1_database_opens_with_everything_in_it(tmp_path: Path) -> None:
    _version_1_database(tmp_path / "b.sqlite3", ROLEPLAY_STATE)
    with _opened(tmp_path) as store:
        instructor = store.instructor_by_token(hash_token("bci_ruiz"))
        assert instructor is not None and instructor.classes == ("HIST210",)
        session = store.session_by_token(hash_token("bcr_ada"))
        assert session is not None and (session.id, session.student) == ("s1", "Ada")
        assert session.state == ROLEPLAY_STATE
        assert [(e.kind, e.data["text"]) for e in store.events("s1")] == [
            ("line", "Anatol, two things.")
        ]


def test_a_session_stored_by_version_1_resumes_where_it_stood(
    tmp_path: Path, roleplay: Any
) -> None:
    """The old shape of the state loads into the typed models and the play-through carries on."""
    import asyncio

    from server.client_messages import Hello, Say
    from server.services import Services
    from server.session import Conversation
    from server.settings import Settings

    _version_1_database(tmp_path / "b.sqlite3", ROLEPLAY_STATE)
    store = SQLiteStore(tmp_path / "b.sqlite3")
    services = Services.from_roleplay(Settings(data=tmp_path), store, roleplay)
    try:
        conversation = Conversation(services)
        welcome = asyncio.run(conversation.handle(Hello(type="hello", resume="bcr_ada")))
        assert welcome[0].dump()["state"] == {
            "activity": {
                "kind": "roleplay",
                "as": "kissinger",
                "document": SEED,
                "position": 2,
                "lines": 1,
                "scenario": None,
            }
        }
        said = asyncio.run(conversation.handle(Say(type="say", text="Yes, I will.")))
        script = said[0].dump()["script"]
        assert (script["position"], script["said"]["index"]) == (2, 2)
        assert store.session("s1").state["activity"]["lines"] == 2
    finally:
        store.close()


def test_every_pick_a_version_1_database_holds_reads_back_after_the_migrations(
    tmp_path: Path,
) -> None:
    """Picks have been stored since schema 1, each its own ``pick`` and ``reply`` events with
    their time: a database file made then keeps every one after the migrations (no migration
    touches events), and the transcript, the exports and the struggle view read them all."""
    from server.export import to_csv
    from server.session_read import read_session
    from tests.server.conftest import PICKED_TWICE, picked_twice

    _version_1_database(tmp_path / "b.sqlite3", {"activity": None})
    db = _connect(tmp_path / "b.sqlite3")
    db.execute("DELETE FROM events")
    db.executemany(
        "INSERT INTO events VALUES ('s1', ?, ?, ?, ?)",
        [(seq, at, kind, json.dumps(data)) for seq, at, kind, data in picked_twice()],
    )
    db.close()
    with _opened(tmp_path) as store:
        events = store.events("s1")
        summary = store.session_summary("s1")
    db = _connect(tmp_path / "b.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    [exchange] = read_session("s1", "Ada", events).exchanges
    assert [
        (p.seq, p.at, p.picked, (p.matched or {})["turn"]) for p in exchange.picks
    ] == PICKED_TWICE
    assert (exchange.status, exchange.picked, (exchange.reply or {})["text"]) == (
        "picked",
        0,
        "Good.",
    )
    [row] = csv.DictReader(io.StringIO(to_csv([(summary, events)]).lstrip("\ufeff")))
    assert row["picks"] == (
        f"1 {SEED}#24 2026-12-01T17:00:09.500Z | 0 {SEED}#20 2026-12-01T17:00:21.250Z"
    )
    assert summary.lines == 1  # the picks' replies are not lines of their own


def test_migration_2_adds_corrections_to_a_version_1_database(tmp_path: Path) -> None:
    db = _left_at(tmp_path, 1)
    assert "corrections" not in _tables(db)
    assert migrate(db, target=2) == 2
    assert {"corrections", "corrections_by_class"} <= _tables(db)
    db.close()
    with _opened(tmp_path) as store:
        made = store.add_correction(
            "HIST210", line="Anatol, two things.", document=SEED, turn=0, speaker="kissinger"
        )
        assert [c.id for c in store.corrections("HIST210")] == [made.id]
        assert store.session("s1") is not None  # version 1's rows are all still there


def test_migration_3_makes_every_student_of_a_version_2_database_a_learner(
    tmp_path: Path,
) -> None:
    """Students stay who they were (their sessions too); new learners are never merged by name."""
    db = _left_at(tmp_path, 2)
    assert migrate(db, target=3) == 3
    assert {"cards", "answers", "students_by_token", "answers_by_learner"} <= _tables(db)
    db.close()
    with _opened(tmp_path) as store:
        session = store.session_by_token(hash_token("bcr_ada"))
        assert session is not None and (session.student, session.learner) == ("Ada", 1)
        ada = store.create_learner(name="ada", class_code="hist210", token_hash=hash_token("l"))
        assert (ada.name, ada.class_code) == ("ada (2)", "HIST210")
        assert store.cards(1) == []


def test_migration_4_lets_a_version_3_session_left_connected_be_closed_out(
    tmp_path: Path,
) -> None:
    """A session a crashed version-3 server left "connected" is ended at its last sign of life
    (its last event) once heartbeats exist; one a live process beats for stays open."""
    db = _left_at(tmp_path, 3)
    db.execute(
        "INSERT INTO sessions VALUES ('s2', 1, ?, '2026-11-28T19:05:00Z', NULL, '{}')",
        (hash_token("bcr_ada2"),),
    )
    assert "heartbeats" not in _tables(db)
    assert migrate(db, target=4) == 4
    assert "heartbeats" in _tables(db)
    db.close()
    with _opened(tmp_path) as store:
        store.heartbeat(["s2"], "2026-11-28T20:00:00.00Z")  # s2's holder is alive
        assert store.close_stale("2026-11-28T19:30:00.00Z") == 1
        assert store.session("s1").ended == "2026-11-28T19:02:00Z"  # its last event
        assert store.session("s2").ended is None
        assert store.close_stale("2026-11-28T20:30:00.00Z") == 1  # s2's holder went silent
        assert store.session("s2").ended == "2026-11-28T20:00:00.00Z"


def test_migration_5_fences_a_version_4_session_to_the_connection_that_claims_it(
    tmp_path: Path,
) -> None:
    """A session of a version-4 database has no holder: it is written to unfenced (tools) or
    by the connection that claims it on resume, and no longer by any other."""
    db = _left_at(tmp_path, 4)
    assert migrate(db, target=5) == 5
    assert db.execute("SELECT id, holder FROM sessions").fetchall() == [("s1", None)]
    db.close()
    with _opened(tmp_path) as store:
        store.record("s1", "disconnect", {})  # unfenced, as before
        with pytest.raises(Displaced):
            store.record("s1", "line", {"text": "x"}, holder="conn-1")
        store.claim("s1", "conn-1")
        store.record("s1", "connect", {"resumed": True}, holder="conn-1")
        assert [e.kind for e in store.events("s1")] == ["line", "disconnect", "connect"]
        assert store.session("s1").state == ROLEPLAY_STATE


def test_migration_6_gives_the_classes_of_a_version_5_database_no_scenario(
    tmp_path: Path,
) -> None:
    """Every class of a version 5 database plays the whole record until its instructor sets one."""
    db = _left_at(tmp_path, 5)
    db.execute("INSERT INTO classes VALUES ('IR101', 1, '2026-11-29T10:00:00Z')")
    assert migrate(db, target=6) == 6
    assert db.execute("SELECT code, scenario FROM classes ORDER BY code").fetchall() == [
        ("HIST210", None),
        ("IR101", None),
    ]
    db.close()
    with _opened(tmp_path) as store:
        store.set_class_scenario("ir101", "topic:salt")
        assert [(c.code, c.scenario) for c in store.classes(1)] == [
            ("HIST210", None),
            ("IR101", "topic:salt"),
        ]
        assert store.session("s1") is not None  # the older rows are all still there


def test_migration_7_leaves_the_classes_of_a_version_6_database_not_strict(
    tmp_path: Path,
) -> None:
    """A class kept before strict answers existed keeps the server's threshold and its scenario."""
    db = _left_at(tmp_path, 6)
    db.execute("INSERT INTO classes VALUES ('IR101', 1, '2026-11-29T10:00:00Z', 'topic:salt')")
    assert migrate(db, target=7) == 7
    assert db.execute("SELECT code, scenario, strict FROM classes ORDER BY code").fetchall() == [
        ("HIST210", None, 0),
        ("IR101", "topic:salt", 0),
    ]
    db.close()
    with _opened(tmp_path) as store:
        store.set_class_strict("ir101", True)
        assert [(c.code, c.scenario, c.strict) for c in store.classes(1)] == [
            ("HIST210", None, False),
            ("IR101", "topic:salt", True),
        ]


def test_migration_8_makes_each_class_of_a_version_7_database_its_instructors_alone(
    tmp_path: Path,
) -> None:
    """Each class kept before sharing has one teacher, its instructor, who keeps every right;
    a class of one instructor is not another's."""
    db = _left_at(tmp_path, 7)
    db.execute(
        "INSERT INTO instructors (id, name, token_hash, created) VALUES (2, 'Okafor', ?, ?)",
        (hash_token("bci_okafor"), "2026-12-01T09:00:00Z"),
    )
    db.execute("INSERT INTO classes VALUES ('IR101', 2, '2026-12-01T10:00:00Z', NULL, 1)")
    assert migrate(db, target=8) == 8
    assert db.execute(
        "SELECT class_code, instructor_id, added FROM class_instructors ORDER BY class_code"
    ).fetchall() == [
        ("HIST210", 1, "2026-11-28T19:00:00Z"),
        ("IR101", 2, "2026-12-01T10:00:00Z"),
    ]
    db.close()
    with _opened(tmp_path) as store:
        assert [(t.id, t.name) for t in store.class_teachers("hist210")] == [(1, "Ruiz")]
        ruiz = store.instructor_by_token(hash_token("bci_ruiz"))
        assert ruiz is not None and ruiz.classes == ("HIST210",)
        assert [(c.code, c.sessions, c.strict, c.instructors) for c in store.classes(2)] == [
            ("IR101", 0, True, ("Okafor",))
        ]
        store.share_class("HIST210", "okafor")
        okafor = store.instructor_by_token(hash_token("bci_okafor"))
        assert okafor is not None and okafor.classes == ("HIST210", "IR101")
        assert [(c.code, c.sessions, c.instructors) for c in store.classes(2)] == [
            ("HIST210", 1, ("Ruiz", "Okafor")),
            ("IR101", 0, ("Okafor",)),
        ]


def test_migration_9_keeps_a_version_8_databases_corrections_and_lets_one_answer_nothing(
    tmp_path: Path,
) -> None:
    """Corrections written before keep their ids, lines and turns; a new one may say that the
    record does not answer a line (no document, no turn), never only half of that."""
    db = _left_at(tmp_path, 8)
    db.execute(
        "INSERT INTO corrections VALUES (7, 'HIST210', 'Anatol, two things.', ?, 0, "
        "'kissinger', '2026-12-01T10:00:00Z')",
        (SEED,),
    )
    assert migrate(db, target=9) == 9
    assert "corrections_by_class" in _tables(db)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute(
            "INSERT INTO corrections (class_code, line, document, turn, speaker, created) "
            "VALUES ('HIST210', 'x', ?, NULL, 'kissinger', '2026-12-01T10:00:00Z')",
            (SEED,),
        )
    db.close()
    with _opened(tmp_path) as store:
        none = store.add_correction(
            "hist210", line="How was your vacation?", document=None, turn=None, speaker="kissinger"
        )
        assert [(c.id, c.line, c.document, c.turn) for c in store.corrections("HIST210")] == [
            (none.id, "How was your vacation?", None, None),
            (7, "Anatol, two things.", SEED, 0),
        ]


def test_a_failing_migration_leaves_the_database_at_the_last_good_version(
    tmp_path: Path,
) -> None:
    def broken(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE events ADD COLUMN note TEXT")
        raise RuntimeError("half done")

    steps = (*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "broken", broken))
    db = _connect(tmp_path / "b.sqlite3")
    with pytest.raises(RuntimeError, match="half done"):
        migrate(db, migrations=steps)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    columns = {row[1] for row in db.execute("PRAGMA table_info(events)")}
    assert "note" not in columns  # rolled back with the failed migration


def test_a_later_migration_runs_on_the_schema_before_it(tmp_path: Path) -> None:
    """How a later issue's migration is tested: rows of version N, migrated to N + 1."""
    steps = (
        *MIGRATIONS,
        Migration(
            len(MIGRATIONS) + 1,
            "an event's kind indexed",
            "ALTER TABLE events ADD COLUMN note TEXT NOT NULL DEFAULT '';\n"
            "CREATE INDEX events_by_kind ON events(kind);",
        ),
    )
    _version_1_database(tmp_path / "b.sqlite3", ROLEPLAY_STATE)
    db = _connect(tmp_path / "b.sqlite3")
    assert migrate(db, migrations=steps) == len(MIGRATIONS) + 1
    assert db.execute("SELECT kind, note FROM events").fetchall() == [("line", "")]
    assert "events_by_kind" in _tables(db)


def test_a_database_of_a_newer_version_is_refused(tmp_path: Path) -> None:
    db = _connect(tmp_path / "b.sqlite3")
    db.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    db.close()
    newer, known = len(MIGRATIONS) + 1, len(MIGRATIONS)
    refusal = rf"newer Backchannel \(schema {newer}, this one knows {known}\)"
    with pytest.raises(ConfigError, match=refusal):
        SQLiteStore(tmp_path / "b.sqlite3")


def test_migrations_must_be_numbered_without_gaps(tmp_path: Path) -> None:
    db = _connect(tmp_path / "b.sqlite3")
    with pytest.raises(ValueError, match=r"numbered 1, 2, 3 \.\.\. in order; got \[1, 3\]"):
        migrate(db, migrations=(MIGRATIONS[0], Migration(3, "skips 2", "SELECT 1;")))
