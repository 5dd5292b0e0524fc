"""The SQLite session store: learners, their sessions and events, and their spaced review.

:class:`SQLiteStore` is the :class:`server.store.Store` on one SQLite file: the connection is
:mod:`server.sqlite_database`'s, what concerns instructors and classes is
:mod:`server.sqlite_classes`'s, and the statements it sends as the PostgreSQL store does are in
:mod:`server.store_sql`. Every statement is parameterized.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from server import store_sql as shared
from server.review import Answered, ItemCard, ItemMode
from server.sqlite_classes import SQLiteClasses
from server.store import Event, Learner, SessionRecord, new_id, numbered, utc_now
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


def _event(row: tuple[Any, ...]) -> Event:
    return shared.event(row, shared.decoded(row[3]), row[3])


class SQLiteStore(SQLiteClasses):
    """The :class:`server.store.Store` on one SQLite file (or ``:memory:``)."""

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

    def learner_by_token(self, token_hash: str) -> Learner | None:
        rows = self._rows(shared.LEARNER_BY_TOKEN, (token_hash,))
        return Learner(*rows[0]) if rows else None

    def create_session(self, *, learner: int, token_hash: str) -> SessionRecord:
        session_id = new_id()
        with self._write() as db:
            db.execute(shared.CREATE_SESSION, (session_id, learner, token_hash, utc_now()))
        record = self.session(session_id)
        assert record is not None
        return record

    def session(self, session_id: str) -> SessionRecord | None:
        rows = self._rows(shared.SESSION + "WHERE s.id = ?", (session_id,))
        return shared.session_record(rows[0]) if rows else None

    def session_by_token(self, token_hash: str) -> SessionRecord | None:
        rows = self._rows(shared.SESSION + "WHERE s.token_hash = ?", (token_hash,))
        return shared.session_record(rows[0]) if rows else None

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

    def claim(self, session_id: str, holder: str) -> None:
        with self._write() as db:
            db.execute(shared.CLAIM, (holder, session_id))

    @staticmethod
    def _fence(db: sqlite3.Connection, session_id: str, holder: str) -> None:
        """Raise :class:`Displaced` unless ``holder`` holds the session (inside the write's
        transaction, so no claim can slip in between the check and the write)."""
        row = db.execute("SELECT holder FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise no_session(session_id)
        if row[0] != holder:
            raise displaced(session_id)

    def heartbeat(self, session_ids: list[str], at: str) -> None:
        with self._write() as db:
            db.executemany(shared.HEARTBEAT, [(session_id, at) for session_id in session_ids])

    def close_stale(self, before: str) -> int:
        with self._write() as db:
            db.execute(_CLOSE_STALE, (before,))
            (closed,) = db.execute("SELECT changes()").fetchone()  # rowcount is -1 after WITH
            db.execute(shared.FORGET_HEARTBEATS)
        return int(closed)

    def events(self, session_id: str) -> list[Event]:
        return [_event(r) for r in self._rows(shared.EVENTS, (session_id,))]

    # --- spaced review -----------------------------------------------------------------------

    def save_answer(self, learner: int, card: ItemCard | None, answered: Answered) -> None:
        with self._write() as db:
            if card is not None:
                db.execute(
                    shared.SAVE_CARD,
                    (learner, card.item, card.mode, card.fsrs, card.due, card.reviews,
                     card.last_review, int(card.last_correct), card.missed),
                )  # fmt: skip
            db.execute(
                shared.SAVE_ANSWER,
                (learner, answered.at, answered.item, answered.mode, answered.volume,
                 int(answered.correct)),
            )  # fmt: skip

    def cards(self, learner: int) -> list[ItemCard]:
        return [shared.item_card(r) for r in self._rows(shared.CARDS, (learner,))]

    def card(self, learner: int, item: str, mode: ItemMode) -> ItemCard | None:
        rows = self._rows(shared.CARD, (learner, item, mode))
        return shared.item_card(rows[0]) if rows else None

    def answers(self, learner: int) -> list[Answered]:
        rows = self._rows(shared.ANSWERS + "rowid", (learner,))
        return [shared.answered(r) for r in rows]

    # --- a session's live feed -----------------------------------------------------------

    def events_after(self, session_id: str, seq: int) -> list[Event]:
        return [_event(r) for r in self._rows(shared.EVENTS_AFTER, (session_id, seq))]
