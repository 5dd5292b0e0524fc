"""A session's events read as the units an instructor reviews: exchanges and quiz answers.

The store keeps events (a ``line``, then its ``reply``, which holds the line again as
``query``, its tier, score, matches, did-you-mean suggestions and, in a play-through, the
script). An :class:`Exchange` puts one line and everything answered to it together: the
matched recorded line, the reply shown as the answer (or the refusal and the lines offered
instead, and the one the student picked), the tier, the score and the citation. A
:class:`QuizItem` is one answered question with its texts, not its choice letters.

Pure functions of stored events, so the transcript view, the exports, the live feed and the
struggle view all read a session the same way, whichever store and process wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from server.store import Event
from server.unreadable import Unreadable, unreadable, why
from server.wire import SPANS_DESCRIPTION, EditorialSpanOut, ElsewhereOut, marks_in

Activity = Literal["free", "play"]
ChosenBy = Literal["search", "instructor", "student"]
# Tiers whose first match is presented to the student as the partner's answer to the line.
ANSWERED = ("match", "ambiguous", "picked")


class Exchange(BaseModel):
    """One student line and what the record answered, as the student saw it."""

    model_config = ConfigDict(populate_by_name=True)

    session: str
    student: str
    seq: int = Field(description="The stored `reply` event's seq in its session.")
    at: str = Field(description="When the reply was given (UTC, ISO 8601).")
    activity: Activity = Field(description="`free` play or `play` (a conversation played through).")
    as_: str | None = Field(None, alias="as", description="The character the student played.")
    line: str = Field(description="The student's line, as typed.")
    status: str = Field(description="`match`, `ambiguous`, `no_match`, or `picked`.")
    chosen_by: ChosenBy | None = Field(
        None,
        description="Who chose the answer: the search, the instructor (a correction) "
        "or the student (a did-you-mean pick); for a refusal, `instructor` when their "
        "correction refused the line (reason `instructor`), else null.",
    )
    correction: int | None = Field(
        None,
        description="The id of the instructor's correction that chose the answer or refused "
        "the line (`chosen_by` `instructor`; kept after a pick), else null.",
    )
    score: float | None = Field(
        None,
        description="The answer's match score; in a play-through, the line's closeness "
        "to the recorded line at that point.",
    )
    matched: dict[str, Any] | None = Field(
        None,
        description="The recorded line taken as the student's (`speaker`, `text`, "
        "`document`, `turn`, and `editorial`: the editors' marks inside `text`); in a "
        "play-through, the record's line at that point.",
    )
    reply: dict[str, Any] | None = Field(
        None,
        description="The recorded reply shown as the answer (`speaker`, `text`, "
        "`turns`); null when the line was refused.",
    )
    citation: dict[str, Any] | None = None
    candidates: list[dict[str, Any]] = Field(
        default_factory=list, description="Every match shown (an ambiguous line's alternatives)."
    )
    suggestions: list[dict[str, Any]] = Field(
        default_factory=list,
        description="A refused line's did-you-mean choices (matches, each `prompt` with the "
        "`editorial` spans of its `text`).",
    )
    reason: str | None = Field(
        None,
        description="Why the line was refused (`weak`, `language`, `anachronism`, `unheld`, "
        "`chatter`, `instructor`: "
        "docs/protocol.md, `reply`); kept after a pick; null for an answered line or a "
        "refusal stored before reasons were sent.",
    )
    names: list[str] = Field(
        default_factory=list,
        description="The student's words, as typed, behind an `anachronism` or `unheld` refusal.",
    )
    elsewhere: ElsewhereOut | None = Field(
        None,
        description="A line refused within a scenario: the conversation outside it that answers "
        "the line, as the reply named it (`reply`'s `elsewhere`); else null.",
    )
    searched_outside: bool = Field(
        False,
        description="A line refused within a scenario was searched again over the whole record: "
        "`elsewhere` names what answers it there, or null, nothing does. False where it was not "
        "searched, and for a refusal stored before this was kept (most were never searched), "
        "of which whether the rest of the record answers it is not known.",
    )
    picked: int | None = Field(None, description="The suggestion the student picked (0-based).")
    before_pick: str | None = Field(
        None,
        description="For a pick (`status` `picked`), the tier the student saw before it: "
        "`no_match` (refused; `picked` indexes `suggestions`) or `match`/`ambiguous` (answered, "
        "then another of the lines shown picked; `picked` indexes `candidates`, the first of "
        "them the search's answer); null for every other exchange.",
    )
    threshold: float | None = Field(
        None,
        description="The fit probability the line had to reach to be answered: the server's "
        "threshold, or the strict bar of a class set to strict answers; null for an exchange "
        "stored before it was kept.",
    )
    strict: bool | None = Field(
        None,
        description="The class was set to strict answers when the line was answered; null "
        "for an exchange stored before it was kept.",
    )
    search: dict[str, Any] | None = Field(
        None, description="In a play-through, the search's own best match for the line."
    )


class QuizItem(BaseModel):
    """One answered quiz question, with the texts the student read."""

    session: str
    student: str
    seq: int
    at: str
    quiz: str
    id: str
    mode: str
    question: str = Field(description="The prompt: the recorded line asked about.")
    question_speaker: str | None = Field(
        None,
        description="what_next: who said the line asked about, as the question named him "
        "before it; null for who_said (his name is the answer).",
    )
    context: list[dict[str, Any]] = Field(
        default_factory=list,
        description="The recorded line the question showed before the one asked about, as "
        "its quiz.question's `context` gave it (turn objects; unattributed, `speaker` empty, "
        "in a who_said): what the student read first. Empty for none, and for a question "
        "stored before it was kept.",
    )
    question_editorial: list[EditorialSpanOut] = Field(
        default_factory=list, description=SPANS_DESCRIPTION.replace("`text`", "`question`")
    )
    choices: list[dict[str, Any]] = Field(
        default_factory=list,
        description="As the question offered them (`id`, `text`, `speaker`, `editorial`).",
    )
    answer: str = Field(description="The text of the choice the student gave.")
    answer_editorial: list[EditorialSpanOut] = Field(
        default_factory=list, description=SPANS_DESCRIPTION.replace("`text`", "`answer`")
    )
    right_answer: str = Field(description="The text of the right choice.")
    right_answer_editorial: list[EditorialSpanOut] = Field(
        default_factory=list, description=SPANS_DESCRIPTION.replace("`text`", "`right_answer`")
    )
    given: str
    right: str
    correct: bool
    document: str | None = None
    turn: int | None = None
    citation: dict[str, Any] | None = None
    editorial_after: list[str] = Field(
        default_factory=list,
        description="what_next: the editors' paragraphs printed after the right reply, as the "
        "quiz.result gave them (editorial, never the speaker's words); empty for who_said and for "
        "an answer stored before they were kept.",
    )


def _marked(quoted: dict[str, Any]) -> dict[str, Any]:
    """A stored recorded text (a quiz prompt or choice, a match's recorded line) with its
    editorial spans: as sent beside it, or, for one stored before they were, found in the text
    by the parser's rule."""
    if "editorial" in quoted:
        return quoted
    found = marks_in(str(quoted.get("text", "")))
    return {**quoted, "editorial": [s.model_dump() for s in found]}


def quiz_texts(question: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """An answered question's texts as an instructor reads them, each with its editorial
    spans beside it: the line asked about, the choices, the answer given and the right one
    (a choice id the question does not hold stands for itself)."""
    prompt = _marked({"text": "", **(result.get("prompt") or question.get("prompt") or {})})
    choices = [_marked(c) for c in question.get("choices") or []]
    by_id = {str(c.get("id")): c for c in choices}
    given, right = str(result.get("given", "")), str(result.get("answer", ""))
    out: dict[str, Any] = {
        "question": str(prompt["text"]),
        "question_editorial": prompt["editorial"],
        "choices": choices,
    }
    for field, choice_id in (("answer", given), ("right_answer", right)):
        choice = by_id.get(choice_id, {"text": choice_id, "editorial": []})
        out[field] = str(choice.get("text", choice_id))
        out[f"{field}_editorial"] = choice["editorial"]
    return out


def _prompt_of(match: dict[str, Any]) -> dict[str, Any] | None:
    return _marked(dict(match["prompt"])) if match.get("prompt") else None


def _with_marks(match: dict[str, Any]) -> dict[str, Any]:
    """A stored match (an answer, a runner-up, a did-you-mean line) whose recorded line carries
    its editors' marks, as a reply sends them, or, stored before it did, as its text holds."""
    prompt = _prompt_of(match)
    return {**match, "prompt": prompt} if prompt is not None else match


def exchange_of(
    reply: Event, *, session: str, student: str, as_: str | None, typed: str | None = None
) -> Exchange:
    """The exchange a stored ``reply`` event holds (before any later pick). ``typed``: the
    stored ``line`` it answers, the student's words as typed: the reply's ``query`` is the line
    as searched, its spaces and line breaks run together, so a line written over two lines
    read as one on the instructor's card and in the exports."""
    data = reply.data
    query = str(data["query"])  # a reply without the line it answers is unreadable
    status = str(data["status"])
    matches = [_with_marks(m) for m in data.get("matches") or []]
    suggestions = [_with_marks(m) for m in data.get("suggestions") or []]
    suggestions = suggestions or (matches if status == "no_match" else [])
    script = data.get("script")
    base: dict[str, Any] = {
        "session": session,
        "student": student,
        "seq": reply.seq,
        "at": reply.at,
        "as_": as_,
        "line": typed if typed is not None and " ".join(typed.split()) == query else query,
        "status": status,
        "suggestions": suggestions,
        "reason": data.get("reason") if status == "no_match" else None,
        "names": list(data.get("names") or []) if status == "no_match" else [],
        "elsewhere": data.get("elsewhere") if status == "no_match" else None,
        "searched_outside": status == "no_match" and bool(data.get("searched_outside")),
        "threshold": data.get("threshold"),
        "strict": data.get("strict"),
    }
    if script:  # a play-through: the record's own line and reply at this point were shown
        best = matches[0] if matches and status in ANSWERED else None
        turns = list(script.get("recorded_reply") or [])
        said = script["said"]
        return Exchange(
            **base,
            activity="play",
            chosen_by="search",
            score=script.get("closeness"),
            matched=_marked(
                {
                    "speaker": said.get("speaker"),
                    "text": said.get("clean_text", said.get("text", "")),
                    "document": script["document"],
                    "turn": said.get("index", script.get("position")),
                    **({"editorial": said["editorial"]} if "editorial" in said else {}),
                }
            ),
            reply={
                "speaker": turns[0]["speaker"] if turns else None,
                "text": _reply_text(turns),
                "turns": turns,
            },
            citation=script.get("citation"),
            candidates=matches if status in ANSWERED else [],
            search=best,
        )
    if status in ANSWERED and matches:
        first = matches[0]
        return Exchange(
            **base,
            activity="free",
            chosen_by="student" if status == "picked" else first.get("chosen_by", "search"),
            correction=first.get("correction"),
            score=first.get("score", data.get("score")),
            matched=_prompt_of(first),
            reply=first.get("reply"),
            citation=first.get("citation"),
            candidates=matches,
        )
    refused_by: ChosenBy | None = "instructor" if data.get("reason") == "instructor" else None
    return Exchange(
        **base,
        activity="free",
        score=data.get("score"),
        chosen_by=refused_by,
        correction=data.get("correction") if refused_by else None,
    )


def _reply_text(turns: list[dict[str, Any]]) -> str:
    return "\n\n".join(
        p
        for t in turns
        for p in (
            *t.get("editorial_before", ()),
            t.get("clean_text", ""),
            *t.get("editorial_after", ()),
        )
    )


def _picked(exchange: Exchange, pick: Event | None, reply: Event) -> Exchange:
    """An exchange after the student picked one of the lines it offered: a refusal's
    suggestions, or the lines shown beside an answer. The tier seen first is kept, so a line
    that was answered is never read back as refused; after an answer, ``candidates`` stay the
    lines shown, which ``picked`` indexes (a later pick of the same offer keeps them too)."""
    data = reply.data
    matches = [_with_marks(m) for m in data.get("matches") or []]
    before = exchange.before_pick or exchange.status
    shown = exchange.candidates if before in ("match", "ambiguous") else matches
    first = matches[0] if matches else None
    index = None
    if pick is not None:
        index = pick.data.get("suggestion")
    if index is None:
        index = data.get("picked", data.get("suggestion"))
    return exchange.model_copy(
        update={
            "status": "picked",
            "chosen_by": "student",
            "picked": index if isinstance(index, int) else None,
            "score": first.get("score") if first else exchange.score,
            "matched": _prompt_of(first) if first else None,
            "reply": first.get("reply") if first else None,
            "citation": first.get("citation") if first else None,
            "candidates": shown,
            "before_pick": before,
        }
    )


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
            exchanges[-1] = _picked(exchanges[-1], pick, event)
        else:
            exchanges.append(
                exchange_of(event, session=session, student=student, as_=as_, typed=typed)
            )
        pick = None
    elif event.kind == "quiz.question":
        questions[(str(data.get("quiz")), str(data.get("id")))] = data
    elif event.kind == "quiz.result":
        read.quiz.append(_quiz_item(event, questions, session=session, student=student))
    return as_, pick


def _quiz_item(
    event: Event,
    questions: dict[tuple[str, str], dict[str, Any]],
    *,
    session: str,
    student: str,
) -> QuizItem:
    data = event.data
    question = questions.get((str(data.get("quiz")), str(data.get("id")))) or {}
    prompt = data.get("prompt") or question.get("prompt") or {}
    return QuizItem(
        session=session,
        student=student,
        seq=event.seq,
        at=event.at,
        quiz=str(data.get("quiz", "")),
        id=str(data.get("id", "")),
        mode=str(question.get("mode", "")),
        **quiz_texts(question, data),
        question_speaker=prompt.get("speaker") or None,
        context=list(question.get("context") or []),
        given=str(data.get("given", "")),
        right=str(data.get("answer", "")),
        correct=bool(data["correct"]),  # a result that does not say is unreadable
        document=prompt.get("document"),
        turn=prompt.get("turn"),
        citation=data.get("citation"),
        editorial_after=[str(note) for note in data.get("editorial_after") or []],
    )


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
