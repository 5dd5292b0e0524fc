"""The store methods both databases run alike, written once over each database's few own parts.

:class:`ClassesBase` (instructors and classes) and :class:`StoreBase` (learners, sessions and their
events, spaced review) hold every method whose SQLite and PostgreSQL forms differed only in their
placeholders, in how a name is compared without case, or in how event data is read. Each database
supplies those differences in one small place, its classes module (:mod:`server.sqlite_classes`,
:mod:`server.postgres_classes`): how a statement of :mod:`server.store_sql` is sent
(:meth:`ClassesBase._sql`), a name's comparison and order (:meth:`ClassesBase._named`,
:meth:`ClassesBase._by_name`), the class code as stored (``_CLASS``), the summaries' JSON reading,
how stored event data is decoded (:meth:`ClassesBase._data`) and whether other processes are told
of a class's teachers (:meth:`ClassesBase._teachers_changed`). What really differs between the two
stays written out in each store: adding an instructor, a class or a learner while another process
may add the same, numbering and fencing a session's events, closing stale sessions, and adding a
correction (SQLite before 3.35 has no ``RETURNING``).

Every statement sent from here passes through :meth:`ClassesBase._sql`, dialect fragments
included: they are written in the dialect's own placeholders, which ``_sql`` leaves as they are.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from typing import Any, ClassVar

from server import store_sql as shared
from server.review import Answered, ItemCard, ItemMode
from server.store import (
    ClassSummary,
    Correction,
    Event,
    FeedItem,
    Instructor,
    Learner,
    SessionRecord,
    SessionSummary,
    StudentSummary,
    Teacher,
    new_id,
    utc_now,
)
from server.store_connection import Connection
from server.store_refusals import (
    last_teacher,
    no_class,
    no_class_to_join,
    no_colleague,
    no_instructor,
    not_teaching,
)


class ClassesBase(ABC):
    """Instructors, classes and corrections: the methods both databases run alike."""

    # The class code as its instructor spelled it, from the code as a student or URL typed it:
    # a subquery taking one parameter.
    _CLASS: ClassVar[str]
    # Counts per session and per student (store_sql.session_summaries, student_summaries),
    # with the dialect's reading of an event's JSON.
    _SESSION_SUMMARY: ClassVar[str]
    _STUDENT_SUMMARY: ClassVar[str]

    # --- what each database supplies --------------------------------------------------------

    @abstractmethod
    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of one statement, outside any transaction."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[Connection]:
        """A connection whose statements commit together at the block's end, or not at all."""

    @abstractmethod
    def _sql(self, statement: str) -> str:
        """``statement``, written with SQLite's ``?`` placeholders, as this database takes it."""

    @abstractmethod
    def _named(self, column: str) -> str:
        """The test that a name or code ``column`` equals one parameter, without case."""

    @abstractmethod
    def _by_name(self, column: str) -> str:
        """An ORDER BY of a name or code ``column`` without case (ties: as written)."""

    @abstractmethod
    def _data(self, stored: Any) -> tuple[Any, str | None]:
        """An event's stored data as the driver returned it: the decoded value (or
        :class:`server.store_sql.Undecoded`), and its text as stored where the driver decoded
        it for us (None where it is ``stored`` itself)."""

    @abstractmethod
    def _claim_classes(self, db: Connection, instructor_id: int, codes: list[str]) -> None:
        """Give the instructor the classes ``codes``, creating those that do not exist."""

    @abstractmethod
    def _class_and_instructor(self, db: Connection, code: str, name: str) -> tuple[str, int | None]:
        """The class's code as stored (NotFound: none) and the id of the instructor ``name``
        (None: no such instructor), inside a write that changes the class's teachers."""

    @abstractmethod
    def _teachers_changed(self, db: Connection, code: str) -> None:
        """Tell, with the write's commit, every process's live pages that the teachers of the
        class ``code`` (as stored) changed."""

    # --- instructors and classes ------------------------------------------------------------

    def add_classes(self, name: str, classes: list[str]) -> Instructor:
        with self._write() as db:
            row = db.execute(
                self._sql(f"SELECT id FROM instructors WHERE {self._named('name')}"), (name,)
            ).fetchone()
            if row is None:
                raise no_instructor(name)
            self._claim_classes(db, row[0], classes)
        return self._instructor_named(name)

    def replace_token(self, name: str, token_hash: str) -> Instructor:
        with self._write() as db:
            cur = db.execute(
                self._sql(f"UPDATE instructors SET token_hash = ? WHERE {self._named('name')}"),
                (token_hash, name),
            )
            if cur.rowcount == 0:
                raise no_instructor(name)
        return self._instructor_named(name)

    def _instructor_named(self, name: str) -> Instructor:
        rows = self._rows(
            self._sql(f"SELECT id, name FROM instructors WHERE {self._named('name')}"), (name,)
        )
        return self._instructor(rows[0])

    def _instructor(self, row: tuple[Any, ...]) -> Instructor:
        codes = self._rows(self._sql(shared.TAUGHT + self._by_name("class_code")), (row[0],))
        return Instructor(id=row[0], name=row[1], classes=tuple(c for (c,) in codes))

    def instructors(self) -> list[Instructor]:
        rows = self._rows(
            self._sql(f"SELECT id, name FROM instructors ORDER BY {self._by_name('name')}")
        )
        return [self._instructor(row) for row in rows]

    def instructor_by_token(self, token_hash: str) -> Instructor | None:
        rows = self._rows(self._sql(shared.INSTRUCTOR_BY_TOKEN), (token_hash,))
        return self._instructor(rows[0]) if rows else None

    def class_teachers(self, code: str) -> list[Teacher]:
        return shared.teacher_list(self._rows(self._sql(shared.teachers(self._CLASS)), (code,)))

    def share_class(self, code: str, name: str) -> list[Teacher]:
        with self._write() as db:
            stored, colleague = self._class_and_instructor(db, code, name)
            if colleague is None:
                names = db.execute(self._sql(shared.INSTRUCTOR_NAMES), ()).fetchall()
                raise no_colleague(name, (n for (n,) in names))
            db.execute(self._sql(shared.SHARE), (stored, colleague, utc_now()))
            self._teachers_changed(db, stored)
        return self.class_teachers(code)

    def unshare_class(self, code: str, name: str) -> list[Teacher]:
        with self._write() as db:
            stored, colleague = self._class_and_instructor(db, code, name)
            teachers = db.execute(self._sql(shared.teachers(self._CLASS)), (code,)).fetchall()
            found = [t for t in teachers if t[1] == colleague]
            if not found:
                raise not_teaching(stored, name)
            if len(teachers) == 1:
                raise last_teacher(stored, found[0][2])
            db.execute(self._sql(shared.UNSHARE), (stored, colleague))
            self._teachers_changed(db, stored)
        return self.class_teachers(code)

    def classes(self, instructor_id: int) -> list[ClassSummary]:
        rows = self._rows(
            self._sql(shared.CLASS_SUMMARIES + self._by_name("c.code")), (instructor_id,)
        )
        summaries = [
            ClassSummary(r[0], r[1], r[2], r[3], strict=bool(r[4]), last_session_started=r[5])
            for r in rows
        ]
        colleagues = self._rows(self._sql(shared.COLLEAGUES), (instructor_id,))
        return shared.with_teachers(summaries, colleagues)

    def colleagues(self, instructor_id: int) -> dict[str, list[str]]:
        return shared.colleague_names(self._rows(self._sql(shared.COLLEAGUES), (instructor_id,)))

    def set_class_scenario(self, code: str, scenario: str | None) -> None:
        self._set_class("scenario", code, scenario)

    def class_scenario(self, code: str) -> str | None:
        rows = self._rows(
            self._sql(f"SELECT scenario FROM classes WHERE {self._named('code')}"), (code,)
        )
        return rows[0][0] if rows else None

    def set_class_strict(self, code: str, strict: bool) -> None:
        self._set_class("strict", code, strict)

    def class_strict(self, code: str) -> bool:
        rows = self._rows(
            self._sql(f"SELECT strict FROM classes WHERE {self._named('code')}"), (code,)
        )
        return bool(rows and rows[0][0])

    def _set_class(self, column: str, code: str, value: str | bool | None) -> None:
        """Set one of a class's settings (``column``, not a parameter: ours, never a caller's);
        NotFound if there is no such class."""
        with self._write() as db:
            cur = db.execute(
                self._sql(f"UPDATE classes SET {column} = ? WHERE {self._named('code')}"),
                (value, code),
            )
            if cur.rowcount == 0:
                raise no_class(code)

    def _class_to_join(self, db: Connection, code: str | None) -> str | None:
        """The class ``code`` a new learner joins, as its instructor spelled it (None: no
        class, practice alone); NotFound if there is no such class."""
        if code is None:
            return None
        found = db.execute(
            self._sql(f"SELECT code FROM classes WHERE {self._named('code')}"), (code,)
        ).fetchone()
        if found is None:
            raise no_class_to_join(code)
        return str(found[0])

    def instructor_key(self, instructor_id: int) -> tuple[Instructor, str] | None:
        rows = self._rows(self._sql(shared.INSTRUCTOR_KEY), (instructor_id,))
        return (self._instructor(rows[0][:2]), rows[0][2]) if rows else None

    # --- what instructors read --------------------------------------------------------------

    def session_summary(self, session_id: str) -> SessionSummary | None:
        rows = self._rows(self._sql(self._SESSION_SUMMARY + "WHERE s.id = ?"), (session_id,))
        return SessionSummary(*rows[0]) if rows else None

    def class_sessions(self, code: str) -> list[SessionSummary]:
        rows = self._rows(
            self._sql(
                self._SESSION_SUMMARY
                + f"WHERE st.class_code = {self._CLASS} ORDER BY s.started, s.id"
            ),
            (code,),
        )
        return [SessionSummary(*row) for row in rows]

    def class_students(self, code: str) -> list[StudentSummary]:
        rows = self._rows(
            self._sql(
                self._STUDENT_SUMMARY + f"WHERE st.class_code = {self._CLASS} GROUP BY st.id "
                f"ORDER BY {self._by_name('st.name')}"
            ),
            (code,),
        )
        return [shared.student_summary(r) for r in rows]

    # --- corrections ------------------------------------------------------------------------

    def corrections(self, class_code: str) -> list[Correction]:
        rows = self._rows(
            self._sql(shared.CORRECTION + f"WHERE class_code = {self._CLASS} ORDER BY id DESC"),
            (class_code,),
        )
        return [Correction(*row) for row in rows]

    def delete_correction(self, class_code: str, correction_id: int) -> bool:
        if not 0 < correction_id < 2**63:
            # no row has it (an id is a signed 64-bit integer), and SQLite cannot even be asked:
            # DELETE /api/classes/C/corrections/81033850728020380786496634880 was a 500
            return False
        with self._write() as db:
            cur = db.execute(
                self._sql(f"DELETE FROM corrections WHERE class_code = {self._CLASS} AND id = ?"),
                (class_code, correction_id),
            )
            return cur.rowcount > 0

    # --- the live feed of a class -----------------------------------------------------------

    def class_recent(
        self, code: str, kinds: tuple[str, ...], limit: int, before: tuple[str, int] | None = None
    ) -> list[FeedItem]:
        query = self._sql(shared.class_recent(self._CLASS, len(kinds), before is not None))
        rows = self._rows(query, (code, *kinds, *shared.placed(before), limit))
        return [shared.feed_item(row, *self._data(row[6])) for row in reversed(rows)]


class StoreBase(ClassesBase):
    """Learners, sessions, events and spaced review: the methods both databases run alike."""

    # The tiebreak after an answer's time: the order the answers were written in.
    _ANSWERED_ORDER: ClassVar[str]

    # --- sessions and events ----------------------------------------------------------------

    def learner_by_token(self, token_hash: str) -> Learner | None:
        rows = self._rows(self._sql(shared.LEARNER_BY_TOKEN), (token_hash,))
        return Learner(*rows[0]) if rows else None

    def create_session(self, *, learner: int, token_hash: str) -> SessionRecord:
        session_id = new_id()
        with self._write() as db:
            db.execute(
                self._sql(shared.CREATE_SESSION), (session_id, learner, token_hash, utc_now())
            )
        record = self.session(session_id)
        assert record is not None
        return record

    def session(self, session_id: str) -> SessionRecord | None:
        rows = self._rows(self._sql(shared.SESSION + "WHERE s.id = ?"), (session_id,))
        return shared.session_record(rows[0]) if rows else None

    def session_by_token(self, token_hash: str) -> SessionRecord | None:
        rows = self._rows(self._sql(shared.SESSION + "WHERE s.token_hash = ?"), (token_hash,))
        return shared.session_record(rows[0]) if rows else None

    def claim(self, session_id: str, holder: str) -> None:
        with self._write() as db:
            db.execute(self._sql(shared.CLAIM), (holder, session_id))

    def forget_unwelcomed(self, session_id: str | None, learner: int | None, holder: str) -> bool:
        with self._write() as db:
            found = (
                session_id is not None
                and db.execute(self._sql(shared.UNWELCOMED), (session_id, holder)).fetchone()
            )
            for statement in shared.FORGET_SESSION if found else ():
                db.execute(self._sql(statement), (session_id,))
            if learner is not None:
                db.execute(self._sql(shared.FORGET_LEARNER), (learner,) * 4)
        return bool(found)

    def forget_never_welcomed(self, before: str) -> int:
        forget_beat, forget_session = (self._sql(s) for s in shared.FORGET_NEVER_WELCOMED)
        with self._write() as db:
            found = db.execute(self._sql(shared.NEVER_WELCOMED), (before, before)).fetchall()
            gone = 0
            for (session_id,) in found:
                db.execute(forget_beat, (session_id,))
                gone += db.execute(forget_session, (session_id,)).rowcount
        return gone

    def heartbeat(self, session_ids: list[str], at: str) -> None:
        with self._write() as db:
            db.cursor().executemany(
                self._sql(shared.HEARTBEAT), [(session_id, at) for session_id in session_ids]
            )

    def events(self, session_id: str) -> list[Event]:
        return [self._event(r) for r in self._rows(self._sql(shared.EVENTS), (session_id,))]

    def events_after(self, session_id: str, seq: int) -> list[Event]:
        rows = self._rows(self._sql(shared.EVENTS_AFTER), (session_id, seq))
        return [self._event(r) for r in rows]

    def _event(self, row: tuple[Any, ...]) -> Event:
        return shared.event(row, *self._data(row[3]))

    # --- spaced review -----------------------------------------------------------------------

    def save_answer(self, learner: int, card: ItemCard | None, answered: Answered) -> None:
        with self._write() as db:
            if card is not None:
                db.execute(
                    self._sql(shared.SAVE_CARD),
                    (learner, card.item, card.mode, card.fsrs, card.due, card.reviews,
                     card.last_review, card.last_correct, card.missed),
                )  # fmt: skip
            db.execute(
                self._sql(shared.SAVE_ANSWER),
                (learner, answered.at, answered.item, answered.mode, answered.volume,
                 answered.correct),
            )  # fmt: skip

    def cards(self, learner: int) -> list[ItemCard]:
        return [shared.item_card(r) for r in self._rows(self._sql(shared.CARDS), (learner,))]

    def card(self, learner: int, item: str, mode: ItemMode) -> ItemCard | None:
        rows = self._rows(self._sql(shared.CARD), (learner, item, mode))
        return shared.item_card(rows[0]) if rows else None

    def answers(self, learner: int) -> list[Answered]:
        rows = self._rows(self._sql(shared.ANSWERS + self._ANSWERED_ORDER), (learner,))
        return [shared.answered(r) for r in rows]
