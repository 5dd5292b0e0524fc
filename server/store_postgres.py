"""The PostgreSQL session store: every SQL statement Backchannel sends to PostgreSQL.

For schools that outgrow one machine: several ``backchannel serve`` processes, on one host or
many, share one database. A pool of connections (psycopg 3) serves each process; writes that
must stay ordered take the session's row lock (``UPDATE sessions ... RETURNING last_seq``), so
two processes writing the same session never collide on an event's number. Every event is
committed before the server answers, as with SQLite, and PostgreSQL's default
``synchronous_commit`` makes the commit survive a crash of the database host too.

The schema is built by the numbered migrations of :mod:`server.postgres_migrations`, applied
under an advisory lock by whichever process opens the database first; the bus between the
processes is :mod:`server.postgres_notifier`. The statements this store sends as the SQLite one
does are in :mod:`server.store_sql`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import psycopg.errors
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import Json
from psycopg_pool import ConnectionPool, PoolTimeout

from server import store_sql as shared
from server.errors import ConfigError
from server.postgres_migrations import migrate
from server.review import Answered, ItemCard, ItemMode
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
from server.store_sql import postgres

POOL_MAX = 16  # per process: store calls run in worker threads, a few at a time
CONNECT_TIMEOUT = 10  # seconds
# How long a statement waits for a row lock another connection holds before the student is
# told ``database_busy`` (as SQLite's busy timeout): never a write that hangs for good.
LOCK_TIMEOUT_MS = 5000
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
_QUIZ_CORRECT = "e.data->>'correct' = 'true'"
_SESSION_SUMMARY = shared.session_summaries(_QUIZ_CORRECT)
_STUDENT_SUMMARY = shared.student_summaries(
    quiz_correct=_QUIZ_CORRECT, closeness="(e.data->'script'->>'closeness')::float8"
)
# The class code as its instructor spelled it, from the code as a student or URL typed it.
_CLASS = "(SELECT code FROM classes WHERE lower(code) = lower(%s))"


def describe(url: str) -> str:
    """The database a URL names, without its password: for logs and error messages."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "a PostgreSQL database (unreadable URL)"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', 'localhost')}{port}/{parts.get('dbname', '')}"


@contextmanager
def _unavailable() -> Iterator[None]:
    """PostgreSQL's "out of disk", "no connection free" and "connection lost" as
    :class:`server.errors.StoreUnavailable`: a retryable error for the student, not
    ``internal``."""
    try:
        yield
    except psycopg.OperationalError as exc:
        if (exc.sqlstate or "").startswith("53"):  # insufficient resources: disk full...
            raise not_stored(exc) from exc
        if isinstance(exc, PoolTimeout):
            raise database_busy("all its connections are in use") from exc
        if isinstance(exc, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled):
            raise database_busy("a lock is held elsewhere") from exc
        raise database_busy("out of reach for a moment") from exc  # restarting, network


def _json(value: Any) -> Json:
    """An event's data or a session's state for a JSON column: JSON, not JSONB, so that the text
    is kept as written (an event reads back with its keys in order) and a student's line may
    hold any character (JSONB refuses \\u0000)."""
    return Json(value, dumps=lambda v: json.dumps(v, ensure_ascii=False))


class PostgresStore:
    """The :class:`server.store.Store` on a PostgreSQL database named by a URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = describe(url)
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as conn:
                migrate(conn, self.where)
        except psycopg.OperationalError as exc:
            raise ConfigError(
                f"Cannot open the session database {self.where}: {str(exc).strip()}. Check "
                "that PostgreSQL runs there, that the database exists and that the URL's user "
                "may connect (BACKCHANNEL_DATABASE or --database)."
            ) from exc
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_MAX,
            kwargs={
                "autocommit": True,
                "connect_timeout": CONNECT_TIMEOUT,
                "options": f"-c lock_timeout={LOCK_TIMEOUT_MS:d}",
            },
            open=False,
            name="backchannel",
        )
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except PoolTimeout as exc:
            raise ConfigError(
                f"Cannot open connections to {self.where} (the first one worked); check the "
                "server's max_connections."
            ) from exc

    # --- plumbing ---------------------------------------------------------------------------

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with _unavailable(), self._pool.connection() as conn:
            return conn.execute(sql, params).fetchall()

    @contextmanager
    def _write(self) -> Iterator[psycopg.Connection]:
        with _unavailable(), self._pool.connection() as conn, conn.transaction():
            yield conn

    def close(self) -> None:
        self._pool.close()

    # --- instructors and classes ------------------------------------------------------------

    def add_instructor(self, name: str, token_hash: str, classes: list[str]) -> Instructor:
        taken = instructor_exists(name)
        try:
            with self._write() as db:
                row = db.execute(
                    "INSERT INTO instructors (name, token_hash, created) VALUES (%s, %s, %s) "
                    "ON CONFLICT DO NOTHING RETURNING id",
                    (name, token_hash, utc_now()),
                ).fetchone()
                if row is None:
                    raise taken
                self._claim_classes(db, row[0], classes)
        except psycopg.errors.UniqueViolation as exc:  # a same-named one, added this instant
            raise taken from exc
        return self._instructor_named(name)

    def add_classes(self, name: str, classes: list[str]) -> Instructor:
        with self._write() as db:
            row = db.execute(
                "SELECT id FROM instructors WHERE lower(name) = lower(%s)", (name,)
            ).fetchone()
            if row is None:
                raise no_instructor(name)
            self._claim_classes(db, row[0], classes)
        return self._instructor_named(name)

    def _claim_classes(self, db: psycopg.Connection, instructor_id: int, codes: list[str]) -> None:
        for code in codes:
            db.execute(
                "INSERT INTO classes (code, instructor_id, created) VALUES (%s, %s, %s) "
                "ON CONFLICT DO NOTHING",
                (code, instructor_id, utc_now()),
            )
            owner, owner_name = db.execute(
                "SELECT c.instructor_id, i.name FROM classes c JOIN instructors i "
                "ON i.id = c.instructor_id WHERE lower(c.code) = lower(%s)",
                (code,),
            ).fetchone()
            if owner != instructor_id:
                raise class_taken(code, owner_name)

    def replace_token(self, name: str, token_hash: str) -> Instructor:
        with self._write() as db:
            cur = db.execute(
                "UPDATE instructors SET token_hash = %s WHERE lower(name) = lower(%s)",
                (token_hash, name),
            )
            if cur.rowcount == 0:
                raise no_instructor(name)
        return self._instructor_named(name)

    def _instructor_named(self, name: str) -> Instructor:
        row = self._rows("SELECT id, name FROM instructors WHERE lower(name) = lower(%s)", (name,))
        return self._instructor(row[0])

    def _instructor(self, row: tuple[Any, ...]) -> Instructor:
        codes = self._rows(
            "SELECT code FROM classes WHERE instructor_id = %s ORDER BY lower(code), code",
            (row[0],),
        )
        return Instructor(id=row[0], name=row[1], classes=tuple(c for (c,) in codes))

    def instructors(self) -> list[Instructor]:
        rows = self._rows("SELECT id, name FROM instructors ORDER BY lower(name), name")
        return [self._instructor(row) for row in rows]

    def instructor_by_token(self, token_hash: str) -> Instructor | None:
        rows = self._rows("SELECT id, name FROM instructors WHERE token_hash = %s", (token_hash,))
        return self._instructor(rows[0]) if rows else None

    def class_owner(self, code: str) -> int | None:
        rows = self._rows(
            "SELECT instructor_id FROM classes WHERE lower(code) = lower(%s)", (code,)
        )
        return rows[0][0] if rows else None

    def classes(self, instructor_id: int) -> list[ClassSummary]:
        rows = self._rows(
            "SELECT c.code, COUNT(DISTINCT st.id), COUNT(s.id), c.scenario FROM classes c "
            "LEFT JOIN students st ON st.class_code = c.code "
            "LEFT JOIN sessions s ON s.student_id = st.id "
            "WHERE c.instructor_id = %s GROUP BY c.code ORDER BY lower(c.code), c.code",
            (instructor_id,),
        )
        return [ClassSummary(*r) for r in rows]

    def set_class_scenario(self, code: str, scenario: str | None) -> None:
        rows = self._rows(
            "UPDATE classes SET scenario = %s WHERE lower(code) = lower(%s) RETURNING code",
            (scenario, code),
        )
        if not rows:
            raise no_class(code)

    def class_scenario(self, code: str) -> str | None:
        rows = self._rows("SELECT scenario FROM classes WHERE lower(code) = lower(%s)", (code,))
        return rows[0][0] if rows else None

    def instructor_key(self, instructor_id: int) -> tuple[Instructor, str] | None:
        rows = self._rows(
            "SELECT id, name, token_hash FROM instructors WHERE id = %s", (instructor_id,)
        )
        return (self._instructor(rows[0][:2]), rows[0][2]) if rows else None

    # --- sessions and events ----------------------------------------------------------------

    def create_learner(self, *, name: str, class_code: str | None, token_hash: str) -> Learner:
        with self._write() as db:
            if class_code is not None:
                found = db.execute(
                    "SELECT code FROM classes WHERE lower(code) = lower(%s)", (class_code,)
                ).fetchone()
                if found is None:
                    raise no_class_to_join(class_code)
                class_code = found[0]  # as the instructor spelled it
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

    def learner_by_token(self, token_hash: str) -> Learner | None:
        rows = self._rows(
            "SELECT id, name, class_code FROM students WHERE token_hash = %s", (token_hash,)
        )
        return Learner(*rows[0]) if rows else None

    def create_session(self, *, learner: int, token_hash: str) -> SessionRecord:
        session_id = new_id()
        with self._write() as db:
            db.execute(
                postgres(shared.CREATE_SESSION), (session_id, learner, token_hash, utc_now())
            )
        record = self.session(session_id)
        assert record is not None
        return record

    @staticmethod
    def _session(row: tuple[Any, ...]) -> SessionRecord:
        return SessionRecord(
            id=row[0], student=row[1], class_code=row[2], started=row[3], ended=row[4],
            state=row[5], learner=row[6],
        )  # fmt: skip

    def session(self, session_id: str) -> SessionRecord | None:
        rows = self._rows(shared.SESSION + "WHERE s.id = %s", (session_id,))
        return self._session(rows[0]) if rows else None

    def session_by_token(self, token_hash: str) -> SessionRecord | None:
        rows = self._rows(shared.SESSION + "WHERE s.token_hash = %s", (token_hash,))
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

    def claim(self, session_id: str, holder: str) -> None:
        with self._write() as conn:
            conn.execute(postgres(shared.CLAIM), (holder, session_id))

    def heartbeat(self, session_ids: list[str], at: str) -> None:
        with self._write() as conn:
            conn.cursor().executemany(
                postgres(shared.HEARTBEAT), [(session_id, at) for session_id in session_ids]
            )

    def close_stale(self, before: str) -> int:
        with self._write() as conn:
            closed = conn.execute(_CLOSE_STALE, (before,)).rowcount
            conn.execute(shared.FORGET_HEARTBEATS)
        return closed

    def events(self, session_id: str) -> list[Event]:
        rows = self._rows(postgres(shared.EVENTS), (session_id,))
        return [Event(seq=r[0], at=r[1], kind=r[2], data=r[3]) for r in rows]

    # --- spaced review -----------------------------------------------------------------------

    def save_answer(self, learner: int, card: ItemCard, answered: Answered) -> None:
        with self._write() as db:
            db.execute(
                postgres(shared.SAVE_CARD),
                (learner, card.item, card.mode, card.fsrs, card.due, card.reviews,
                 card.last_review, card.last_correct, card.missed),
            )  # fmt: skip
            db.execute(
                postgres(shared.SAVE_ANSWER),
                (learner, answered.at, answered.item, answered.mode, answered.volume,
                 answered.correct),
            )  # fmt: skip

    def cards(self, learner: int) -> list[ItemCard]:
        return [shared.item_card(r) for r in self._rows(postgres(shared.CARDS), (learner,))]

    def card(self, learner: int, item: str, mode: ItemMode) -> ItemCard | None:
        rows = self._rows(postgres(shared.CARD), (learner, item, mode))
        return shared.item_card(rows[0]) if rows else None

    def answers(self, learner: int) -> list[Answered]:
        rows = self._rows(
            "SELECT item, mode, volume, at, correct FROM answers WHERE learner_id = %s "
            "ORDER BY at, id",
            (learner,),
        )
        return [Answered(*r) for r in rows]

    # --- what instructors read --------------------------------------------------------------

    def session_summary(self, session_id: str) -> SessionSummary | None:
        rows = self._rows(_SESSION_SUMMARY + "WHERE s.id = %s", (session_id,))
        return SessionSummary(*rows[0]) if rows else None

    def class_sessions(self, code: str) -> list[SessionSummary]:
        rows = self._rows(
            _SESSION_SUMMARY + f"WHERE st.class_code = {_CLASS} ORDER BY s.started, s.id",
            (code,),
        )
        return [SessionSummary(*row) for row in rows]

    def class_students(self, code: str) -> list[StudentSummary]:
        rows = self._rows(
            _STUDENT_SUMMARY + f"WHERE st.class_code = {_CLASS} GROUP BY st.id "
            "ORDER BY lower(st.name), st.name",
            (code,),
        )
        return [shared.student_summary(r) for r in rows]

    # --- corrections ------------------------------------------------------------------------

    def add_correction(
        self, class_code: str, *, line: str, document: str, turn: int, speaker: str
    ) -> Correction:
        rows = self._rows(
            "INSERT INTO corrections (class_code, line, document, turn, speaker, created) "
            f"VALUES ({_CLASS}, %s, %s, %s, %s, %s) "
            "RETURNING id, class_code, line, document, turn, speaker, created",
            (class_code, line, document, turn, speaker, utc_now()),
        )
        return Correction(*rows[0])

    def corrections(self, class_code: str) -> list[Correction]:
        rows = self._rows(
            shared.CORRECTION + f"WHERE class_code = {_CLASS} ORDER BY id DESC", (class_code,)
        )
        return [Correction(*row) for row in rows]

    def delete_correction(self, class_code: str, correction_id: int) -> bool:
        rows = self._rows(
            f"DELETE FROM corrections WHERE class_code = {_CLASS} AND id = %s RETURNING id",
            (class_code, correction_id),
        )
        return bool(rows)

    # --- the live feed ----------------------------------------------------------------------

    def class_heads(self, classes: list[str]) -> list[SessionHead]:
        if not classes:
            return []
        rows = self._rows(
            "SELECT s.id, st.class_code, st.name, s.last_seq "
            "FROM sessions s JOIN students st ON st.id = s.student_id "
            "WHERE lower(st.class_code) = ANY(%s)",
            ([c.lower() for c in classes],),
        )
        return [SessionHead(*row) for row in rows]

    def events_after(self, session_id: str, seq: int) -> list[Event]:
        rows = self._rows(postgres(shared.EVENTS_AFTER), (session_id, seq))
        return [Event(seq=r[0], at=r[1], kind=r[2], data=r[3]) for r in rows]
