"""What only the SQLite store does: WAL, and a file that holds no token in the clear."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from server.store import hash_token, new_token
from server.store_sqlite import SCHEMA, SQLiteStore


def test_open_store_uses_wal(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "backchannel.sqlite3")
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_database_file_holds_only_token_hash(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "backchannel.sqlite3")
    token = new_token("bci")
    store.add_instructor("Prof. Ruiz", hash_token(token), ["HIST210"])
    dump = "\n".join(sqlite3.connect(store.path).iterdump())
    assert token not in dump
    assert hash_token(token) in dump
    store.close()


def test_a_version_1_database_gains_learners_and_keeps_its_sessions(tmp_path: Path) -> None:
    path = tmp_path / "backchannel.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(SCHEMA)
    old.executescript(
        "INSERT INTO instructors VALUES (1, 'Ruiz', 'h', '2026-11-01T00:00:00Z');"
        "INSERT INTO classes VALUES ('HIST210', 1, '2026-11-01T00:00:00Z');"
        "INSERT INTO students (id, class_code, name) VALUES (7, 'HIST210', 'Ada');"
        "INSERT INTO sessions (id, student_id, token_hash, started) "
        "VALUES ('s1', 7, 'r', '2026-11-02T00:00:00Z');"
        "PRAGMA user_version=1;"
    )
    old.close()
    store = SQLiteStore(path)
    try:
        assert store.session_by_token("r").student == "Ada"
        assert store.session_by_token("r").learner == 7
        ada = store.create_learner(name="ada", class_code="hist210", token_hash=hash_token("l"))
        assert (ada.name, ada.class_code) == ("ada (2)", "HIST210")
        assert store.cards(7) == []
        version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
        assert version == 3
    finally:
        store.close()
