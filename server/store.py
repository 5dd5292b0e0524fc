"""The session store interface: what the server keeps, independent of the database behind it.

The SQLite implementation (``server/store_sqlite.py``) and the PostgreSQL one for a school that
outgrows one machine (``server/store_postgres.py``), each with the modules it is built from,
hold all SQL, with their migrations; nothing else in the server knows which database it talks
to.

Every event is written (and committed) before the server answers the message that caused it,
together with the session's resumable ``state``, so a crash between the two cannot happen.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from server.review import Answered, ItemCard, ItemMode


@dataclass(frozen=True, slots=True)
class Instructor:
    id: int
    name: str
    classes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Teacher:
    """One of a class's instructors: a class has one or more (co-teachers, teaching
    assistants), each reading and setting everything of it as the one who created it does."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class ClassSummary:
    code: str
    students: int
    sessions: int
    scenario: str | None = None  # what its role-plays answer from (None: the whole record)
    strict: bool = False  # its instructors chose strict answers (server.roleplay.strict_bar)
    instructors: tuple[str, ...] = ()  # its teachers' names, in the order they were given it
    # when its newest session began (ISO, UTC): a teacher signing in is shown the class taught last
    last_session_started: str | None = None


@dataclass(frozen=True, slots=True)
class Learner:
    """A student as the server remembers them across sessions, by a token only they hold.

    Two learners may type the same name in a class: the second is shown as "Ada (2)", never
    merged with the first (see :func:`numbered`).
    """

    id: int
    name: str
    class_code: str | None


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A student's session; ``state`` is where it stands, so a resume can carry on."""

    id: str
    student: str
    class_code: str | None
    started: str
    ended: str | None
    state: dict[str, Any] = field(default_factory=dict)
    learner: int | None = None
    # Why the stored state could not be read as an object (not JSON, or JSON of another kind:
    # edited by hand, or cut off half-written); ``state`` is then empty. ``stored`` keeps the
    # text as stored, so that the session is still read and a state that cannot be read is
    # reported as it is in the database (server.unreadable).
    problem: str | None = None
    stored: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One stored event. ``problem`` says why its stored data could not be read as an event's
    (not JSON, or JSON but not an object: a row written by hand or cut off half-written); its
    ``data`` is then empty and ``stored`` keeps the text as it is in the database, so that a
    reader reports it (:mod:`server.unreadable`) and loses nothing, rather than failing."""

    seq: int
    at: str
    kind: str
    data: dict[str, Any]
    problem: str | None = None
    stored: str | None = None


@dataclass(frozen=True, slots=True)
class SessionSummary:
    id: str
    student: str
    started: str
    ended: str | None
    lines: int
    quiz_score: int
    quiz_total: int


@dataclass(frozen=True, slots=True)
class StudentSummary:
    student: str
    sessions: int
    lines: int
    quiz_score: int
    quiz_total: int
    closeness_mean: float | None
    last_seen: str | None


@dataclass(frozen=True, slots=True)
class Correction:
    """An instructor's "this line means that recorded turn" for one class (server/corrections),
    or, with no ``document`` and ``turn``, "the record does not answer this line" (said as
    ``speaker``)."""

    id: int
    class_code: str
    line: str
    document: str | None
    turn: int | None
    speaker: str
    created: str


@dataclass(frozen=True, slots=True)
class SessionHead:
    """Where a session's events stand: its newest event's ``seq`` (0 before any)."""

    session: str
    class_code: str
    student: str
    last_seq: int


@dataclass(frozen=True, slots=True)
class FeedItem:
    """An event as the live class feed passes it on, with whose it is."""

    class_code: str
    session: str
    student: str
    event: Event


class Store(Protocol):
    """Where classes, students, sessions and their events live. Tokens arrive already hashed."""

    # instructors and classes
    def add_instructor(self, name: str, token_hash: str, classes: list[str]) -> Instructor: ...
    def add_classes(self, name: str, classes: list[str]) -> Instructor: ...
    def replace_token(self, name: str, token_hash: str) -> Instructor: ...
    def instructors(self) -> list[Instructor]: ...
    def instructor_by_token(self, token_hash: str) -> Instructor | None: ...
    def class_teachers(self, code: str) -> list[Teacher]:
        """The class's instructors in the order they were given it (its creator first); none
        when there is no such class (a class always keeps one)."""
        ...

    def share_class(self, code: str, name: str) -> list[Teacher]:
        """Make the instructor ``name`` one of the class's teachers (already one: nothing
        changes); NotFound for no such class or instructor. The class's teachers after."""
        ...

    def unshare_class(self, code: str, name: str) -> list[Teacher]:
        """Take the class from the instructor ``name``; NotFound if they do not teach it,
        ConfigError if they are its last teacher. The class's teachers after."""
        ...

    def classes(self, instructor_id: int) -> list[ClassSummary]:
        """The classes the instructor teaches, their own and those shared with them."""
        ...

    def colleagues(self, instructor_id: int) -> dict[str, list[str]]:
        """Each class the instructor teaches (its code as stored) with its teachers' names, in
        the order they were given it: what a live page compares to tell of a teacher added or
        removed (one query, however many classes)."""
        ...

    def set_class_scenario(self, code: str, scenario: str | None) -> None:
        """Set (None: clear) the scenario a class's role-plays answer from; NotFound if none."""
        ...

    def class_scenario(self, code: str) -> str | None: ...
    def set_class_strict(self, code: str, strict: bool) -> None:
        """Whether the class's role-plays answer only when the record clearly answers (see
        :data:`embeddings.tiers.STRICT_THRESHOLD`); NotFound if no such class."""
        ...

    def class_strict(self, code: str) -> bool:
        """False for a class without the setting, and for no class (solo practice)."""
        ...

    def instructor_key(self, instructor_id: int) -> tuple[Instructor, str] | None:
        """The instructor and their token's hash, which signs their live-feed tickets."""
        ...

    # learners, their sessions and the events of each
    def create_learner(self, *, name: str, class_code: str | None, token_hash: str) -> Learner: ...
    def learner_by_token(self, token_hash: str) -> Learner | None: ...
    def create_session(self, *, learner: int, token_hash: str) -> SessionRecord: ...
    def session(self, session_id: str) -> SessionRecord | None: ...
    def session_by_token(self, token_hash: str) -> SessionRecord | None: ...
    def record(
        self,
        session_id: str,
        kind: str,
        data: dict[str, Any],
        *,
        state: dict[str, Any] | None = None,
        holder: str | None = None,
    ) -> Event: ...
    def set_ended(self, session_id: str, ended: str | None, *, holder: str | None = None) -> None:
        """With ``holder``, like ``record``: only while that connection holds the session."""
        ...

    # Write fencing: ``claim`` makes a connection the session's one holder (and the session
    # live again); ``record`` and ``set_ended`` given a ``holder`` write only while it still
    # is, and raise :class:`server.errors.Displaced` otherwise. The rule is the database's, so
    # it holds between server processes as well as within one.
    def claim(self, session_id: str, holder: str) -> None: ...
    # A server process says, every few seconds, which sessions its connections hold; any
    # process closes out the sessions whose holder has stopped saying so (it crashed).
    def heartbeat(self, session_ids: list[str], at: str) -> None: ...
    def forget_unwelcomed(self, session_id: str | None, learner: int | None, holder: str) -> bool:
        """Remove the session ``session_id`` (None: none) and the learner ``learner`` (None:
        none) that a hello refused for the store made, once its connection ``holder`` is gone
        or greeted otherwise: no token to them ever left the server, so nothing can come into
        them, and the instructor would see an empty session of a student who joined again.
        Only what holds nothing goes (a session of no event but the connections', a learner
        of no session, card or answer), all of it in one transaction. Whether the session
        went: the hello's new session is then given back to its address's allowance."""
        ...

    def close_stale(self, before: str) -> int: ...
    def forget_never_welcomed(self, before: str) -> int:
        """Remove the open sessions that no hello ever welcomed (no event at all) and that
        nothing has said are live since ``before``: left by a server that died mid-hello, or by
        a hello refused for the store whose clean-up was refused too. How many went."""
        ...

    def events(self, session_id: str) -> list[Event]: ...

    # spaced review: one card per learner, item and mode; every answer logged
    def save_answer(self, learner: int, card: ItemCard | None, answered: Answered) -> None:
        """Keep ``card`` (None: the stored card is left as it is) and log ``answered``."""
        ...

    def cards(self, learner: int) -> list[ItemCard]: ...
    def card(self, learner: int, item: str, mode: ItemMode) -> ItemCard | None:
        """The learner's one card for ``item`` in ``mode`` (None before its first answer)."""
        ...

    def answers(self, learner: int) -> list[Answered]: ...

    # what instructors read
    def session_summary(self, session_id: str) -> SessionSummary | None: ...
    def class_sessions(self, code: str) -> list[SessionSummary]: ...
    def class_students(self, code: str) -> list[StudentSummary]: ...

    # corrections (newest first)
    def add_correction(
        self,
        class_code: str,
        *,
        line: str,
        document: str | None,
        turn: int | None,
        speaker: str,
    ) -> Correction: ...
    def corrections(self, class_code: str) -> list[Correction]: ...
    def delete_correction(self, class_code: str, correction_id: int) -> bool: ...

    # the live feed: a session's events are numbered without gaps, and a reader that sees a
    # session's newest seq sees every event before it, whichever process wrote them
    def class_heads(self, classes: list[str]) -> list[SessionHead]: ...
    def events_after(self, session_id: str, seq: int) -> list[Event]: ...
    def class_recent(
        self, code: str, kinds: tuple[str, ...], limit: int, before: tuple[str, int] | None = None
    ) -> list[FeedItem]:
        """The class's newest ``limit`` events of ``kinds``, oldest first: what the live feed
        showed before a page opened (:func:`server.live.recent`); with ``before`` (a session
        and a seq), the newest of those the feed showed before that event."""
        ...

    def close(self) -> None: ...


def numbered(name: str, n: int) -> str:
    """The ``n``-th learner of one name in a class: "Ada", "Ada (2)", "Ada (3)"..."""
    return name if n == 1 else f"{name} ({n})"


def new_token(prefix: str) -> str:
    """A secret for a bearer or resume token: 32 random bytes, URL-safe, with a readable prefix."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def hash_token(token: str) -> str:
    """What the store keeps instead of a token: its SHA-256, so a stolen database grants nothing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_id() -> str:
    return secrets.token_hex(8)


def utc_now() -> str:
    return utc_iso(datetime.now(UTC))


def utc_iso(moment: datetime) -> str:
    """How the store writes a moment: ISO 8601 in UTC to the millisecond, so text order is
    time order."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
