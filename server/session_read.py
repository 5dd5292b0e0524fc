"""A session's events read in order into what an instructor reviews: its exchanges
(:mod:`server.exchanges`), its answered quiz questions (:mod:`server.quiz_items`), and the
events that could not be read, each reported (:mod:`server.unreadable`).

Pure functions of stored events, so the transcript view, the exports, the live feed and the
struggle view all read a session the same way, whichever store and process wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from server.exchanges import Exchange, after_pick, exchange_of
from server.quiz_items import QuizItem, quiz_item
from server.store import Event
from server.unreadable import Unreadable, unreadable, why


class SessionRead(NamedTuple):
    """A session's events as read: its exchanges and answered questions, in order, and the
    events that could not be read, each reported (and left out of the others)."""

    exchanges: list[Exchange]
    quiz: list[QuizItem]
    unreadable: list[Unreadable]


def read_session(session: str, student: str, events: Iterable[Event]) -> SessionRead:
    """Every exchange and every answered quiz question of one session, in order.

    An event whose data cannot be read (not JSON, or lacking what its kind needs) is reported
    in ``unreadable`` and read as if it were not there: one bad row must not hide the rest."""
    reader = SessionReader(session, student)
    reader.feed(events)
    return reader.read


class SessionReader:
    """One session's events read in order, as many at a time as come: what
    :func:`read_session` reads in one go, so that a session that moved on is read on from its
    newest event rather than from its first (the struggle view's live refresh). ``read``
    holds what was read; a later ``reply`` of status ``picked`` changes its last exchange,
    never one before it, so a reader may hand the ones before on and forget them."""

    def __init__(self, session: str, student: str) -> None:
        self.session, self.student = session, student
        self.read = SessionRead([], [], [])
        self._questions: dict[tuple[str, str], dict[str, Any]] = {}
        self._as: str | None = None
        self._pick: Event | None = None
        self._typed: str | None = None  # the last line's words as typed, for the reply after it

    def feed(self, events: Iterable[Event]) -> None:
        """Read ``events``, the session's next, into ``read``."""
        session, student, read = self.session, self.student, self.read
        for event in events:
            if event.problem is not None:
                read.unreadable.append(unreadable(session, student, event, event.problem))
                continue
            if event.kind == "line":
                text = event.data.get("text")
                self._typed = text if isinstance(text, str) else None
            try:
                self._as, self._pick = _read(
                    event,
                    read,
                    self._questions,
                    session=session,
                    student=student,
                    as_=self._as,
                    pick=self._pick,
                    typed=self._typed,
                )
            except (KeyError, TypeError, AttributeError, ValueError) as exc:
                read.unreadable.append(unreadable(session, student, event, why(exc)))


def _read(
    event: Event,
    read: SessionRead,
    questions: dict[tuple[str, str], dict[str, Any]],
    *,
    session: str,
    student: str,
    as_: str | None,
    pick: Event | None,
    typed: str | None,
) -> tuple[str | None, Event | None]:
    """One event read into ``read`` (or ``questions``, for the results after it); the
    character played and the pick waiting for its reply, after it. ``typed``: the last line's
    words as typed."""
    data, exchanges = event.data, read.exchanges
    if event.kind == "roleplay.start":
        as_ = data.get("as")
    elif event.kind == "pick":
        pick = event
    elif event.kind == "reply":
        if data.get("status") == "picked" and exchanges:
            exchanges[-1] = after_pick(exchanges[-1], pick, event)
        else:
            exchanges.append(
                exchange_of(event, session=session, student=student, as_=as_, typed=typed)
            )
        pick = None
    elif event.kind == "quiz.question":
        questions[(str(data.get("quiz")), str(data.get("id")))] = data
    elif event.kind == "quiz.result":
        read.quiz.append(quiz_item(event, questions, session=session, student=student))
    return as_, pick


def scenarios_by_seq(events: list[Event], scenario: str = "") -> dict[int, str]:
    """The scenario each role-play's events answered from, by the event's seq (the last
    ``roleplay.start`` before it; none for the whole record): a refusal within a scenario is
    one the rest of the record was not asked. Playing a conversation through within one, the
    student's words are searched within it too (``server.roleplay``). ``scenario``: the one
    in force before ``events``, where they are not the session's first."""
    within: dict[int, str] = {}
    for event in events:
        if event.kind == "roleplay.start" and event.problem is None:
            data = event.data
            scenario = str(data.get("scenario") or "")
        within[event.seq] = scenario
    return within
