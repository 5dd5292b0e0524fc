"""The SQLite session store: every SQL statement Backchannel sends to SQLite.

One connection in WAL mode, shared by the event loop and FastAPI's worker threads behind a
lock: writes are tiny (one event row and the session's state), so serialising them costs
microseconds and keeps the ordering of a session's events exact. Every statement is
parameterized. ``synchronous=NORMAL`` with WAL keeps each commit durable against a process
crash (the case that matters: ``kill`` of the server), at no fsync per event. The schema is
built and upgraded by the numbered migrations of :mod:`server.sqlite_migrations`; the statements
it sends as the PostgreSQL store does are in :mod:`server.store_sql`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from server import store_sql as shared
from server.errors import ConfigError
from server.review import Answered, ItemCard, ItemMode
from server.sqlite_migrations import migrate
from server.store import (
    ClassSummary,
    Correction,
    Event,
    Instructor,
    Learner,
    SessionHead,
    SessionRecord,
    SessionSummary,
    StudentSummary,
    class_taken,
    database_busy,
    displaced,
    instructor_exists,
    new_id,
    no_class,
    no_class_to_join,
    no_instructor,
    no_session,
    not_stored,
    numbered,
    utc_now,
)

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
_QUIZ_CORRECT = "json_extract(e.data, '$.correct') = 1"
_SESSION_SUMMARY = shared.session_summaries(_QUIZ_CORRECT)
_STUDENT_SUMMARY = shared.student_summaries(
    quiz_correct=_QUIZ_CORRECT, closeness="json_extract(e.data, '$.script.closeness')"
)
# The class code as its instructor spelled it, from the code as a student or URL typed it.
_CLASS = "(SELECT code FROM classes WHERE code = ?)"


@contextmanager
def _unavailable(path: str) -> Iterator[None]:
    """SQLite's "locked" and "disk full" as :class:`StoreUnavailable`, which the server turns
    into a retryable error for the student instead of an ``internal`` one."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise database_busy("another program holds it") from exc
        if code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
            raise not_stored(exc) from exc
        raise


class SQLiteStore:
    """The :class:`server.store.Store` on one SQLite file (or ``:memory:``)."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA busy_timeout=5000")
            migrate(self._db, path=self.path)
        except sqlite3.DatabaseError as exc:
            raise ConfigError(
                f"Cannot open the session database {self.path}: {exc}. Check that the file is a "
                "Backchannel database and that the directory is writable, or choose another "
                "--data directory."
            ) from exc
        self._lock = threading.RLock()

    # --- plumbing ---------------------------------------------------------------------------

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock, _unavailable(self.path):
            return self._db.execute(sql, params).fetchall()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock, _unavailable(self.path):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- instructors and classes ------------------------------------------------------------

    def add_instructor(self, name: str, token_hash: str, classes: list[str]) -> Instructor:
        with self._write() as db:
            if db.execute("SELECT 1 FROM instructors WHERE name = ?", (name,)).fetchone():
                raise instructor_exists(name)
            cur = db.execute(
                "INSERT INTO instructors (name, token_hash, created) VALUES (?, ?, ?)",
                (name, token_hash, utc_now()),
            )
            self._claim_classes(db, int(cur.lastrowid or 0), classes)
        return self._instructor_named(name)

    def add_classes(self, name: str, classes: list[str]) -> Instructor:
        with self._write() as db:
            row = db.execute("SELECT id FROM instructors WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise no_instructor(name)
            self._claim_classes(db, row[0], classes)
        return self._instructor_named(name)

    def _claim_classes(self, db: sqlite3.Connection, instructor_id: int, codes: list[str]) -> None:
        for code in codes:
            row = db.execute(
                "SELECT c.instructor_id, i.name FROM classes c JOIN instructors i "
                "ON i.id = c.instructor_id WHERE c.code = ?",
                (code,),
            ).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO classes (code, instructor_id, created) VALUES (?, ?, ?)",
                    (code, instructor_id, utc_now()),
                )
            elif row[0] != instructor_id:
                raise class_taken(code, row[1])

    def replace_token(self, name: str, token_hash: str) -> Instructor:
        with self._write() as db:
            cur = db.execute(
                "UPDATE instructors SET token_hash = ? WHERE name = ?", (token_hash, name)
            )
            if cur.rowcount == 0:
                raise no_instructor(name)
        return self._instructor_named(name)

    def _instructor_named(self, name: str) -> Instructor:
        row = self._rows("SELECT id, name FROM instructors WHERE name = ?", (name,))[0]
        return self._instructor(row)

    def _instructor(self, row: tuple[Any, ...]) -> Instructor:
        codes = self._rows(
            "SELECT code FROM classes WHERE instructor_id = ? ORDER BY code", (row[0],)
        )
        return Instructor(id=row[0], name=row[1], classes=tuple(c for (c,) in codes))

    def instructors(self) -> list[Instructor]:
        rows = self._rows("SELECT id, name FROM instructors ORDER BY name")
        return [self._instructor(row) for row in rows]

    def instructor_by_token(self, token_hash: str) -> Instructor | None:
        rows = self._rows("SELECT id, name FROM instructors WHERE token_hash = ?", (token_hash,))
        return self._instructor(rows[0]) if rows else None

    def class_owner(self, code: str) -> int | None:
        rows = self._rows("SELECT instructor_id FROM classes WHERE code = ?", (code,))
        return rows[0][0] if rows else None

    def classes(self, instructor_id: int) -> list[ClassSummary]:
        rows = self._rows(
            "SELECT c.code, COUNT(DISTINCT st.id), COUNT(s.id), c.scenario FROM classes c "
            "LEFT JOIN students st ON st.class_code = c.code "
            "LEFT JOIN sessions s ON s.student_id = st.id "
            "WHERE c.instructor_id = ? GROUP BY c.code ORDER BY c.code",
            (instructor_id,),
        )
        return [ClassSummary(*r) for r in rows]

    def set_class_scenario(self, code: str, scenario: str | None) -> None:
        with self._write() as db:
            cur = db.execute("UPDATE classes SET scenario = ? WHERE code = ?", (scenario, code))
        if cur.rowcount == 0:
            raise no_class(code)

    def class_scenario(self, code: str) -> str | None:
        rows = self._rows("SELECT scenario FROM classes WHERE code = ?", (code,))
        return rows[0][0] if rows else None

    def instructor_key(self, instructor_id: int) -> tuple[Instructor, str] | None:
        rows = self._rows(
            "SELECT id, name, token_hash FROM instructors WHERE id = ?", (instructor_id,)
        )
        return (self._instructor(rows[0][:2]), rows[0][2]) if rows else None

    # --- sessions and events ----------------------------------------------------------------

    def create_learner(self, *, name: str, class_code: str | None, token_hash: str) -> Learner:
        with self._write() as db:
            if class_code is not None:
                row = db.execute("SELECT code FROM classes WHERE code = ?", (class_code,))
                found = row.fetchone()
                if found is None:
                    raise no_class_to_join(class_code)
                class_code = found[0]  # as the instructor spelled it
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
        rows = self._rows(
            "SELECT id, name, class_code FROM students WHERE token_hash = ?", (token_hash,)
        )
        return Learner(*rows[0]) if rows else None

    def create_session(self, *, learner: int, token_hash: str) -> SessionRecord:
        session_id = new_id()
        with self._write() as db:
            db.execute(shared.CREATE_SESSION, (session_id, learner, token_hash, utc_now()))
        record = self.session(session_id)
        assert record is not None
        return record

    @staticmethod
    def _session(row: tuple[Any, ...]) -> SessionRecord:
        return SessionRecord(
            id=row[0],
            student=row[1],
            class_code=row[2],
            started=row[3],
            ended=row[4],
            state=json.loads(row[5]),
            learner=row[6],
        )

    def session(self, session_id: str) -> SessionRecord | None:
        rows = self._rows(shared.SESSION + "WHERE s.id = ?", (session_id,))
        return self._session(rows[0]) if rows else None

    def session_by_token(self, token_hash: str) -> SessionRecord | None:
        rows = self._rows(shared.SESSION + "WHERE s.token_hash = ?", (token_hash,))
        return self._session(rows[0]) if rows else None

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
        rows = self._rows(shared.EVENTS, (session_id,))
        return [Event(seq=r[0], at=r[1], kind=r[2], data=json.loads(r[3])) for r in rows]

    # --- spaced review -----------------------------------------------------------------------

    def save_answer(self, learner: int, card: ItemCard, answered: Answered) -> None:
        with self._write() as db:
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
        rows = self._rows(
            "SELECT item, mode, volume, at, correct FROM answers WHERE learner_id = ? "
            "ORDER BY at, rowid",
            (learner,),
        )
        return [Answered(*r[:4], correct=bool(r[4])) for r in rows]

    # --- what instructors read --------------------------------------------------------------

    def session_summary(self, session_id: str) -> SessionSummary | None:
        rows = self._rows(_SESSION_SUMMARY + "WHERE s.id = ?", (session_id,))
        return SessionSummary(*rows[0]) if rows else None

    def class_sessions(self, code: str) -> list[SessionSummary]:
        rows = self._rows(
            _SESSION_SUMMARY + "WHERE st.class_code = ? ORDER BY s.started, s.id", (code,)
        )
        return [SessionSummary(*row) for row in rows]

    def class_students(self, code: str) -> list[StudentSummary]:
        rows = self._rows(
            _STUDENT_SUMMARY + "WHERE st.class_code = ? GROUP BY st.id ORDER BY st.name", (code,)
        )
        return [shared.student_summary(r) for r in rows]

    # --- corrections ------------------------------------------------------------------------

    def add_correction(
        self, class_code: str, *, line: str, document: str, turn: int, speaker: str
    ) -> Correction:
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO corrections (class_code, line, document, turn, speaker, created) "
                f"VALUES ({_CLASS}, ?, ?, ?, ?, ?)",
                (class_code, line, document, turn, speaker, utc_now()),
            )
            row = db.execute(shared.CORRECTION + "WHERE id = ?", (cur.lastrowid,)).fetchone()
        return Correction(*row)

    def corrections(self, class_code: str) -> list[Correction]:
        rows = self._rows(
            shared.CORRECTION + f"WHERE class_code = {_CLASS} ORDER BY id DESC", (class_code,)
        )
        return [Correction(*row) for row in rows]

    def delete_correction(self, class_code: str, correction_id: int) -> bool:
        with self._write() as db:
            cur = db.execute(
                f"DELETE FROM corrections WHERE class_code = {_CLASS} AND id = ?",
                (class_code, correction_id),
            )
        return cur.rowcount > 0

    # --- the live feed ----------------------------------------------------------------------

    def class_heads(self, classes: list[str]) -> list[SessionHead]:
        if not classes:
            return []
        marks = ", ".join("?" for _ in classes)
        rows = self._rows(
            "SELECT s.id, st.class_code, st.name, "
            "(SELECT COALESCE(MAX(e.seq), 0) FROM events e WHERE e.session_id = s.id) "
            "FROM sessions s JOIN students st ON st.id = s.student_id "
            f"WHERE st.class_code IN ({marks})",
            tuple(classes),
        )
        return [SessionHead(*row) for row in rows]

    def events_after(self, session_id: str, seq: int) -> list[Event]:
        rows = self._rows(
            shared.EVENTS_AFTER,
            (session_id, seq),
        )
        return [Event(seq=r[0], at=r[1], kind=r[2], data=json.loads(r[3])) for r in rows]
