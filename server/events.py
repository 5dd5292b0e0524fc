"""A session as instructors read it (``GET /api/sessions/{id}``): its events, typed by ``kind``.

The session layer records one event per step, with the data the student was shown: a
``reply`` event carries the typed matches and citations of the ``reply`` message. Data models
allow extra fields, so an event recorded with more data (by a later version) is passed on
whole; an event of a kind this version does not know is passed on as :class:`OtherEvent`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, ValidationError

from server.activity import Question
from server.corrections import CorrectionNow
from server.exchanges import Exchange
from server.protocol import Closeness, Script
from server.quiz_items import QuizItem
from server.store import Event
from server.unreadable import Unreadable, UnreadableState, unreadable, why
from server.wire import Character, Citation, MatchOut, QuizKind, QuizPrompt, Status, TurnOut


class _Data(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class ConnectData(_Data):
    resumed: bool


class RoleplayStartData(_Data):
    as_: Character = Field(alias="as")
    document: str | None
    scenario: str | None = Field(
        None, description="The scope answered from (the class's, if the student named none)."
    )


class LineData(_Data):
    text: str = Field(description="The student's line, as typed.")
    position: int | None = Field(description="The student's turn in the document played.")


class ReplyData(_Data):
    query: str
    status: Status | Literal["picked"]
    matches: list[MatchOut]
    script: Script | None = None
    score: float | None = Field(description="The best match's score (None: no match shown).")
    threshold: float | None = Field(
        None,
        description="The fit probability the line had to reach to be answered (None: a reply "
        "stored before it was kept).",
    )
    strict: bool | None = Field(
        None, description="The class was set to strict answers when the line was answered."
    )
    searched_outside: bool | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="True: a line refused within a scenario was searched again over the whole "
        "record (`elsewhere` names the conversation outside it that answers, or none does). "
        "Absent from every other reply, and from a refusal stored before this was kept.",
    )
    answered_outside: MatchOut | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="With `elsewhere`: the match the whole record answers the line with "
        "(recorded line, reply, citation), outside the scenario. Kept for the instructor, who "
        "may choose it in correcting the refusal; never sent to the student. Absent from every "
        "other reply, and from a refusal stored before this was kept.",
    )


class RoleplayEndData(_Data):
    document: str
    lines: int
    closeness: Closeness
    citation: Citation


class QuizStartData(_Data):
    quiz: str
    mode: QuizKind  # a review's questions each keep their own mode
    count: int
    document: str | None
    volume: str | None
    seed: int
    total: int
    scenario: str | None = Field(
        None,
        description="The class's scenario the questions were drawn from (None: no class "
        "scenario, the whole record).",
    )


class QuizQuestionData(Question):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    quiz: str
    context: list[TurnOut] = Field(
        default_factory=list,
        description="The recorded line shown before the prompt, as the quiz.question's "
        "`context` gave it (unattributed for who_said); empty for none, and for a question "
        "stored before it was kept.",
    )


class QuizAnswerData(_Data):
    quiz: str
    id: str
    answer: str


class QuizResultData(_Data):
    quiz: str
    id: str
    correct: bool
    given: str
    answer: str
    explanation: str
    citation: Citation
    score: int
    answered: int
    prompt: QuizPrompt


class QuizSummaryData(_Data):
    quiz: str
    mode: QuizKind
    score: int
    total: int


class _Event(BaseModel):
    seq: int
    at: str = Field(description="UTC time, ISO 8601.")


class ConnectEvent(_Event):
    kind: Literal["connect"]
    data: ConnectData


class DisconnectEvent(_Event):
    kind: Literal["disconnect"]
    data: _Data


class RoleplayStartEvent(_Event):
    kind: Literal["roleplay.start"]
    data: RoleplayStartData


class LineEvent(_Event):
    kind: Literal["line"]
    data: LineData


class ReplyEvent(_Event):
    kind: Literal["reply"]
    data: ReplyData


class RoleplayEndEvent(_Event):
    kind: Literal["roleplay.end"]
    data: RoleplayEndData


class QuizStartEvent(_Event):
    kind: Literal["quiz.start"]
    data: QuizStartData


class QuizQuestionEvent(_Event):
    kind: Literal["quiz.question"]
    data: QuizQuestionData


class QuizAnswerEvent(_Event):
    kind: Literal["quiz.answer"]
    data: QuizAnswerData


class QuizResultEvent(_Event):
    kind: Literal["quiz.result"]
    data: QuizResultData


class QuizSummaryEvent(_Event):
    kind: Literal["quiz.summary"]
    data: QuizSummaryData


class OtherEvent(_Event):
    """An event of a kind this version does not describe: passed on as recorded."""

    kind: str
    data: dict[str, Any]


KINDS = frozenset(
    {
        "connect",
        "disconnect",
        "roleplay.start",
        "line",
        "reply",
        "roleplay.end",
        "quiz.start",
        "quiz.question",
        "quiz.answer",
        "quiz.result",
        "quiz.summary",
    }
)


def _kind(event: Any) -> str:
    kind = event.get("kind") if isinstance(event, dict) else getattr(event, "kind", None)
    return kind if kind in KINDS else "other"


SessionEvent = Annotated[
    Annotated[ConnectEvent, Tag("connect")]
    | Annotated[DisconnectEvent, Tag("disconnect")]
    | Annotated[RoleplayStartEvent, Tag("roleplay.start")]
    | Annotated[LineEvent, Tag("line")]
    | Annotated[ReplyEvent, Tag("reply")]
    | Annotated[RoleplayEndEvent, Tag("roleplay.end")]
    | Annotated[QuizStartEvent, Tag("quiz.start")]
    | Annotated[QuizQuestionEvent, Tag("quiz.question")]
    | Annotated[QuizAnswerEvent, Tag("quiz.answer")]
    | Annotated[QuizResultEvent, Tag("quiz.result")]
    | Annotated[QuizSummaryEvent, Tag("quiz.summary")]
    | Annotated[OtherEvent, Tag("other")],
    Discriminator(_kind),
]


_EVENT: TypeAdapter[Any] = TypeAdapter(SessionEvent)


def typed(session: str, student: str, events: list[Event]) -> tuple[list[Event], list[Unreadable]]:
    """The session's events that read as their kind is described here, and a report of each
    that does not (its data not JSON, or without a field its kind has): the transcript and the
    JSON export show the rest, and say what is wrong with these, never answering 500."""
    good: list[Event] = []
    bad: list[Unreadable] = []
    for event in events:
        if event.problem is not None:
            bad.append(unreadable(session, student, event, event.problem))
            continue
        try:
            _EVENT.validate_python(stored(event))
        except ValidationError as exc:
            bad.append(unreadable(session, student, event, why(exc, event.kind)))
            continue
        good.append(event)
    return good, bad


def stored(event: Event) -> dict[str, Any]:
    """An event as the session's ``events`` list it."""
    return {"seq": event.seq, "at": event.at, "kind": event.kind, "data": event.data}


class SessionDetail(BaseModel):
    """One session for its instructor: who, when, totals, and every event in order.

    Extra fields pass through, so a field a later version adds is never dropped here."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")

    id: str
    student: str
    started: str
    ended: str | None
    lines: int
    quiz_score: int
    quiz_total: int
    class_: str | None = Field(alias="class")
    exchanges: list[Exchange] = Field([], description="The session's replies read as exchanges.")
    quiz: list[QuizItem] = Field([], description="Its quiz answers, each with its question.")
    events: list[SessionEvent]
    unreadable: list[Unreadable] = Field(
        [],
        description="The session's events that could not be read (data not JSON, or without a "
        "field its kind has), in order: left out of `events`, `exchanges` and `quiz`, each "
        "with what is wrong and its data as stored.",
    )
    unreadable_state: UnreadableState | None = Field(
        None,
        description="The session's saved state (where it stands, for a resume), when it could "
        "not be read: what is wrong, how to fix it, and the state as stored. The session's "
        "events are read as ever.",
    )
    corrections_now: list[CorrectionNow] = Field(
        [],
        description="For each free-play exchange the class's corrections answer otherwise now "
        "than they did then (made, changed or undone since): what the class gets now. The "
        "exchange itself stays what the student saw. With `after`: for `exchanges` only.",
    )
    after: int | None = Field(
        None,
        description="The `?after=` asked for: the lists hold only what is new since that event "
        "(null: the whole session).",
    )
    last_seq: int = Field(
        0,
        description="The newest event's seq (0 before any): what the next `?after=` gives to "
        "read on from here.",
    )
    corrections_version: str = Field(
        "",
        description="Names the class's corrections as they stand (it changes when one is made, "
        "changed or undone): a reader reading on with `?after=` whose version differs reads the "
        "whole session again, for the corrections_now of its earlier exchanges.",
    )
