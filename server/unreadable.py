"""A stored event that cannot be read: reported to the instructor, kept, never a failed page.

An event row may be edited by hand or cut off half-written: its data not JSON, or JSON that
lacks a field (or holds a value) its reader expects. One such row made the session's
transcript, the class's exports, its deck, its struggles and its live history answer 500, and
every good event of the class with it was lost to the instructor. Now each reader leaves the
row out of what it reads, reads every other event, and reports the row as an
:class:`Unreadable`: which session and event, what is wrong, how to fix it, and the data as it
is stored, verbatim.
"""

from __future__ import annotations

import json
import logging
from typing import Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from server.activity import SessionState
from server.review import ItemCard
from server.store import Event, Learner, SessionRecord

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


class Unreadable(BaseModel):
    """One stored event a reader could not read, left out of what it read and kept as stored."""

    session: str
    student: str
    seq: int = Field(description="The event's number in its session.")
    at: str
    kind: str = Field(description="The kind the event is stored as.")
    problem: str = Field(description="What is wrong with it.")
    stored: str = Field(description="The event's data as the database holds it, verbatim.")
    message: str = Field(
        description="The whole report, as a sentence: which session and event, what is wrong, "
        "that the rest was read, and how to fix it."
    )


def unreadable(session: str, student: str, event: Event, problem: str) -> Unreadable:
    """The report of ``event`` of ``session``, which could not be read for ``problem``."""
    stored = event.stored
    if stored is None:
        stored = json.dumps(event.data, ensure_ascii=False)
    message = (
        f"Event {event.seq} ({event.kind}, {event.at}) of {student}’s session {session} could "
        f"not be read: {problem}. It is left out here and kept as stored; every other event "
        "is read. To fix it, restore the event from a backup of the database, or correct its "
        f"data (table events, session_id '{session}', seq {event.seq})."
    )
    return Unreadable(
        session=session,
        student=student,
        seq=event.seq,
        at=event.at,
        kind=event.kind,
        problem=problem,
        stored=stored,
        message=message,
    )


def read_as(
    model: type[M], event: Event, session: str, data: dict[str, Any] | None = None
) -> M | None:
    """``event`` of ``session`` read as ``model`` (its data, or ``data`` made of it); None when
    it cannot be,
    logged for whoever keeps the database. What a resumed session rebuilds (the lines already
    answered, the score screen, the last answer's feedback) goes on without such an event, as
    the instructor's pages do: one hand-edited row made the student's reload fail."""
    try:
        if event.problem is not None:
            raise ValueError(event.problem)
        return model.model_validate(event.data if data is None else data)
    except (ValueError, KeyError) as exc:  # pydantic's ValidationError is a ValueError
        problem = event.problem or why(exc, event.kind)
        log.warning(
            "Event %d (%s, %s) of session %s could not be read on resuming the session, and is "
            "left out of what it stood at: %s. To fix it, restore the event from a backup of "
            "the database, or correct its data (table events, session_id '%s', seq %d).",
            event.seq,
            event.kind,
            event.at,
            session,
            problem,
            session,
            event.seq,
        )
        return None


class UnreadableState(BaseModel):
    """A session's saved state (where it stands, for a resume) that could not be read: its
    events are read as ever, the state is kept as stored, and the session cannot be resumed."""

    session: str
    student: str
    problem: str = Field(description="What is wrong with it.")
    stored: str = Field(description="The state as the database holds it, verbatim.")
    message: str = Field(
        description="The whole report, as a sentence: which session, what is wrong, what is "
        "read all the same, and how to fix it."
    )


def unreadable_state(record: SessionRecord) -> UnreadableState | None:
    """The report of ``record``'s saved state if it cannot be read (not JSON, not an object, or
    not the shape a resume reads: a field missing or of the wrong kind); None if it can."""
    problem, stored = record.problem, record.stored
    if problem is None:
        try:
            SessionState.model_validate(record.state)
        except ValidationError as exc:
            problem = why(exc)
            # as stored, not the decoded state written out again (its spacing, its numbers)
            if stored is None:
                stored = json.dumps(record.state, ensure_ascii=False)
        else:
            return None
    message = (
        f"The saved state of {record.student}’s session {record.id} could not be read: "
        f"{problem}. It is kept as stored; every event of the session is read, but the session "
        "cannot be resumed. To fix it, restore the state from a backup of the database, or "
        f"correct it (table sessions, column state, id '{record.id}'): "
        '{"activity": null} resumes the session with nothing in progress.'
    )
    return UnreadableState(
        session=record.id,
        student=record.student,
        problem=problem,
        stored=stored or "",
        message=message,
    )


def cannot_resume(found: UnreadableState) -> str:
    """What a student resuming a session whose state cannot be read is told: why, that nothing
    was lost, and how to go on."""
    return (
        f"Your session {found.session} cannot be resumed: its saved state could not be read "
        f"({found.problem}). Nothing of it was changed: it is kept as stored, and whoever runs "
        "this server can mend it. Start a new session: join again with your name, and your "
        "class code if you have one."
    )


class UnreadableCard(BaseModel):
    """One stored review card that could not be read: left out of the review and the progress
    counts, kept as stored; every other card is read."""

    item: str
    mode: str = Field(description="The mode the card is stored under.")
    problem: str = Field(description="What is wrong with it.")
    stored: str = Field(description="The card's row as the database holds it, as JSON.")
    message: str = Field(
        description="The whole report, as a sentence: which card, what is wrong, that the rest "
        "was read, and how to fix it."
    )


def unreadable_card(learner: Learner, card: ItemCard) -> UnreadableCard:
    """The report of ``learner``'s ``card``, whose ``problem`` says why it cannot be read."""
    problem = card.problem or ""
    row = {
        "fsrs": card.fsrs, "due": card.due, "reviews": card.reviews,
        "last_review": card.last_review, "last_correct": card.last_correct,
        "missed": card.missed,
    }  # fmt: skip
    message = (
        f"{learner.name}’s review card for {card.item} ({card.mode}) could not be read: "
        f"{problem}. It is left out of the review and of these counts, and kept as stored; "
        "every other card is read. To fix it, restore the card from a backup of the database, "
        f"or correct it (table cards, learner_id {learner.id}, item '{card.item}', mode "
        f"'{card.mode}'); the item's answers are kept apart, in table answers."
    )
    return UnreadableCard(
        item=str(card.item),
        mode=str(card.mode),
        problem=problem,
        stored=json.dumps(row, ensure_ascii=False),
        message=message,
    )


def why(exc: Exception, kind: str = "") -> str:
    """What a reader's failure on an event's data says is wrong with it, in a teacher's words
    (the field and what it should be), not a traceback's; a field missing is said alike
    whichever reader missed it. ``kind``: the event's, which a validation of the whole event
    names first (as the union's tag), and which the report already says."""
    if isinstance(exc, KeyError):
        return f"its data lacks the field {exc.args[0]!r}"
    if not isinstance(exc, ValidationError):
        return f"a field of its data is not of the kind expected ({exc})"
    missing: list[str] = []
    wrong: list[str] = []
    for error in exc.errors():
        loc = [str(p) for p in error["loc"]]
        if loc[:1] and loc[0] in (kind, "other"):
            loc = loc[1:]
        if loc[:1] == ["data"]:
            loc = loc[1:]
        field = ".".join(loc)
        if error["type"] == "missing":
            missing.append(repr(field))
        else:
            msg = error["msg"]
            wrong.append(f"its field {field!r}: {msg[:1].lower()}{msg[1:]}")
    if missing:
        lacks = "the field" if len(missing) == 1 else "the fields"
        wrong.insert(0, f"its data lacks {lacks} {', '.join(missing)}")
    return "; ".join(wrong)


def note(found: list[Unreadable]) -> str:
    """The reports of a file that has no room for them (an Anki deck), told in one line for
    the page that downloads it (a header: ASCII only)."""
    events = "; ".join(f"event {u.seq} ({u.kind}) of session {u.session}" for u in found)
    told = (
        f"{len(found)} stored event{'' if len(found) == 1 else 's'} could not be read and "
        f"{'is' if len(found) == 1 else 'are'} left out: {events}. The session's transcript "
        "says what is wrong and shows the event as stored."
    )
    return told.encode("ascii", "backslashreplace").decode("ascii")
