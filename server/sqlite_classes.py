"""What the SQLite store keeps of instructors and their classes: accounts, class codes and
who teaches each (a class shared among several), scenarios and strictness, corrections, and
the per-session and per-student counts instructors read.

Split from :mod:`server.store_sqlite` (learners, sessions and their events) along the line
between the classroom's records and a student's; the statements sent as the PostgreSQL store
sends them are in :mod:`server.store_sql`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from server import store_sql as shared
from server.sqlite_database import SQLiteDatabase
from server.store import (
    ClassSummary,
    Correction,
    FeedItem,
    Instructor,
    SessionHead,
    SessionSummary,
    StudentSummary,
    Teacher,
    utc_now,
)
from server.store_refusals import (
    class_taken,
    instructor_exists,
    last_teacher,
    no_class,
    no_colleague,
    no_instructor,
    not_teaching,
)


def _field(path: str) -> str:
    """An event's field, NULL where its data is not JSON: json_extract fails the whole query on
    one row it cannot parse (a row edited by hand), and the class's lists with it."""
    return f"CASE WHEN json_valid(e.data) THEN json_extract(e.data, '{path}') END"


_QUIZ_CORRECT = f"{_field('$.correct')} = 1"
_PICKED = f"{_field('$.status')} = 'picked'"
_SESSION_SUMMARY = shared.session_summaries(_QUIZ_CORRECT, _PICKED)
_STUDENT_SUMMARY = shared.student_summaries(
    quiz_correct=_QUIZ_CORRECT,
    closeness=_field("$.script.closeness"),
    picked=_PICKED,
)
# The class code as its instructor spelled it, from the code as a student or URL typed it.
_CLASS = "(SELECT code FROM classes WHERE code = ?)"


class SQLiteClasses(SQLiteDatabase):
    """Instructors, classes and corrections on SQLite (the half of :class:`SQLiteStore` that an
    instructor's token, the CLI and the instructor page use)."""

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
            teachers = db.execute(shared.teachers(_CLASS), (code,)).fetchall()
            if not teachers:
                db.execute(
                    "INSERT INTO classes (code, instructor_id, created) VALUES (?, ?, ?)",
                    (code, instructor_id, utc_now()),
                )
                db.execute(shared.SHARE, (code, instructor_id, utc_now()))
            elif instructor_id not in (t[1] for t in teachers):
                raise class_taken(code, [t[2] for t in teachers])

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
        codes = self._rows(shared.TAUGHT + "class_code", (row[0],))
        return Instructor(id=row[0], name=row[1], classes=tuple(c for (c,) in codes))

    def instructors(self) -> list[Instructor]:
        rows = self._rows("SELECT id, name FROM instructors ORDER BY name")
        return [self._instructor(row) for row in rows]

    def instructor_by_token(self, token_hash: str) -> Instructor | None:
        rows = self._rows(shared.INSTRUCTOR_BY_TOKEN, (token_hash,))
        return self._instructor(rows[0]) if rows else None

    def class_teachers(self, code: str) -> list[Teacher]:
        return shared.teacher_list(self._rows(shared.teachers(_CLASS), (code,)))

    def share_class(self, code: str, name: str) -> list[Teacher]:
        with self._write() as db:
            stored, colleague = self._class_and_instructor(db, code, name)
            if colleague is None:
                raise no_colleague(name, (n for (n,) in db.execute(shared.INSTRUCTOR_NAMES)))
            db.execute(shared.SHARE, (stored, colleague, utc_now()))
        return self.class_teachers(code)

    def unshare_class(self, code: str, name: str) -> list[Teacher]:
        with self._write() as db:
            stored, colleague = self._class_and_instructor(db, code, name)
            teachers = db.execute(shared.teachers(_CLASS), (code,)).fetchall()
            found = [t for t in teachers if t[1] == colleague]
            if not found:
                raise not_teaching(stored, name)
            if len(teachers) == 1:
                raise last_teacher(stored, found[0][2])
            db.execute(shared.UNSHARE, (stored, colleague))
        return self.class_teachers(code)

    def _class_and_instructor(
        self, db: sqlite3.Connection, code: str, name: str
    ) -> tuple[str, int | None]:
        """The class's code as stored (NotFound: none) and the id of the instructor ``name``."""
        stored = db.execute("SELECT code FROM classes WHERE code = ?", (code,)).fetchone()
        if stored is None:
            raise no_class(code)
        row = db.execute("SELECT id FROM instructors WHERE name = ?", (name,)).fetchone()
        return stored[0], None if row is None else row[0]

    def classes(self, instructor_id: int) -> list[ClassSummary]:
        rows = self._rows(shared.CLASS_SUMMARIES + "c.code", (instructor_id,))
        summaries = [ClassSummary(r[0], r[1], r[2], r[3], strict=bool(r[4])) for r in rows]
        return shared.with_teachers(summaries, self._rows(shared.COLLEAGUES, (instructor_id,)))

    def colleagues(self, instructor_id: int) -> dict[str, list[str]]:
        return shared.colleague_names(self._rows(shared.COLLEAGUES, (instructor_id,)))

    def set_class_scenario(self, code: str, scenario: str | None) -> None:
        with self._write() as db:
            cur = db.execute("UPDATE classes SET scenario = ? WHERE code = ?", (scenario, code))
        if cur.rowcount == 0:
            raise no_class(code)

    def class_scenario(self, code: str) -> str | None:
        rows = self._rows("SELECT scenario FROM classes WHERE code = ?", (code,))
        return rows[0][0] if rows else None

    def set_class_strict(self, code: str, strict: bool) -> None:
        with self._write() as db:
            cur = db.execute("UPDATE classes SET strict = ? WHERE code = ?", (int(strict), code))
        if cur.rowcount == 0:
            raise no_class(code)

    def class_strict(self, code: str) -> bool:
        rows = self._rows("SELECT strict FROM classes WHERE code = ?", (code,))
        return bool(rows and rows[0][0])

    def instructor_key(self, instructor_id: int) -> tuple[Instructor, str] | None:
        rows = self._rows(shared.INSTRUCTOR_KEY, (instructor_id,))
        return (self._instructor(rows[0][:2]), rows[0][2]) if rows else None

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

    def class_recent(
        self, code: str, kinds: tuple[str, ...], limit: int, before: tuple[str, int] | None = None
    ) -> list[FeedItem]:
        query = shared.class_recent(_CLASS, len(kinds), before is not None)
        rows = self._rows(query, (code, *kinds, *shared.placed(before), limit))
        return [shared.feed_item(row, shared.decoded(row[6]), row[6]) for row in reversed(rows)]
