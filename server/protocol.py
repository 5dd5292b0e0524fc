"""The WebSocket protocol (docs/protocol.md) as pydantic models, and the parser of client frames.

One model per message kind. Client models refuse unknown fields, so a typo is reported to the
student instead of being silently ignored; every refusal is a :class:`ProtocolError` whose
message names the field, what was wrong and where the protocol is documented.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from server.activity import WelcomeState
from server.errors import ProtocolError
from server.limits import (
    LIMITS,
    MAX_FRAME_BYTES,
    MAX_LINE_CHARS,
    MAX_OFFERED,
    MAX_QUIZ_QUESTIONS,
    MAX_SEQ_CHARS,
    MAX_SEQ_INT,
    Limits,
)
from server.wire import (
    Character,
    Choice,
    Citation,
    Level,
    MatchOut,
    QuizKind,
    QuizMode,
    QuizPrompt,
    Status,
    TurnOut,
)
from transcripts import SHORT_NAMES

PROTOCOL_VERSION = 1

Seq = int | str | None


# --- client → server -------------------------------------------------------------------------


class ClientMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)

    seq: Annotated[int | str | None, Field(union_mode="left_to_right")] = None


class Hello(ClientMessage):
    type: Literal["hello"]
    student: str | None = Field(None, min_length=1, max_length=80)
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
    suggestion: int = Field(ge=0, le=MAX_OFFERED)


class QuizStart(ClientMessage):
    type: Literal["quiz.start"]
    mode: QuizKind
    count: int = Field(10, ge=1, le=MAX_QUIZ_QUESTIONS)
    document: str | None = None
    volume: str | None = None
    seed: int | None = Field(None, gt=-MAX_SEQ_INT, lt=MAX_SEQ_INT)
    level: Level | None = None  # who_said: only lines with a clear cue, or only subtle ones


class QuizAnswer(ClientMessage):
    type: Literal["quiz.answer"]
    id: str
    answer: str


class Ping(ClientMessage):
    type: Literal["ping"]


CLIENT_MESSAGES: dict[str, type[ClientMessage]] = {
    "hello": Hello,
    "roleplay.start": RoleplayStart,
    "say": Say,
    "pick": Pick,
    "quiz.start": QuizStart,
    "quiz.answer": QuizAnswer,
    "ping": Ping,
}


def parse_client_message(frame: str | bytes) -> ClientMessage:
    """The message in one text frame, or a :class:`ProtocolError` saying what is wrong with it."""
    if isinstance(frame, bytes):
        raise ProtocolError(
            "bad_json", "Binary frames are not part of the protocol; send JSON as a text frame."
        )
    if len(frame.encode("utf-8")) > MAX_FRAME_BYTES:
        raise ProtocolError(
            "frame_too_large",
            f"The message is {len(frame.encode('utf-8')):,} bytes; the limit is "
            f"{MAX_FRAME_BYTES:,}. Send a shorter message.",
        )
    try:
        raw = json.loads(frame)
    except json.JSONDecodeError as exc:
        raise ProtocolError(
            "bad_json",
            f"The message is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}. "
            "Send one JSON object per frame.",
        ) from None
    except ValueError:  # an integer of more digits than Python converts (4,300)
        raise ProtocolError(
            "bad_json",
            "The message holds a number too long to read; numbers in the protocol are short "
            "integers. Send one JSON object per frame.",
        ) from None
    except RecursionError:  # within the frame limit, "[[[[..." nests deeper than json can read
        raise ProtocolError(
            "bad_json",
            "The message nests arrays or objects too deeply to be read; send one flat JSON "
            'object per frame, such as {"type": "ping"}.',
        ) from None
    if not isinstance(raw, dict):
        raise ProtocolError(
            "not_an_object",
            f"The message is a JSON {type(raw).__name__}, not an object; send an object such as "
            '{"type": "ping"}.',
        )
    seq = _seq(raw.pop("seq", None))
    unreadable = _lone_surrogate(raw)
    if unreadable is not None:
        raise ProtocolError(
            "invalid_field",
            f"Field {unreadable!r} holds a lone UTF-16 surrogate (an escape such as \\ud800 "
            "with no pair), which is not text; send the characters themselves.",
            field=unreadable,
            seq=seq,
        )
    kind = raw.get("type")
    if not isinstance(kind, str):
        raise ProtocolError(
            "missing_type",
            'The message has no string "type" field; every message needs one, e.g. '
            '{"type": "ping"}.',
            field="type",
            seq=seq,
        )
    model = CLIENT_MESSAGES.get(kind)
    if model is None:
        known = ", ".join(CLIENT_MESSAGES)
        raise ProtocolError(
            "unknown_type",
            f"Unknown message type {kind!r}; the client messages are: {known}.",
            field="type",
            seq=seq,
        )
    if model is Say and isinstance(raw.get("text"), str):
        length = len(raw["text"].strip())
        if length > MAX_LINE_CHARS:
            raise ProtocolError(
                "line_too_long",
                f"The line is {length:,} characters long; the limit is {MAX_LINE_CHARS:,}. "
                "Shorten it and send it again.",
                field="text",
                seq=seq,
            )
    try:
        message = model.model_validate(raw)
    except ValidationError as exc:
        field, message_text = _explain(kind, model, exc)
        raise ProtocolError("invalid_field", message_text, field=field, seq=seq) from None
    message.seq = seq  # exactly as sent: "007" stays a string, 7 an integer
    return message


def _seq(value: Any) -> int | str | None:
    """The client's ``seq`` if it is one the protocol echoes exactly, else ``invalid_field``.

    An integer beyond 2^53 would come back changed from a JavaScript client's point of view,
    and ``true`` or ``5.0`` are not integers; a lone surrogate could not be sent back at all.
    """
    if value is None:
        return None
    if type(value) is int and abs(value) < MAX_SEQ_INT:
        return value
    if isinstance(value, str) and len(value) <= MAX_SEQ_CHARS and _text(value):
        return value
    raise ProtocolError(
        "invalid_field",
        f"Field 'seq' must be an integer between -(2^53) and 2^53 or a string of at most "
        f"{MAX_SEQ_CHARS} characters (got a JSON {_json_kind(value)}); see docs/protocol.md.",
        field="seq",
    )


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer out of range"
    if isinstance(value, float):
        return "number with a fraction or exponent"
    if isinstance(value, str):
        return "string that is too long or not text"
    return "array" if isinstance(value, list) else "object"


def _text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _lone_surrogate(raw: dict[str, Any]) -> str | None:
    """The top-level field of ``raw`` whose value (or key) holds a string that is not text."""
    for key, value in raw.items():
        stack: list[Any] = [key, value]
        while stack:
            item = stack.pop()
            if isinstance(item, str) and not _text(item):
                return key if _text(key) else "?"
            if isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return None


def _explain(kind: str, model: type[ClientMessage], exc: ValidationError) -> tuple[str | None, str]:
    """The first problem of a validation error, as (field, sentence)."""
    error = exc.errors()[0]
    loc = [str(part) for part in error["loc"]]
    field = loc[0] if loc else None
    fields = ", ".join(
        info.alias or name
        for name, info in model.model_fields.items()
        if name not in ("type", "seq")
    )
    where = f"`{kind}`"
    if error["type"] == "missing":
        return field, f"{where} needs the field {field!r}; its fields are: {fields}."
    if error["type"] == "extra_forbidden":
        return field, f"{field!r} is not a field of {where}; its fields are: {fields}."
    if field is None:  # a model-level rule
        message = str(error["msg"]).removeprefix("Value error, ")
        return None, f"{where} {message}; see docs/protocol.md."
    got = error.get("input")
    return field, (
        f"Field {field!r} of {where} is wrong: {str(error['msg']).lower()} (got {got!r}); "
        "see docs/protocol.md."
    )


# --- server → client -------------------------------------------------------------------------


class ServerMessage(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    seq: Seq = None

    def dump(self) -> dict[str, Any]:
        """The JSON object sent on the wire: aliases applied, no ``seq`` when there is none."""
        data = self.model_dump(by_alias=True, mode="json")
        if data.get("seq") is None:
            data.pop("seq", None)
        return {"type": data.pop("type"), **data}


class ScenarioBrief(BaseModel):
    """The scope a role-play answers from; ``editorial``: the title is the project's words."""

    id: str
    title: str
    editorial: bool


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


class Script(BaseModel):
    """Where a play-through stands after the student's line: what the record has there."""

    document: str
    position: int
    said: TurnOut
    closeness: float
    recorded_reply: list[TurnOut]
    next_position: int | None
    citation: Citation  # of ``said`` and ``recorded_reply``: the reply shown, cited


class Reply(ServerMessage):
    type: Literal["reply"] = "reply"
    query: str
    status: Status | Literal["picked"]
    matches: list[MatchOut]
    # with no_match: recorded lines the student may pick ("did you mean"), shaped like matches
    suggestions: list[MatchOut] = []
    # with picked: which of the last reply's offered lines the student picked (0-based)
    picked: int | None = None
    script: Script | None = None

    def dump(self) -> dict[str, Any]:
        data = super().dump()
        if data.get("picked") is None:
            data.pop("picked", None)
        return data

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


class QuizResult(ServerMessage):
    type: Literal["quiz.result"] = "quiz.result"
    quiz: str
    id: str
    correct: bool
    given: str
    answer: str
    explanation: str
    citation: Citation
    score: int
    answered: int
    item: str


class Answer(BaseModel):
    id: str
    text: str


class Reviewed(BaseModel):
    """One question of a finished quiz, as the review screen lists it."""

    number: int
    item: str
    mode: QuizMode
    prompt: QuizPrompt
    given: Answer
    answer: Answer
    correct: bool
    citation: Citation


class QuizSummary(ServerMessage):
    type: Literal["quiz.summary"] = "quiz.summary"
    quiz: str
    mode: QuizKind
    score: int
    total: int
    questions: list[Reviewed] = []
    due: int = 0  # items the learner's review would ask now, this quiz's answers included


class Pong(ServerMessage):
    type: Literal["pong"] = "pong"


class Error(ServerMessage):
    type: Literal["error"] = "error"
    code: str
    message: str
    field: str | None = None
    retry_after: float | None = None

    @classmethod
    def from_exception(cls, exc: ProtocolError, seq: Seq = None) -> Error:
        return cls(
            seq=exc.seq if exc.seq is not None else seq,
            code=exc.code,
            message=exc.message,
            field=exc.field,
            retry_after=exc.retry_after,
        )

    def dump(self) -> dict[str, Any]:
        data = super().dump()
        for optional in ("field", "retry_after"):
            if data.get(optional) is None:
                data.pop(optional, None)
        return data


SERVER_MESSAGES: tuple[type[ServerMessage], ...] = (
    Welcome,
    RoleplayReady,
    Reply,
    RoleplayEnd,
    QuizQuestion,
    QuizResult,
    QuizSummary,
    Pong,
    Error,
)
