"""The statements both session stores send alike, written once so that the two cannot drift.

They are written with SQLite's ``?`` placeholders, which the PostgreSQL store turns into its
own with :func:`postgres`; the methods that send them alike are in :mod:`server.store_base`.
Where the two databases differ (reading JSON, names compared without case, row locks,
numbering events) the SQL stays in its store. The store tests run every statement here on both
databases.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from server.review import Answered, ItemCard, card_problem
from server.store import ClassSummary, Event, FeedItem, SessionRecord, StudentSummary, Teacher


def postgres(statement: str) -> str:
    """``statement`` with psycopg's ``%s`` placeholders for SQLite's ``?``: no statement here holds
    a ``?`` or a ``%`` that is not a placeholder."""
    return statement.replace("?", "%s")


# A session with its student; the caller adds the WHERE. Its state as text, as stored: SQLite
# keeps text, and PostgreSQL's JSON column keeps the text as written, which its driver would
# decode (a state that cannot be read was then reported re-serialised, not as stored).
SESSION = (
    "SELECT s.id, st.name, st.class_code, s.started, s.ended, CAST(s.state AS TEXT), st.id "
    "FROM sessions s JOIN students st ON st.id = s.student_id "
)
CREATE_SESSION = "INSERT INTO sessions (id, student_id, token_hash, started) VALUES (?, ?, ?, ?)"
CLAIM = "UPDATE sessions SET holder = ?, ended = NULL WHERE id = ?"
EVENTS = "SELECT seq, at, kind, data FROM events WHERE session_id = ? ORDER BY seq"
# A session a hello made but never welcomed (see Store.forget_unwelcomed): it is removed only
# while no holder but the hello's connection has claimed it and it holds no event but the
# connections' own, with those events and its heartbeat; the learner the hello made, only while
# no session, card or answer is theirs. Two students of one name are never merged: none is read
# by name.
UNWELCOMED = (
    "SELECT 1 FROM sessions s WHERE s.id = ? AND (s.holder IS NULL OR s.holder = ?) "
    "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.session_id = s.id "
    "AND e.kind NOT IN ('connect', 'disconnect'))"
)
FORGET_SESSION = (
    "DELETE FROM heartbeats WHERE session_id = ?",
    "DELETE FROM events WHERE session_id = ?",
    "DELETE FROM sessions WHERE id = ?",
)
FORGET_LEARNER = (
    "DELETE FROM students WHERE id = ? "
    "AND NOT EXISTS (SELECT 1 FROM sessions WHERE student_id = ?) "
    "AND NOT EXISTS (SELECT 1 FROM cards WHERE learner_id = ?) "
    "AND NOT EXISTS (SELECT 1 FROM answers WHERE learner_id = ?)"
)
EVENTS_AFTER = (
    "SELECT seq, at, kind, data FROM events WHERE session_id = ? AND seq > ? ORDER BY seq"
)
HEARTBEAT = (
    "INSERT INTO heartbeats (session_id, seen) VALUES (?, ?) "
    "ON CONFLICT (session_id) DO UPDATE SET seen = excluded.seen"
)
# A session of no event at all was never welcomed: a new session's "connect" event is the last
# write of its hello before the welcome (server/session.py), so a server that died, or a
# database that refused, before that left it behind, and the instructor would see an empty
# session beside the student's real one. No connection ever ended it, so it is among the open
# sessions close_stale reads, and is sought there before close_stale ends it (not among every
# session ever held, under the write lock, each round). It goes once nothing has said it is
# live since the cut-off: a hello in flight on another process started later, or its holder
# still beats. A student who joined and typed nothing has their "connect" and keeps their
# session; the learner stays (invisible, and another process's hello may be making a session
# of theirs right now).
NEVER_WELCOMED = (
    "SELECT s.id FROM sessions s WHERE s.ended IS NULL AND s.started < ? "
    "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.session_id = s.id) "
    "AND NOT EXISTS (SELECT 1 FROM heartbeats h WHERE h.session_id = s.id AND h.seen >= ?)"
)
FORGET_NEVER_WELCOMED = (
    "DELETE FROM heartbeats WHERE session_id = ?",
    "DELETE FROM sessions WHERE id = ? "
    "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.session_id = sessions.id)",
)
# Once close_stale has ended their sessions, their heartbeats say nothing more.
FORGET_HEARTBEATS = (
    "DELETE FROM heartbeats WHERE session_id IN (SELECT id FROM sessions WHERE ended IS NOT NULL)"
)

SAVE_CARD = (
    "INSERT INTO cards (learner_id, item, mode, fsrs, due, reviews, last_review, "
    "last_correct, missed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (learner_id, item, mode) DO UPDATE SET fsrs = excluded.fsrs, "
    "due = excluded.due, reviews = excluded.reviews, "
    "last_review = excluded.last_review, last_correct = excluded.last_correct, "
    "missed = excluded.missed"
)
SAVE_ANSWER = (
    "INSERT INTO answers (learner_id, at, item, mode, volume, correct) VALUES (?, ?, ?, ?, ?, ?)"
)
_CARD = "SELECT item, mode, fsrs, due, reviews, last_review, last_correct, missed FROM cards "
CARDS = _CARD + "WHERE learner_id = ? ORDER BY item, mode"
# One card by its key (the table's unique index): an answer reads the card it updates, no other.
CARD = _CARD + "WHERE learner_id = ? AND item = ? AND mode = ?"

# A learner's answers; the caller adds the tiebreak after ``at`` (the order they were given).
ANSWERS = "SELECT item, mode, volume, at, correct FROM answers WHERE learner_id = ? ORDER BY at, "

CORRECTION = "SELECT id, class_code, line, document, turn, speaker, created FROM corrections "
INSTRUCTOR_BY_TOKEN = "SELECT id, name FROM instructors WHERE token_hash = ?"
INSTRUCTOR_KEY = "SELECT id, name, token_hash FROM instructors WHERE id = ?"
INSTRUCTOR_NAMES = "SELECT name FROM instructors"
LEARNER_BY_TOKEN = "SELECT id, name, class_code FROM students WHERE token_hash = ?"
# The classes an instructor teaches, their own and those shared with them: what they may read.
_TAUGHT = "SELECT class_code FROM class_instructors WHERE instructor_id = ?"
# ... as codes; the caller adds the order.
TAUGHT = _TAUGHT + " ORDER BY "
# ... with their counts; the caller adds the order of the codes.
CLASS_SUMMARIES = (
    "SELECT c.code, COUNT(DISTINCT st.id), COUNT(s.id), c.scenario, c.strict, MAX(s.started) "
    "FROM classes c "
    "LEFT JOIN students st ON st.class_code = c.code "
    "LEFT JOIN sessions s ON s.student_id = st.id "
    f"WHERE c.code IN ({_TAUGHT}) GROUP BY c.code ORDER BY "
)
_TEACHERS = (
    "SELECT ci.class_code, i.id, i.name FROM class_instructors ci "
    "JOIN instructors i ON i.id = ci.instructor_id "
)
_GIVEN = " ORDER BY ci.added, i.id"  # the order each class was given its teachers
# The teachers of every class one instructor teaches.
COLLEAGUES = _TEACHERS + f"WHERE ci.class_code IN ({_TAUGHT})" + _GIVEN
SHARE = (
    "INSERT INTO class_instructors (class_code, instructor_id, added) VALUES (?, ?, ?) "
    "ON CONFLICT DO NOTHING"
)
UNSHARE = "DELETE FROM class_instructors WHERE class_code = ? AND instructor_id = ?"


def teachers(class_match: str) -> str:
    """One class's teachers (code, id, name), ``class_match`` the dialect's subquery for the
    code as stored."""
    return _TEACHERS + f"WHERE ci.class_code = {class_match}" + _GIVEN


def teacher_list(rows: list[tuple[Any, ...]]) -> list[Teacher]:
    """Rows of :func:`teachers` or :data:`COLLEAGUES` as teachers."""
    return [Teacher(row[1], row[2]) for row in rows]


def colleague_names(colleagues: list[tuple[Any, ...]]) -> dict[str, list[str]]:
    """Rows of :data:`COLLEAGUES` as each class's teachers' names, in the order given."""
    names: dict[str, list[str]] = {}
    for code, _, name in colleagues:
        names.setdefault(code, []).append(name)
    return names


def with_teachers(
    summaries: list[ClassSummary], colleagues: list[tuple[Any, ...]]
) -> list[ClassSummary]:
    """Each summary with its teachers' names, from the rows of :data:`COLLEAGUES`."""
    names = colleague_names(colleagues)
    return [replace(s, instructors=tuple(names.get(s.code, ()))) for s in summaries]


def class_recent(class_match: str, kinds: int, before: bool = False) -> str:
    """A class's newest events of some kinds, newest first, with whose each is: the live feed
    as a page opened late would have seen it. ``class_match`` is the dialect's subquery for the
    code as its instructor spelled it; ``kinds`` placeholders; with ``before``, two for an
    event (its session, its seq) the events come before; then one for the limit. Ordered as
    the feed orders what it reads (time, session, seq), so the two agree, and so is the event
    given placed: a page reading further back asks for what comes before its oldest entry."""
    marks = ", ".join("?" for _ in range(kinds))
    earlier = (
        " AND (e.at, s.id, e.seq) < ((SELECT b.at FROM events b "
        "WHERE b.session_id = ? AND b.seq = ?), ?, ?)"
        if before
        else ""
    )
    return (
        "SELECT st.class_code, s.id, st.name, e.seq, e.at, e.kind, e.data "
        "FROM events e JOIN sessions s ON s.id = e.session_id "
        "JOIN students st ON st.id = s.student_id "
        f"WHERE st.class_code = {class_match} AND e.kind IN ({marks}){earlier} "
        "ORDER BY e.at DESC, s.id DESC, e.seq DESC LIMIT ?"
    )


def placed(before: tuple[str, int] | None) -> tuple[str | int, ...]:
    """The parameters of :func:`class_recent`'s ``before``: the event's session and seq to
    read its time by, then to break a tie in it (none without one)."""
    return () if before is None else (*before, *before)


def feed_item(row: tuple[Any, ...], data: Any, stored: str | None = None) -> FeedItem:
    """A row of :func:`class_recent`, its ``data`` as for :func:`event`."""
    return FeedItem(row[0], row[1], row[2], event(row[3:], data, stored))


def session_summaries(quiz_correct: str, picked: str) -> str:
    """Counts per session, for the session list and one session's summary (the caller adds the
    WHERE); ``quiz_correct`` is the dialect's test that a ``quiz.result`` event ``e`` was right,
    ``picked`` that a ``reply`` event ``e`` answered a did-you-mean pick.

    A line counts once it was answered (its reply stored): one cut off by a crash is not a line
    the student saw answered. The reply to a pick is not a line: it follows the refusal of one
    already counted (a session of one refused line and its pick read "2 lines").
    """
    return f"""
SELECT s.id, st.name, s.started, s.ended,
       (SELECT COUNT(*) FROM events e WHERE e.session_id = s.id AND e.kind = 'reply'
            AND NOT COALESCE({picked}, FALSE)),
       (SELECT COUNT(*) FROM events e WHERE e.session_id = s.id AND e.kind = 'quiz.result'
            AND {quiz_correct}),
       (SELECT COUNT(*) FROM events e WHERE e.session_id = s.id AND e.kind = 'quiz.result')
FROM sessions s JOIN students st ON st.id = s.student_id
"""


def student_summaries(*, quiz_correct: str, closeness: str, picked: str) -> str:
    """Counts per student over all their sessions and events (the caller adds the WHERE on
    ``st.class_code``, ``GROUP BY st.id`` and the order); ``closeness`` is the dialect's
    reading of a ``reply`` event's ``script.closeness`` as a number; lines are counted as in
    :func:`session_summaries`."""
    return (
        "SELECT st.name, COUNT(DISTINCT s.id), "
        f"COUNT(CASE WHEN e.kind = 'reply' AND NOT COALESCE({picked}, FALSE) THEN 1 END), "
        f"COUNT(CASE WHEN e.kind = 'quiz.result' AND {quiz_correct} THEN 1 END), "
        "COUNT(CASE WHEN e.kind = 'quiz.result' THEN 1 END), "
        f"AVG(CASE WHEN e.kind = 'reply' THEN {closeness} END), "
        "MAX(COALESCE(s.ended, e.at, s.started)) "
        "FROM students st JOIN sessions s ON s.student_id = st.id "
        "LEFT JOIN events e ON e.session_id = s.id "
    )


def student_summary(row: tuple[Any, ...]) -> StudentSummary:
    """A row of :func:`student_summaries`, its mean closeness to four places."""
    return StudentSummary(
        student=row[0],
        sessions=row[1],
        lines=row[2],
        quiz_score=row[3],
        quiz_total=row[4],
        closeness_mean=None if row[5] is None else round(row[5], 4),
        last_seen=row[6],
    )


def item_card(row: tuple[Any, ...]) -> ItemCard:
    """A row of :data:`CARDS` or :data:`CARD` (SQLite keeps ``last_correct`` as 0 or 1)."""
    item, mode, fsrs, due, reviews, last_review, last_correct, missed = row
    problem = card_problem(item, mode, fsrs, due, reviews, last_review, last_correct, missed)
    return ItemCard(
        item, mode, fsrs, due, reviews, last_review, bool(last_correct), missed, problem
    )


def answered(row: tuple[Any, ...]) -> Answered:
    """A row of :data:`ANSWERS` (SQLite keeps ``correct`` as 0 or 1)."""
    item, mode, volume, at, correct = row
    return Answered(item, mode, volume, at, bool(correct))


def session_record(row: tuple[Any, ...]) -> SessionRecord:
    """A row of :data:`SESSION`, its state decoded as an event's data is (:func:`event`): a
    state that is not a JSON object is kept with a ``problem``, for the session's readers to
    report, not fail on; ``stored`` keeps its text as stored, for a state that is an object but
    not one a resume reads too (:func:`server.unreadable.unreadable_state`)."""
    text = row[5]
    state = decoded(text)
    problem, _ = _unread(state, text)
    return SessionRecord(
        id=row[0], student=row[1], class_code=row[2], started=row[3], ended=row[4],
        state=state if problem is None else {}, learner=row[6], problem=problem, stored=text,
    )  # fmt: skip


class Undecoded:
    """Stored event data that is not JSON: the text, and the decoder's words for why."""

    def __init__(self, text: str, why: str) -> None:
        self.text = text
        self.why = why


def decoded(text: str) -> Any:
    """SQLite's stored JSON text decoded; :class:`Undecoded` for text that is not JSON (a row
    edited by hand, or cut off half-written): one bad row must not fail every reader of it."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return Undecoded(text, str(exc))


def event(row: tuple[Any, ...], data: Any, stored: str | None = None) -> Event:
    """A row of :data:`EVENTS` or :data:`EVENTS_AFTER` (seq, at, kind first), its ``data``
    decoded as for :func:`session_record` (or :class:`Undecoded`); ``stored``, the text as
    stored where the driver decoded it (PostgreSQL), for an event that cannot be read.

    Data that is not a JSON object is kept as an event with a ``problem`` and its ``stored``
    text, for the readers to report (:mod:`server.unreadable`): not a failure of them all."""
    seq, at, kind = row[0], row[1], row[2]
    problem, text = _unread(data, stored)
    if problem is None:
        return Event(seq=seq, at=at, kind=kind, data=data)
    return Event(seq=seq, at=at, kind=kind, data={}, problem=problem, stored=text)


def _unread(data: Any, stored: str | None) -> tuple[str | None, str | None]:
    """Why decoded ``data`` is not a JSON object of fields, and its text as stored; (None,
    None) when it is one."""
    if isinstance(data, dict):
        return None, None
    if isinstance(data, Undecoded):
        return f"its data is not valid JSON ({data.why})", data.text
    problem = f"its data is {_json_kind(data)}, not a JSON object of fields"
    return problem, stored if stored is not None else json.dumps(data, ensure_ascii=False)


def _json_kind(value: Any) -> str:
    """What a decoded JSON value is, in the words of JSON."""
    if value is None:
        return "JSON null"
    if isinstance(value, bool):
        return f"JSON {str(value).lower()}"
    if isinstance(value, list):
        return "a JSON array"
    if isinstance(value, str):
        return "a JSON string"
    return "a JSON number"
