"""What only the SQLite store does: WAL, and a file that holds no token in the clear."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from server.store import hash_token, new_token
from server.store_sqlite import SQLiteStore


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
