"""What a session is doing, as typed models: the state the store keeps and what ``welcome`` shows.

A session holds at most one activity, a role-play or a quiz, told apart by ``kind``. The
store keeps :class:`SessionState` as JSON (``{"activity": {...}}``) with every event, so a
resume — even after a restart — carries on exactly; the JSON shape is the one protocol 1
has always stored, so sessions saved before these models existed load unchanged.
:class:`RoleplayActivity` and :class:`QuizActivity` are what the student is told of it
(never the quiz's answers).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from server.wire import (
    Character,
    Choice,
    Citation,
    EditorialSpanOut,
    Level,
    MatchOut,
    QuizKind,
    QuizMode,
    QuizPrompt,
    ScenarioBrief,
)


class _State(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, mode="json")


class Question(_State):
    """A question with its answer: kept server-side (in the session state), never sent whole."""

    id: str
    mode: QuizMode
    prompt: QuizPrompt
    choices: list[Choice]
    answer: str
    citation: Citation  # of the prompt, shown with the question
    result_citation: Citation  # of the prompt and the answer, shown with the result
    explanation: str
    explanation_editorial: list[EditorialSpanOut] = []  # the editors' marks in its quote
    item: str = ""  # DOCUMENT#INDEX: the quoted line (who_said), the right answer (what_next)
    level: Level | None = None  # who_said: "clear" or "subtle", by the speaker evidence
    evidence: float | None = None  # who_said: the held-out model's probability of the answer
    before: bool = False  # who_said: the line before is shown (it is what makes it answerable)
    # what_next: the editors' paragraphs printed after the right reply ("[Omitted here is
    # ...]"), up to the next turn or the conversation's end: never in a choice (they would
    # point at the answer), shown as editorial once the answer is revealed
    editorial_after: list[str] = []


class Offer(_State):
    """The recorded lines the last reply offered to pick (a refusal's suggestions, or an
    ambiguous line's candidates), kept with the session so a reload can still pick."""

    query: str = ""
    lines: list[MatchOut] = []


class RoleplayState(_State):
    """A role-play in progress: free play (no document) or a conversation played through."""

    kind: Literal["roleplay"] = "roleplay"
    as_: Character = Field(alias="as")
    document: str | None = None
    position: int | None = None  # the student's turn in ``document``; None in free play
    lines: int = 0
    closeness: list[float] = []  # of each line to the record's, playing a document
    offer: Offer | None = None
    scenario: str | None = None  # the scope search answers from (None: the whole record)

    def public(self) -> RoleplayActivity:
        return RoleplayActivity(
            as_=self.as_,
            document=self.document,
            position=self.position,
            lines=self.lines,
            scenario=self.scenario,
        )


class QuizState(_State):
    """A quiz in progress: every question with its answer, and how far the student is."""

    kind: Literal["quiz"] = "quiz"
    quiz: str
    mode: QuizKind
    questions: list[Question]
    current: int = 0  # index of the question waiting for an answer
    score: int = 0
    given: list[str] = []  # the learner's answers, for the review screen at the end
    requested: int | None = None  # the count asked for: more than drawn, if the scope held fewer
    scenario: ScenarioBrief | None = None  # the class's scenario the questions were drawn from

    @property
    def question(self) -> Question:
        return self.questions[self.current]

    @property
    def finished(self) -> bool:
        return self.current >= len(self.questions)

    def public(self) -> QuizActivity:
        return QuizActivity(
            quiz=self.quiz,
            mode=self.mode,
            answered=self.current,
            total=len(self.questions),
            score=self.score,
        )


Activity = Annotated[RoleplayState | QuizState, Field(discriminator="kind")]


class SessionState(_State):
    """What the store keeps with every event: where the session stands."""

    activity: Activity | None = None


class RoleplayActivity(_State):
    """``welcome.state.activity`` of a role-play in progress."""

    kind: Literal["roleplay"] = "roleplay"
    as_: Character = Field(alias="as")
    document: str | None
    position: int | None
    lines: int
    scenario: str | None = None


class QuizActivity(_State):
    """``welcome.state.activity`` of a quiz in progress (the answers stay on the server)."""

    kind: Literal["quiz"] = "quiz"
    quiz: str
    mode: QuizKind
    answered: int
    total: int
    score: int
