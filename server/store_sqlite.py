"""The SQLite session store: learners, their sessions and events, and their spaced review.

:class:`SQLiteStore` is the :class:`server.store.Store` on one SQLite file: the connection is
:mod:`server.sqlite_database`'s, what concerns instructors and classes is
:mod:`server.sqlite_classes`'s, the methods it runs as the PostgreSQL store does are
:class:`server.store_base.StoreBase`'s, and the statements they send are in
:mod:`server.store_sql`. Every statement is parameterized.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from server import store_sql as shared
from server.sqlite_classes import SQLiteClasses
from server.store import Event, Learner, numbered, utc_now
from server.store_base import StoreBase
from server.store_refusals import displaced, no_session

# Sessions still marked connected whose last sign of life (the holder's heartbeat, the last
# event or the start, whichever is latest) is older than the cut-off: their holder is gone (a
# crash, a killed process). Each is ended at that last sign of life.
_CLOSE_STALE = """
WITH last AS (
    SELECT s.id, MAX(
        COALESCE((SELECT seen FROM heartbeats h WHERE h.session_id = s.id), ''),
        COALESCE((SELECT MAX(at) FROM events e WHERE e.session_id = s.id), ''),
        s.started) AS seen
    FROM sessions s WHERE s.ended IS NULL
)
UPDATE sessions SET ended = (SELECT seen FROM last WHERE last.id = sessions.id)
WHERE id IN (SELECT id FROM last WHERE seen < ?)
"""


class SQLiteStore(SQLiteClasses, StoreBase):
    """The :class:`server.store.Store` on one SQLite file (or ``:memory:``): what
    :class:`StoreBase` does not do alike on both databases."""

    _ANSWERED_ORDER = "rowid"

    # --- sessions and events ----------------------------------------------------------------

    def create_learner(self, *, name: str, class_code: str | None, token_hash: str) -> Learner:
        with self._write() as db:
            class_code = self._class_to_join(db, class_code)
            n = 1
            while db.execute(
                "SELECT 1 FROM students WHERE class_code IS ? AND name = ?",
                (class_code, numbered(name, n)),
            ).fetchone():
                n += 1
            cur = db.execute(
                "INSERT INTO students (class_code, name, token_hash) VALUES (?, ?, ?)",
                (class_code, numbered(name, n), token_hash),
            )
        return Learner(id=int(cur.lastrowid or 0), name=numbered(name, n), class_code=class_code)

    def record(
        self,
        session_id: str,
        kind: str,
        data: dict[str, Any],
        *,
        state: dict[str, Any] | None = None,
        holder: str | None = None,
    ) -> Event:
        at = utc_now()
        with self._write() as db:
            if holder is not None:
                self._fence(db, session_id, holder)
            (seq,) = db.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE session_id = ?", (session_id,)
            ).fetchone()
            db.execute(
                "INSERT INTO events (session_id, seq, at, kind, data) VALUES (?, ?, ?, ?, ?)",
                (session_id, seq, at, kind, json.dumps(data, ensure_ascii=False)),
            )
            if state is not None:
                db.execute(
                    "UPDATE sessions SET state = ? WHERE id = ?",
                    (json.dumps(state, ensure_ascii=False), session_id),
                )
        return Event(seq=seq, at=at, kind=kind, data=data)

    def set_ended(self, session_id: str, ended: str | None, *, holder: str | None = None) -> None:
        with self._write() as db:
            if holder is not None:
                self._fence(db, session_id, holder)
            db.execute("UPDATE sessions SET ended = ? WHERE id = ?", (ended, session_id))

    @staticmethod
    def _fence(db: sqlite3.Connection, session_id: str, holder: str) -> None:
        """Raise :class:`Displaced` unless ``holder`` holds the session (inside the write's
        transaction, so no claim can slip in between the check and the write)."""
        row = db.execute("SELECT holder FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise no_session(session_id)
        if row[0] != holder:
            raise displaced(session_id)

    def close_stale(self, before: str) -> int:
        with self._write() as db:
            db.execute(_CLOSE_STALE, (before,))
            (closed,) = db.execute("SELECT changes()").fetchone()  # rowcount is -1 after WITH
            db.execute(shared.FORGET_HEARTBEATS)
        return int(closed)
