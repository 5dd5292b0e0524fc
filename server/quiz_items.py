"""An answered quiz question read as an instructor reviews it: a :class:`QuizItem`.

A ``quiz.result`` event names the choice given and the right one by letter; the
``quiz.question`` before it holds their texts. A :class:`QuizItem` gives the texts the student
read (the line asked about, the line shown before it, each choice, the answer given and the
right one), each with the editors' marks inside it beside it, not the letters. Read in a
session's order by :mod:`server.session_read`; the live feed reads one as it comes
(:func:`quiz_texts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, get_args

from pydantic import BaseModel, Field

from server.store import Event
from server.wire import SPANS_DESCRIPTION, EditorialSpanOut, Level, with_marks_in

LEVELS: tuple[Level, ...] = get_args(Level)


class QuizItem(BaseModel):
    """One answered quiz question, with the texts the student read."""

    session: str
    student: str
    seq: int
    at: str
    quiz: str
    id: str
    mode: str
    level: Level | None = Field(
        None,
        description="who_said: the line's difficulty as its quiz.question gave it and the "
        "student's page said it ('clear': a clear cue to its speaker, or 'subtle'); null for "
        "what_next and for a question stored without one. The difficulty the quiz was started "
        "at (null: mixed) is its `quiz.start` event's `level`.",
    )
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
    right_answer_speaker: str | None = Field(
        None,
        description="what_next: who spoke the right reply, the line the question asked for "
        "('What did Dobrynin say next?', as the quiz.question's `answer_speaker` named him); "
        "null for who_said (its answers are names).",
    )
    explanation: str = Field(
        "",
        description="What the student read after answering, as the quiz.result said it: who "
        "said the line (who_said), or the right reply quoted and where each other choice was "
        "said (what_next). The wrong choices are recorded words too, and this is their only "
        "citation.",
    )
    explanation_editorial: list[EditorialSpanOut] = Field(
        default_factory=list,
        description=SPANS_DESCRIPTION.replace("`text`", "`explanation`"),
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


def speaker_of(choices: Iterable[Mapping[str, Any]], choice_id: str) -> str | None:
    """Who spoke the recorded line of the choice ``choice_id`` (a what_next's; None for a
    who_said's names, and for an id none of them has). Read from the choices as stored, so a
    question stored before its ``answer_speaker`` was sent is asked by name as well."""
    return next((c.get("speaker") or None for c in choices if str(c.get("id")) == choice_id), None)


def quiz_texts(question: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """An answered question's texts as an instructor reads them, each with its editorial
    spans beside it: the line asked about, the choices, the answer given and the right one
    (a choice id the question does not hold stands for itself), and who spoke the right one."""
    prompt = with_marks_in({"text": "", **(result.get("prompt") or question.get("prompt") or {})})
    choices = [with_marks_in(c) for c in question.get("choices") or []]
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
    out["right_answer_speaker"] = speaker_of(choices, right)
    return out


def quiz_item(
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
        level=level if (level := question.get("level")) in LEVELS else None,
        **quiz_texts(question, data),
        question_speaker=prompt.get("speaker") or None,
        context=list(question.get("context") or []),
        explanation=str(data.get("explanation", "")),
        explanation_editorial=list(data.get("explanation_editorial") or []),
        given=str(data.get("given", "")),
        right=str(data.get("answer", "")),
        correct=bool(data["correct"]),  # a result that does not say is unreadable
        document=prompt.get("document"),
        turn=prompt.get("turn"),
        citation=data.get("citation"),
        editorial_after=[str(note) for note in data.get("editorial_after") or []],
    )
