"""What the store holds of a student's message left unfinished, read when the session resumes.

A message refused for the store (``database_busy``, ``not_stored``) may have kept its first
writes before the one that failed; sent again, it meets them instead of writing them twice
(:meth:`server.session_base.SessionBase._once`). The connection it was refused on remembers
them, but the page may send it again only after a reconnect, to any server process: what was
kept is then read from the session's stored events, which every process shares.

The last line of a conversation played through writes its line, its reply, then the end; the
end refused, the line sent again is answered by its stored reply (the line is answered), so
the end is made again from the stored play-through when the session resumes
(:func:`unended_play`). A quiz's last answer likewise stores its answer, card and result, then
the summary (:func:`unended_quiz`). An answer kept is the answer to its question: sent again
with another choice, it meets what was kept (:func:`same_question`). A question whose write
the store refused as it was asked is written when the session resumes at it
(:func:`asked_stored`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from server.activity import Question, QuizState
from server.client_messages import QuizAnswer
from server.review import Answered
from server.session_base import Write
from server.store import Event

# A message's first write that another always follows: a line its reply, a pick its reply, an
# answer its card and result. Stored last, it is of a message left unfinished.
FOLLOWED = frozenset({"line", "pick", "quiz.answer"})
# Written by the connections, not by a message: a refused message's writes may lie before them.
OF_CONNECTIONS = frozenset({"connect", "disconnect"})


def _written(events: Sequence[Event]) -> list[Event]:
    """The session's events written for its messages, the connections' own left out."""
    return [event for event in events if event.kind not in OF_CONNECTIONS]


def left_unfinished(events: Sequence[Event]) -> Event | None:
    """The session's last event written for a message, if that message was left unfinished."""
    written = _written(events)
    if written and written[-1].kind in FOLLOWED:
        return written[-1]
    return None


def same_question(refused: object, message: object) -> bool:
    """Whether ``message`` answers the question the answer ``refused`` did, with whatever
    choice: the store may have kept the first answer (and scored its card), and a second
    choice for the same question is not a second answer."""
    return (
        isinstance(refused, QuizAnswer)
        and isinstance(message, QuizAnswer)
        and refused.id == message.id
    )


def asked_stored(events: Sequence[Event], quiz: str, question: str) -> bool:
    """Whether the session's events hold question ``question`` of ``quiz`` as asked."""
    return any(
        event.kind == "quiz.question"
        and event.data.get("quiz") == quiz
        and event.data.get("id") == question
        for event in events
    )


def kept_writes(last: Event, answers: Sequence[Answered], item: str | None) -> list[Write]:
    """What the unfinished message ``last`` began kept, as its writes: its event, and for an
    answer the learner's card of ``item`` if it was scored after the answer was stored (the
    learner's ``answers``, oldest first; the card is no event, its log says when)."""
    kept: list[Write] = [(last.kind, last.data)]
    scored = answers[-1] if answers else None
    if last.kind == "quiz.answer" and scored and scored.item == item and scored.at >= last.at:
        card = {"item": scored.item, "mode": scored.mode, "correct": scored.correct}
        kept.append(("answer", card))
    return kept


@dataclass(frozen=True, slots=True)
class Unended:
    """A conversation played through to its last line whose end the store did not keep: the
    line's id (None: sent without one), and what the end is made of."""

    line: str | None
    document: str
    lines: int
    closeness: list[float]


def unended_play(events: Sequence[Event]) -> Unended | None:
    """The play-through the session's last written event, a reply at the conversation's end,
    left without its end; None if it has one (or the last event is no such reply)."""
    written = _written(events)
    if not written or written[-1].kind != "reply":
        return None
    script = written[-1].data.get("script")
    if not isinstance(script, dict) or script.get("next_position", 0) is not None:
        return None
    starts = [n for n, event in enumerate(written) if event.kind == "roleplay.start"]
    play = written[starts[-1] + 1 :] if starts else []
    lines = [event for event in play if event.kind == "line"]
    scripts = [event.data.get("script") for event in play if event.kind == "reply"]
    closeness = [s["closeness"] for s in scripts if isinstance(s, dict) and "closeness" in s]
    if not lines or not closeness or script.get("document") is None:
        return None
    return Unended(lines[-1].data.get("id"), script["document"], len(lines), closeness)


def unended_quiz(events: Sequence[Event]) -> tuple[QuizState, Event] | None:
    """The quiz the session's last written event, the result of its last question, left
    without its summary: the quiz as it stood then (its questions as stored when asked, each
    answer given) and that result; None if it has its summary (or is no such quiz), or a
    question of it cannot be read as stored."""
    written = _written(events)
    if not written or written[-1].kind != "quiz.result":
        return None
    result = written[-1]
    quiz = result.data.get("quiz")
    starts = [e for e in written if e.kind == "quiz.start" and e.data.get("quiz") == quiz]
    if not starts or result.data.get("answered") != starts[-1].data.get("total"):
        return None
    start = written.index(starts[-1])
    asked: dict[str, Question] = {}
    given: dict[str, str] = {}
    try:
        for event in written[start:]:
            if event.kind == "quiz.question" and event.data.get("quiz") == quiz:
                asked.setdefault(event.data["id"], Question.model_validate(event.data))
            elif event.kind == "quiz.answer" and event.data.get("quiz") == quiz:
                given[event.data["id"]] = event.data["answer"]
        state = QuizState.model_validate(
            {
                "quiz": quiz,
                "mode": starts[-1].data["mode"],
                "questions": list(asked.values()),
                "current": len(asked),
                "score": sum(given.get(q.id) == q.answer for q in asked.values()),
                "given": [given[q.id] for q in asked.values()],
                "requested": starts[-1].data.get("count"),
            }
        )
    except (KeyError, ValidationError):
        return None
    return state, result
