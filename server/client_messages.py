"""What a page may send over the WebSocket (docs/protocol.md): one pydantic model per message
kind, and the kinds by their ``type``.

Client models refuse unknown fields, so a typo is reported to the student instead of being
silently ignored; :mod:`server.client_frames` reads a raw frame into one of them, or refuses it
with a :class:`ProtocolError` whose message names the field, what was wrong and where the
protocol is documented. What the server sends is :mod:`server.protocol`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from server.limits import (
    MAX_LINE_CHARS,
    MAX_OFFERED,
    MAX_QUIZ_QUESTIONS,
    MAX_SEQ_CHARS,
    MAX_SEQ_INT,
)
from server.names import blank_name_problem
from server.wire import Character, Level, QuizKind


def _shown(name: str | None) -> str | None:
    """A student's name, refused (as an empty one is) when it shows no character."""
    problem = blank_name_problem(name) if name is not None else None
    if problem is not None:
        raise ValueError(problem)
    return name


class ClientMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)

    seq: Annotated[int | str | None, Field(union_mode="left_to_right")] = None
    type: str  # each message narrows it to its own literal (CLIENT_MESSAGES' keys)


class Hello(ClientMessage):
    type: Literal["hello"]
    student: Annotated[str | None, AfterValidator(_shown)] = Field(
        None, min_length=1, max_length=80
    )
    class_: str | None = Field(None, alias="class", min_length=1, max_length=40)
    resume: str | None = Field(None, min_length=1, max_length=200)
    # the token a previous welcome gave: continue as the same learner in a new session
    learner: str | None = Field(None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _one_way_in(self) -> Hello:
        if self.resume is None and self.student is None:
            raise ValueError("needs either 'student' (a new session) or 'resume' (a token)")
        if self.resume is not None and (
            self.student is not None or self.class_ is not None or self.learner is not None
        ):
            raise ValueError(
                "takes either 'resume' alone or 'student', 'class' and 'learner', not both"
            )
        return self


class RoleplayStart(ClientMessage):
    type: Literal["roleplay.start"]
    as_: Character = Field(alias="as")
    document: str | None = None
    # a scope (GET /api/scenarios) search answers from; null: the class's scenario if its
    # instructor set one (server.class_scope), else the whole record
    scenario: str | None = Field(None, min_length=1, max_length=200)


class Say(ClientMessage):
    type: Literal["say"]
    text: str = Field(min_length=1, max_length=MAX_LINE_CHARS)
    # The page's own id for this line, unique in the session: a line sent again after a
    # reconnect is answered with the stored reply instead of being stored twice.
    id: str | None = Field(None, min_length=1, max_length=MAX_SEQ_CHARS)


class Pick(ClientMessage):
    """The student picks one of the lines the last reply offered instead of an answer."""

    type: Literal["pick"]
    # strict: "0", true and 1.0 are not a line's number (pydantic's lax mode took them as 0, 1)
    suggestion: int = Field(ge=0, le=MAX_OFFERED, strict=True)


class QuizStart(ClientMessage):
    type: Literal["quiz.start"]
    mode: QuizKind
    count: int = Field(10, ge=1, le=MAX_QUIZ_QUESTIONS, strict=True)
    document: str | None = None
    volume: str | None = None
    seed: int | None = Field(None, gt=-MAX_SEQ_INT, lt=MAX_SEQ_INT, strict=True)
    level: Level | None = None  # who_said: only lines with a clear cue, or only subtle ones


class QuizAnswer(ClientMessage):
    type: Literal["quiz.answer"]
    id: str
    answer: str
    # the quiz the question is of (``quiz.question``'s ``quiz``): question ids repeat in every
    # quiz, so an answer sent late for an earlier quiz was taken as one to the quiz running
    quiz: str | None = Field(None, min_length=1, max_length=MAX_SEQ_CHARS)


class ReviewDue(ClientMessage):
    """How many items a review would ask now: asked by a page left open when the ``next_due``
    it was told comes, which no other message would have brought it."""

    type: Literal["review.due"]


class Ping(ClientMessage):
    type: Literal["ping"]


CLIENT_MESSAGES: dict[str, type[ClientMessage]] = {
    "hello": Hello,
    "roleplay.start": RoleplayStart,
    "say": Say,
    "pick": Pick,
    "quiz.start": QuizStart,
    "quiz.answer": QuizAnswer,
    "review.due": ReviewDue,
    "ping": Ping,
}
