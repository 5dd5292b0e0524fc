"""What the SQLite store keeps of instructors and their classes: accounts, class codes and
who teaches each (a class shared among several), scenarios and strictness, corrections, and
the per-session and per-student counts instructors read.

Split from :mod:`server.store_sqlite` (learners, sessions and their events) along the line
between the classroom's records and a student's. The methods both stores run alike are
:class:`server.store_base.ClassesBase`'s, and this module gives it SQLite's own parts (names
compared by their columns' NOCASE, JSON kept as text); the statements sent as the PostgreSQL
store sends them are in :mod:`server.store_sql`.
"""

from __future__ import annotations

from typing import Any

from server import store_sql as shared
from server.sqlite_database import SQLiteDatabase
from server.store import Correction, Instructor, SessionHead, utc_now
from server.store_base import ClassesBase
from server.store_connection import Connection
from server.store_refusals import class_taken, instructor_exists, no_class


def _field(path: str) -> str:
    """An event's field, NULL where its data is not JSON: json_extract fails the whole query on
    one row it cannot parse (a row edited by hand), and the class's lists with it."""
    return f"CASE WHEN json_valid(e.data) THEN json_extract(e.data, '{path}') END"


_QUIZ_CORRECT = f"{_field('$.correct')} = 1"
_PICKED = f"{_field('$.status')} = 'picked'"


class SQLiteClasses(SQLiteDatabase, ClassesBase):
    """Instructors, classes and corrections on SQLite (the half of :class:`SQLiteStore` that an
    instructor's token, the CLI and the instructor page use): what :class:`ClassesBase` does
    not do alike on both databases, and SQLite's own parts of what it does."""

    # Names and codes are compared without case by their columns' own COLLATE NOCASE.
    _CLASS = "(SELECT code FROM classes WHERE code = ?)"
    _SESSION_SUMMARY = shared.session_summaries(_QUIZ_CORRECT, _PICKED)
    _STUDENT_SUMMARY = shared.student_summaries(
        quiz_correct=_QUIZ_CORRECT,
        closeness=_field("$.script.closeness"),
        picked=_PICKED,
    )

    def _sql(self, statement: str) -> str:
        return statement

    def _named(self, column: str) -> str:
        return f"{column} = ?"

    def _by_name(self, column: str) -> str:
        return column

    def _data(self, stored: Any) -> tuple[Any, str | None]:
        return shared.decoded(stored), stored  # SQLite keeps JSON as text

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

    def _claim_classes(self, db: Connection, instructor_id: int, codes: list[str]) -> None:
        for code in codes:
            teachers = db.execute(shared.teachers(self._CLASS), (code,)).fetchall()
            if not teachers:
                db.execute(
                    "INSERT INTO classes (code, instructor_id, created) VALUES (?, ?, ?)",
                    (code, instructor_id, utc_now()),
                )
                db.execute(shared.SHARE, (code, instructor_id, utc_now()))
            elif instructor_id not in (t[1] for t in teachers):
                raise class_taken(code, [t[2] for t in teachers])

    def _teachers_changed(self, db: Connection, code: str) -> None:
        """Nothing to tell: one process serves a SQLite file, and its live pages read who
        teaches a class every poll (:mod:`server.teaching`)."""

    def _class_and_instructor(self, db: Connection, code: str, name: str) -> tuple[str, int | None]:
        """The class's code as stored (NotFound: none) and the id of the instructor ``name``."""
        stored = db.execute("SELECT code FROM classes WHERE code = ?", (code,)).fetchone()
        if stored is None:
            raise no_class(code)
        row = db.execute("SELECT id FROM instructors WHERE name = ?", (name,)).fetchone()
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
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO corrections (class_code, line, document, turn, speaker, created) "
                f"VALUES ({self._CLASS}, ?, ?, ?, ?, ?)",
                (class_code, line, document, turn, speaker, utc_now()),
            )
            row = db.execute(shared.CORRECTION + "WHERE id = ?", (cur.lastrowid,)).fetchone()
        return Correction(*row)

    # --- the live feed of a class -----------------------------------------------------------

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
