"""The PostgreSQL session store: learners, their sessions and events, and their spaced review.

:class:`PostgresStore` is the :class:`server.store.Store` on a PostgreSQL database: the pool of
connections is :mod:`server.postgres_database`'s, what concerns instructors and classes is
:mod:`server.postgres_classes`'s, the methods it runs as the SQLite store does are
:class:`server.store_base.StoreBase`'s (their statements in :mod:`server.store_sql`), and the bus
between processes is :mod:`server.postgres_notifier`. Writes that must stay ordered take the
session's row lock (``UPDATE sessions ... RETURNING last_seq``), so two processes writing the same
session never collide on an event's number. Every event is committed before the server answers, as
with SQLite, and PostgreSQL's default ``synchronous_commit`` makes the commit survive a crash of
the database host too.
"""

from __future__ import annotations

import json
from typing import Any

from psycopg.types.json import Json

from server import store_sql as shared
from server.postgres_classes import PostgresClasses
from server.store import Event, Learner, numbered, utc_now
from server.store_base import StoreBase
from server.store_refusals import displaced, no_session

CLASS_CHANNEL = "backchannel_class"  # NOTIFY of every event's class code, sent by record()

# Sessions still marked connected whose last sign of life (the holder's heartbeat, the last
# event or the start, whichever is latest) is older than the cut-off: each is ended then.
_CLOSE_STALE = """
WITH last AS (
    SELECT s.id, GREATEST(
        (SELECT seen FROM heartbeats h WHERE h.session_id = s.id),
        (SELECT MAX(at) FROM events e WHERE e.session_id = s.id),
        s.started) AS seen
    FROM sessions s WHERE s.ended IS NULL
)
UPDATE sessions SET ended = last.seen FROM last
WHERE sessions.id = last.id AND last.seen < %s
"""


def _json(value: Any) -> Json:
    """An event's data or a session's state for a JSON column: JSON, not JSONB, so that the text
    is kept as written (an event reads back with its keys in order) and a student's line may
    hold any character (JSONB refuses \\u0000)."""
    return Json(value, dumps=lambda v: json.dumps(v, ensure_ascii=False))


class PostgresStore(PostgresClasses, StoreBase):
    """The :class:`server.store.Store` on a PostgreSQL database named by a URL: what
    :class:`StoreBase` does not do alike on both databases."""

    _ANSWERED_ORDER = "id"

    # --- sessions and events ----------------------------------------------------------------

    def create_learner(self, *, name: str, class_code: str | None, token_hash: str) -> Learner:
        with self._write() as db:
            class_code = self._class_to_join(db, class_code)
            # The unique name index decides between two processes naming "Ada (2)" at once.
            n = 1
            while True:
                row = db.execute(
                    "INSERT INTO students (class_code, name, token_hash) VALUES (%s, %s, %s) "
                    "ON CONFLICT DO NOTHING RETURNING id",
                    (class_code, numbered(name, n), token_hash),
                ).fetchone()
                if row is not None:
                    return Learner(id=row[0], name=numbered(name, n), class_code=class_code)
                n += 1

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
        # One statement, one round trip: the session's row lock orders its events (and fences
        # them: with ``holder``, only while that connection holds the session), and every
        # process hears that the session's class moved on (for instructors following it live).
        rows = self._rows(
            "WITH s AS (UPDATE sessions SET last_seq = last_seq + 1, "
            "state = COALESCE(%s::json, state) WHERE id = %s "
            "AND (%s::text IS NULL OR holder = %s) "
            "RETURNING id, last_seq, student_id), "
            "e AS (INSERT INTO events (session_id, seq, at, kind, data) "
            "SELECT id, last_seq, %s, %s, %s FROM s RETURNING seq) "
            "SELECT e.seq, CASE WHEN st.class_code IS NOT NULL "
            "THEN pg_notify(%s, st.class_code) END "
            "FROM e, s JOIN students st ON st.id = s.student_id",
            (
                None if state is None else _json(state),
                session_id, holder, holder, at, kind, _json(data), CLASS_CHANNEL,
            ),
        )  # fmt: skip
        if not rows:
            raise self._not_written(session_id)
        return Event(seq=rows[0][0], at=at, kind=kind, data=data)

    def _not_written(self, session_id: str) -> Exception:
        """Why a fenced write changed no row: no such session, or another connection's now."""
        if self._rows("SELECT 1 FROM sessions WHERE id = %s", (session_id,)):
            return displaced(session_id)
        return no_session(session_id)

    def set_ended(self, session_id: str, ended: str | None, *, holder: str | None = None) -> None:
        with self._write() as conn:
            changed = conn.execute(
                "UPDATE sessions SET ended = %s WHERE id = %s "
                "AND (%s::text IS NULL OR holder = %s)",
                (ended, session_id, holder, holder),
            ).rowcount
        if not changed and holder is not None:
            raise self._not_written(session_id)

    def close_stale(self, before: str) -> int:
        with self._write() as conn:
            closed = conn.execute(_CLOSE_STALE, (before,)).rowcount
            conn.execute(shared.FORGET_HEARTBEATS)
        return closed
