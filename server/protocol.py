"""What the server sends over the WebSocket (docs/protocol.md) as pydantic models: one model
per message kind, and the protocol's version.

Each message is sent as its own ``dump``: the fields it leaves off while None are absent, not
null. What a page may send is :mod:`server.client_messages`.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_serializer

from server.activity import QuizActivity, RoleplayActivity
from server.closeness import WORD_DESCRIPTION, ClosenessWord, closeness_word
from server.errors import ProtocolError
from server.limits import LIMITS, Limits
from server.wire import (
    SPANS_DESCRIPTION,
    Character,
    Choice,
    Citation,
    EditorialSpanOut,
    ElsewhereOut,
    Level,
    MatchOut,
    QuizKind,
    QuizMode,
    QuizPrompt,
    Reason,
    ScenarioBrief,
    Status,
    TurnOut,
)
from transcripts import SHORT_NAMES

PROTOCOL_VERSION = 1

Seq = int | str | None


class ServerMessage(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    type: str  # each message narrows it to its Literal; declared here so it comes first
    seq: Seq = None
    # Fields left off the wire while None (a client reads their absence, not a null).
    OMIT_WHEN_NONE: ClassVar[tuple[str, ...]] = ("seq",)

    def _omitted(self) -> set[str]:
        return {name for name in self.OMIT_WHEN_NONE if getattr(self, name) is None}

    def dump(self) -> dict[str, Any]:
        """The JSON object sent on the wire (aliases applied), as a dict: what the store keeps."""
        return self.model_dump(by_alias=True, mode="json", exclude=self._omitted())

    def dump_json(self) -> str:
        """The same object as JSON text, serialised by pydantic in one step: what is sent
        (json.dumps of ``dump()`` took ~0.2 ms of a 5 kB reply)."""
        return self.model_dump_json(by_alias=True, exclude=self._omitted())


class Welcome(ServerMessage):
    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL_VERSION
    session: str
    resume: str
    resumed: bool
    student: str
    class_: str | None = Field(alias="class")
    state: WelcomeState
    # the learner's token (new sessions only: the server keeps just its hash) and due items
    learner: str | None = None
    due: int = 0
    next_due: str | None = None  # when the next item not due now falls due (ISO 8601, UTC)
    limits: Limits = LIMITS
    names: dict[str, str] = Field(
        default_factory=lambda: dict(SHORT_NAMES),
        description="How the page names the people of the record, by participant id.",
    )
    scenario: ScenarioBrief | None = Field(
        None,
        description="The scenario the class's instructor set: role-plays that name none "
        "answer from it, and may only narrow it. Null: none set (or no class).",
    )
    strict: bool = Field(
        False,
        description="The class's instructor set strict answers: a line the record answers only "
        "loosely is refused, with the closest recorded lines offered.",
    )


class DocumentBrief(BaseModel):
    id: str
    title: str
    volume_title: str | None
    number: int
    date: str | None
    url: str
    turns: int


class RoleplayReady(ServerMessage):
    type: Literal["roleplay.ready"] = "roleplay.ready"
    as_: Character = Field(alias="as")
    partner: Character
    document: DocumentBrief | None
    position: int | None
    cue: list[TurnOut]
    scenario: ScenarioBrief | None = None
    class_scenario: ScenarioBrief | None = Field(
        None,
        description="The scenario the class's instructor set, as it is at this start (welcome's "
        "`scenario` read again): the page offers it and what lies in it, though the student "
        "narrowed `scenario`. Null: none set (or no class).",
    )
    strict: bool = Field(
        False,
        description="The class is set to strict answers (read again at every line: a change "
        "applies from the next one).",
    )


class Script(BaseModel):
    """Where a play-through stands after the student's line: what the record has there."""

    document: str
    position: int
    said: TurnOut
    closeness: float = Field(
        description="How close the student's line came to the record's line at this point, 0–1; "
        "the page shows it as a percentage beside `closeness_word`."
    )
    recorded_reply: list[TurnOut]
    next_position: int | None
    citation: Citation  # of ``said`` and ``recorded_reply``: the reply shown, cited

    @computed_field(description=WORD_DESCRIPTION)  # type: ignore[prop-decorator]
    @property
    def closeness_word(self) -> ClosenessWord:
        """``closeness`` in the page's word, judged here (server.closeness), never by the page."""
        return closeness_word(self.closeness)


class Reply(ServerMessage):
    type: Literal["reply"] = "reply"
    query: str
    status: Status | Literal["picked"]
    matches: list[MatchOut]
    # with no_match: recorded lines the student may pick ("did you mean"), shaped like matches
    suggestions: list[MatchOut] = []
    # with no_match: why (server.wire.Reason), and the student's words it rests on, as typed
    reason: Reason | None = None
    names: list[str] | None = None
    # with reason "instructor": the correction that refused the line
    correction: int | None = None
    # with a "weak" no_match: the record's topics the line names (server.wire.AskOut.topics)
    topics: list[ScenarioBrief] | None = None
    # with a "weak" no_match within a scenario: the conversation outside it that answers the
    # line (server.wire.AskOut.elsewhere), named, not answered from
    elsewhere: ElsewhereOut | None = None
    # with a "weak" no_match within a scenario: true, the whole record was searched again
    # (server.wire.AskOut.searched_outside); without `elsewhere`, nothing outside answers
    searched_outside: bool | None = None
    # with picked: which of the last reply's offered lines the student picked (0-based)
    picked: int | None = None
    script: Script | None = None
    OMIT_WHEN_NONE: ClassVar[tuple[str, ...]] = (
        "seq",
        "picked",
        "reason",
        "names",
        "correction",
        "topics",
        "elsewhere",
        "searched_outside",
    )

    def offered(self) -> list[MatchOut]:
        """The lines a ``pick`` may choose after this reply: a refusal's suggestions, or the
        candidates of an ambiguous line (whose first is shown as the answer)."""
        if self.status == "ambiguous":
            return self.matches
        if self.status == "no_match":
            return self.suggestions or self.matches
        return []


class Closeness(BaseModel):
    mean: float | None
    best: float | None
    worst: float | None


class RoleplayEnd(ServerMessage):
    type: Literal["roleplay.end"] = "roleplay.end"
    document: str
    lines: int
    closeness: Closeness
    citation: Citation


class QuizQuestion(ServerMessage):
    type: Literal["quiz.question"] = "quiz.question"
    quiz: str
    id: str
    number: int
    total: int
    mode: QuizMode
    prompt: QuizPrompt
    context: list[TurnOut] = []
    choices: list[Choice]
    citation: Citation
    item: str  # DOCUMENT#INDEX of the turn the question is about
    level: Level | None = None
    answer_speaker: str | None = Field(
        None,
        description="what_next: who spoke the line asked for (the right reply, `kissinger` or "
        "`dobrynin`), so the page asks it by name ('What did Dobrynin say next?'); null for "
        "who_said, whose answer is the speaker.",
    )
    requested: int | None = Field(
        None,
        description="The count quiz.start asked for; more than `total` when the filters or the "
        "class's scenario held fewer questions (or a review fewer due items).",
    )
    scenario: ScenarioBrief | None = Field(
        None,
        description="The class's scenario the quiz is drawn from (its instructor set it); "
        "null: no scenario, the whole record.",
    )


class QuizResult(ServerMessage):
    type: Literal["quiz.result"] = "quiz.result"
    quiz: str
    id: str
    correct: bool
    given: str
    answer: str
    explanation: str
    explanation_editorial: list[EditorialSpanOut] = Field(
        [],
        description="what_next: the editors' marks inside the right reply the explanation "
        "quotes: `start`..`end` index `explanation`; empty for who_said.",
    )
    citation: Citation
    score: int
    answered: int
    item: str
    editorial_after: list[str] = Field(
        [],
        description="what_next: the editors' paragraphs printed after the right reply ('[Omitted "
        "here is ...]'), as printed: left out of the choices (they would point at the answer), "
        "shown with the answer as editorial, never as the speaker's words.",
    )
    # An answer changes what is due (a miss at once): the Quiz tab's count follows it, as
    # quiz.summary's does the quiz's end. Asked for after each answer instead (review.due), it
    # spent half of a quick student's messages and ran into the rate limit.
    due: int = 0  # items the learner's review would ask now, this answer included
    next_due: str | None = None  # when the next of the others falls due (ISO 8601, UTC)


class Answer(BaseModel):
    id: str
    text: str
    speaker: str | None = Field(None, description="Who spoke a recorded line (what_next).")
    editorial: list[EditorialSpanOut] = Field([], description=SPANS_DESCRIPTION)


class Reviewed(BaseModel):
    """One question of a finished quiz, as the review screen lists it."""

    number: int
    item: str
    mode: QuizMode
    prompt: QuizPrompt
    context: list[TurnOut] = Field(
        [], description="As the question's quiz.question showed it: the line before the prompt."
    )
    given: Answer
    answer: Answer
    correct: bool
    citation: Citation
    editorial_after: list[str] = Field(
        [], description="As the question's quiz.result gave it: what_next's notes after the reply."
    )


class QuizSummary(ServerMessage):
    type: Literal["quiz.summary"] = "quiz.summary"
    quiz: str
    mode: QuizKind
    score: int
    total: int
    questions: list[Reviewed] = []
    due: int = 0  # items the learner's review would ask now, this quiz's answers included
    next_due: str | None = None  # when the next of the others falls due (ISO 8601, UTC)


class QuizFeedback(BaseModel):
    """``welcome.state.feedback``: the question answered last and its result, as both were sent,
    so a page reloaded on that feedback shows it again instead of skipping to what follows."""

    question: QuizQuestion
    result: QuizResult

    @field_serializer("question", "result")
    def _as_sent(self, message: ServerMessage) -> dict[str, Any]:
        """Each message as it was sent (its own ``dump``: no ``seq``: null)."""
        return message.dump()


class WelcomeState(BaseModel):
    """``welcome.state``: where a resumed session stood."""

    model_config = ConfigDict(populate_by_name=True)

    activity: Annotated[RoleplayActivity | QuizActivity, Field(discriminator="kind")] | None = None
    summary: QuizSummary | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="The quiz the session finished last, as its quiz.summary said it (due and "
        "next_due as of now), when nothing was started after it: a page reloaded on the score "
        "screen shows it again, with each question's review. Left out otherwise.",
    )
    feedback: QuizFeedback | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="The question the session answered last and its quiz.result, as they were "
        "sent, when nothing was answered or started after it (its quiz in progress, or finished "
        "with `summary`): a page reloaded on that feedback shows it again, then goes on to the "
        "waiting question or the score screen. Left out otherwise.",
    )

    @field_serializer("summary")
    def _as_sent(self, summary: QuizSummary | None) -> dict[str, Any] | None:
        """The summary as the message was sent (its own ``dump``: no ``seq``: null)."""
        return summary.dump() if summary is not None else None


class ClassStrict(ServerMessage):
    """Sent unasked to every open session of a class whose instructor just set or unset strict
    answers: the bar applies from the student's next line, so the page says so now, not at
    the next role-play."""

    type: Literal["class.strict"] = "class.strict"
    class_: str = Field(alias="class")
    strict: bool


class ReviewStatus(ServerMessage):
    """The answer to ``review.due``: ``welcome``'s ``due`` and ``next_due``, as of now."""

    type: Literal["review.status"] = "review.status"
    due: int  # items the learner's review would ask now (in a class's scenario, of those)
    next_due: str | None = None  # when the next of the others falls due (ISO 8601, UTC)


class Pong(ServerMessage):
    type: Literal["pong"] = "pong"


class Error(ServerMessage):
    type: Literal["error"] = "error"
    code: str
    message: str
    field: str | None = None
    retry_after: float | None = None
    OMIT_WHEN_NONE: ClassVar[tuple[str, ...]] = ("seq", "field", "retry_after")

    @classmethod
    def from_exception(cls, exc: ProtocolError, seq: Seq = None) -> Error:
        return cls(
            seq=exc.seq if exc.seq is not None else seq,
            code=exc.code,
            message=exc.message,
            field=exc.field,
            retry_after=exc.retry_after,
        )


SERVER_MESSAGES: tuple[type[ServerMessage], ...] = (
    Welcome,
    RoleplayReady,
    Reply,
    RoleplayEnd,
    QuizQuestion,
    QuizResult,
    QuizSummary,
    ClassStrict,
    ReviewStatus,
    Pong,
    Error,
)
