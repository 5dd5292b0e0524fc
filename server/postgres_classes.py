"""What the PostgreSQL store keeps of instructors and their classes: accounts, class codes and
who teaches each (a class shared among several), scenarios and strictness, corrections, and
the per-session and per-student counts instructors read.

Split from :mod:`server.store_postgres` (learners, sessions and their events) along the line
between the classroom's records and a student's, as the SQLite store is
(:mod:`server.sqlite_classes`). Class codes and instructors' names are compared without case.
"""

from __future__ import annotations

from typing import Any

import psycopg
import psycopg.errors

from server import store_sql as shared
from server.postgres_database import PostgresDatabase
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
from server.store_sql import postgres

_QUIZ_CORRECT = "e.data->>'correct' = 'true'"
_PICKED = "e.data->>'status' = 'picked'"
_SESSION_SUMMARY = shared.session_summaries(_QUIZ_CORRECT, _PICKED)
_STUDENT_SUMMARY = shared.student_summaries(
    quiz_correct=_QUIZ_CORRECT,
    # a closeness that is not a number (an event edited by hand) is none, not a failed query
    closeness="CASE WHEN json_typeof(e.data->'script'->'closeness') = 'number' "
    "THEN (e.data->'script'->>'closeness')::float8 END",
    picked=_PICKED,
)
# The class code as its instructor spelled it, from the code as a student or URL typed it.
_CLASS = "(SELECT code FROM classes WHERE lower(code) = lower(%s))"
_TEACHERS = postgres(shared.teachers(_CLASS))
_SHARE = postgres(shared.SHARE)
# NOTIFY of a class's code when its teachers change (shared, unshared, created), committed with
# the change: every process's open live pages then read at once which classes they teach.
TEACHERS_CHANNEL = "backchannel_teachers"
_TELL = "SELECT pg_notify(%s, %s)"


class PostgresClasses(PostgresDatabase):
    """Instructors, classes and corrections on PostgreSQL (the half of :class:`PostgresStore`
    that an instructor's token, the CLI and the instructor page use)."""

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
            created = db.execute(
                "INSERT INTO classes (code, instructor_id, created) VALUES (%s, %s, %s) "
                "ON CONFLICT DO NOTHING RETURNING code",
                (code, instructor_id, utc_now()),
            ).fetchone()
            if created is not None:
                db.execute(_SHARE, (code, instructor_id, utc_now()))
                db.execute(_TELL, (TEACHERS_CHANNEL, code))
                continue
            # another's, or ours: a class created at this instant waits for its creator's commit
            teachers = db.execute(_TEACHERS, (code,)).fetchall()
            if instructor_id not in (t[1] for t in teachers):
                raise class_taken(code, [t[2] for t in teachers])

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
        codes = self._rows(postgres(shared.TAUGHT + "lower(class_code), class_code"), (row[0],))
        return Instructor(id=row[0], name=row[1], classes=tuple(c for (c,) in codes))

    def instructors(self) -> list[Instructor]:
        rows = self._rows("SELECT id, name FROM instructors ORDER BY lower(name), name")
        return [self._instructor(row) for row in rows]

    def instructor_by_token(self, token_hash: str) -> Instructor | None:
        rows = self._rows(postgres(shared.INSTRUCTOR_BY_TOKEN), (token_hash,))
        return self._instructor(rows[0]) if rows else None

    def class_teachers(self, code: str) -> list[Teacher]:
        return shared.teacher_list(self._rows(_TEACHERS, (code,)))

    def share_class(self, code: str, name: str) -> list[Teacher]:
        with self._write() as db:
            stored, colleague = self._class_and_instructor(db, code, name)
            if colleague is None:
                names = db.execute(shared.INSTRUCTOR_NAMES).fetchall()
                raise no_colleague(name, (n for (n,) in names))
            db.execute(_SHARE, (stored, colleague, utc_now()))
            db.execute(_TELL, (TEACHERS_CHANNEL, stored))
        return self.class_teachers(code)

    def unshare_class(self, code: str, name: str) -> list[Teacher]:
        with self._write() as db:
            stored, colleague = self._class_and_instructor(db, code, name)
            teachers = db.execute(_TEACHERS, (code,)).fetchall()
            found = [t for t in teachers if t[1] == colleague]
            if not found:
                raise not_teaching(stored, name)
            if len(teachers) == 1:
                raise last_teacher(stored, found[0][2])
            db.execute(postgres(shared.UNSHARE), (stored, colleague))
            db.execute(_TELL, (TEACHERS_CHANNEL, stored))
        return self.class_teachers(code)

    def _class_and_instructor(
        self, db: psycopg.Connection, code: str, name: str
    ) -> tuple[str, int | None]:
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

    def classes(self, instructor_id: int) -> list[ClassSummary]:
        rows = self._rows(
            postgres(shared.CLASS_SUMMARIES + "lower(c.code), c.code"), (instructor_id,)
        )
        colleagues = self._rows(postgres(shared.COLLEAGUES), (instructor_id,))
        return shared.with_teachers([ClassSummary(*r) for r in rows], colleagues)

    def colleagues(self, instructor_id: int) -> dict[str, list[str]]:
        return shared.colleague_names(self._rows(postgres(shared.COLLEAGUES), (instructor_id,)))

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

    def set_class_strict(self, code: str, strict: bool) -> None:
        rows = self._rows(
            "UPDATE classes SET strict = %s WHERE lower(code) = lower(%s) RETURNING code",
            (strict, code),
        )
        if not rows:
            raise no_class(code)

    def class_strict(self, code: str) -> bool:
        rows = self._rows("SELECT strict FROM classes WHERE lower(code) = lower(%s)", (code,))
        return bool(rows and rows[0][0])

    def instructor_key(self, instructor_id: int) -> tuple[Instructor, str] | None:
        rows = self._rows(postgres(shared.INSTRUCTOR_KEY), (instructor_id,))
        return (self._instructor(rows[0][:2]), rows[0][2]) if rows else None

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

    def class_recent(
        self, code: str, kinds: tuple[str, ...], limit: int, before: tuple[str, int] | None = None
    ) -> list[FeedItem]:
        query = postgres(shared.class_recent(_CLASS, len(kinds), before is not None))
        rows = self._rows(query, (code, *kinds, *shared.placed(before), limit))
        return [shared.feed_item(row, row[6]) for row in reversed(rows)]
