"""What the PostgreSQL store keeps of instructors and their classes: accounts, class codes and
who teaches each (a class shared among several), scenarios and strictness, corrections, and
the per-session and per-student counts instructors read.

Split from :mod:`server.store_postgres` (learners, sessions and their events) along the line
between the classroom's records and a student's, as the SQLite store is
(:mod:`server.sqlite_classes`). Class codes and instructors' names are compared without case.
The methods both stores run alike are :class:`server.store_base.ClassesBase`'s, and this module
gives it PostgreSQL's own parts (``%s`` placeholders, ``lower()``, JSON decoded by psycopg).
"""

from __future__ import annotations

from typing import Any

import psycopg
import psycopg.errors

from server import store_sql as shared
from server.postgres_database import PostgresDatabase
from server.store import Correction, Instructor, SessionHead, utc_now
from server.store_base import ClassesBase
from server.store_connection import Connection
from server.store_refusals import class_taken, instructor_exists, no_class
from server.store_sql import postgres

# An event's data as the summaries read it. PostgreSQL's JSON column keeps a ``\u0000`` escape,
# which events stored before server.nul refused one hold, but its operators cannot turn one
# into text: ``data->>'correct'`` failed on such an event, and every count of its class with it
# (a 500 on the students, sessions, exports, struggles...). The escape is read as U+FFFD here
# (the stored data stays as it was); the summaries read only a quiz answer's ``correct``, a
# reply's ``status`` and its closeness, never the line that held the NUL.
_DATA = "replace(e.data::text, '\\u0000', '\\ufffd')::json"
_QUIZ_CORRECT = f"{_DATA}->>'correct' = 'true'"
_PICKED = f"{_DATA}->>'status' = 'picked'"
# The class code as its instructor spelled it, from the code as a student or URL typed it.
_STORED_CODE = "(SELECT code FROM classes WHERE lower(code) = lower(%s))"
_TEACHERS = postgres(shared.teachers(_STORED_CODE))
_SHARE = postgres(shared.SHARE)
# NOTIFY of a class's code when its teachers change (shared, unshared, created), committed with
# the change: every process's open live pages then read at once which classes they teach.
TEACHERS_CHANNEL = "backchannel_teachers"
_TELL = "SELECT pg_notify(%s, %s)"


class PostgresClasses(PostgresDatabase, ClassesBase):
    """Instructors, classes and corrections on PostgreSQL (the half of :class:`PostgresStore`
    that an instructor's token, the CLI and the instructor page use): what :class:`ClassesBase`
    does not do alike on both databases, and PostgreSQL's own parts of what it does."""

    _CLASS = _STORED_CODE
    _SESSION_SUMMARY = shared.session_summaries(_QUIZ_CORRECT, _PICKED)
    _STUDENT_SUMMARY = shared.student_summaries(
        quiz_correct=_QUIZ_CORRECT,
        # a closeness that is not a number (an event edited by hand) is none, not a failed query
        closeness=f"CASE WHEN json_typeof({_DATA}->'script'->'closeness') = 'number' "
        f"THEN ({_DATA}->'script'->>'closeness')::float8 END",
        picked=_PICKED,
    )

    def _sql(self, statement: str) -> str:
        return postgres(statement)

    # Names and codes are compared without case by lower(), which their unique indexes index.
    def _named(self, column: str) -> str:
        return f"lower({column}) = lower(?)"

    def _by_name(self, column: str) -> str:
        return f"lower({column}), {column}"

    def _data(self, stored: Any) -> tuple[Any, str | None]:
        return stored, None  # psycopg decodes a JSON column

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

    def _claim_classes(self, db: Connection, instructor_id: int, codes: list[str]) -> None:
        for code in codes:
            created = db.execute(
                "INSERT INTO classes (code, instructor_id, created) VALUES (%s, %s, %s) "
                "ON CONFLICT DO NOTHING RETURNING code",
                (code, instructor_id, utc_now()),
            ).fetchone()
            if created is not None:
                db.execute(_SHARE, (code, instructor_id, utc_now()))
                self._teachers_changed(db, code)
                continue
            # another's, or ours: a class created at this instant waits for its creator's commit
            teachers = db.execute(_TEACHERS, (code,)).fetchall()
            if instructor_id not in (t[1] for t in teachers):
                raise class_taken(code, [t[2] for t in teachers])

    def _teachers_changed(self, db: Connection, code: str) -> None:
        db.execute(_TELL, (TEACHERS_CHANNEL, code))

    def _class_and_instructor(self, db: Connection, code: str, name: str) -> tuple[str, int | None]:
        """The class's code as stored (NotFound: none), its row locked until the transaction
        ends so that two removals at once cannot leave it no teacher, and the id of the
        instructor ``name``."""
        stored = db.execute(
            "SELECT code FROM classes WHERE lower(code) = lower(%s) FOR UPDATE", (code,)
        ).fetchone()
        if stored is None:
            raise no_class(code)
        row = db.execute(
            "SELECT id FROM instructors WHERE lower(name) = lower(%s)", (name,)
        ).fetchone()
        return stored[0], None if row is None else row[0]

    # --- corrections ------------------------------------------------------------------------

    def add_correction(
        self,
        class_code: str,
        *,
        line: str,
        document: str | None,
        turn: int | None,
        speaker: str,
    ) -> Correction:
        rows = self._rows(
            "INSERT INTO corrections (class_code, line, document, turn, speaker, created) "
            f"VALUES ({self._CLASS}, %s, %s, %s, %s, %s) "
            "RETURNING id, class_code, line, document, turn, speaker, created",
            (class_code, line, document, turn, speaker, utc_now()),
        )
        return Correction(*rows[0])

    # --- the live feed of a class -----------------------------------------------------------

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
