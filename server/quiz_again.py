"""A quiz answer sent again for a question the quiz has already moved past.

A client that lost its connection (or sent twice) may send again the answer it already sent
for a question the server has answered and moved on from: it was refused ``wrong_question``,
though nothing was wrong with it. An answer is identified by its question's ``id`` within the
quiz in progress (or the quiz whose score screen the session stands at); sent again with the
choice stored for it, it is answered again with the result stored for it, as the first time,
neither scored nor stored again and the quiz not moved on. Another choice for a question
already answered is still refused ``wrong_question``: the answer stored is the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from server.activity import QuizState, RoleplayState
from server.client_messages import QuizAnswer
from server.errors import ProtocolError
from server.protocol import QuizResult, QuizSummary
from server.store import Event
from server.unreadable import read_as


@dataclass
class Passed:
    """The answered questions of one quiz, each with the result sent for it, and the summary
    its last answer brought (None while it goes on)."""

    quiz: str
    results: dict[str, QuizResult] = field(default_factory=dict)
    summary: QuizSummary | None = None


def passed_in(events: Sequence[Event], session: str) -> Passed | None:
    """The answered questions of the session's last activity, if it is a quiz, from its
    stored results and summary: a resumed session answers them again as the first time. A
    result or summary that cannot be read is left out (its answer is refused as before)."""
    starts = [n for n, e in enumerate(events) if e.kind in ("quiz.start", "roleplay.start")]
    if not starts or events[starts[-1]].kind != "quiz.start":
        return None
    passed = Passed(str(events[starts[-1]].data.get("quiz")))
    for event in events[starts[-1] + 1 :]:
        if event.data.get("quiz") != passed.quiz:
            continue
        if event.kind == "quiz.result":
            result = read_as(QuizResult, event, session)
            if result is not None:
                passed.results.setdefault(result.id, result)
        elif event.kind == "quiz.summary":
            passed.summary = read_as(QuizSummary, event, session)
    return passed


def stored_result(
    passed: Passed | None, state: QuizState | RoleplayState | None, message: QuizAnswer
) -> QuizResult | None:
    """The result stored for ``message``, an answer to a question ``passed`` holds that the
    quiz in progress (``state``) has moved past, or of the quiz whose score screen the session
    stands at, with the choice stored for it; None when the message is answered as any other
    (the question waiting, or one no quiz here asked). ``wrong_question`` for another choice
    of a question moved past."""
    if passed is None:
        return None
    if isinstance(state, QuizState):
        if state.quiz != passed.quiz or state.question.id == message.id:
            return None
    elif state is not None or passed.summary is None:
        return None
    result = passed.results.get(message.id)
    if result is None or result.given == message.answer:
        return result
    if not isinstance(state, QuizState):
        return None  # the quiz is over: no_quiz, as for any answer after it
    raise ProtocolError(
        "wrong_question",
        f"Question {message.id!r} was answered already, with {result.given!r}; an answer "
        f"stored is not changed. Answer {state.question.id!r}, the question waiting.",
        field="id",
    )


def another_quizs(
    events: Sequence[Event], session: str, message: QuizAnswer, waiting: QuizState | None
) -> QuizResult:
    """The result stored for ``message``, an answer naming a quiz (``message.quiz``) other than
    the one running (``waiting``; None: none runs), when that quiz's question was answered with
    the same choice: sent late (a page left open, a client after a reconnect), it is answered
    as the first time. Else ``wrong_quiz``, nothing stored: question ids repeat in every quiz,
    so without its quiz such an answer was taken as one to the question waiting."""
    ran = any(e.kind == "quiz.start" and e.data.get("quiz") == message.quiz for e in events)
    results = [
        e
        for e in events
        if e.kind == "quiz.result"
        and (e.data.get("quiz"), e.data.get("id")) == (message.quiz, message.id)
    ]
    result = read_as(QuizResult, results[0], session) if results else None
    if result is not None and result.given == message.answer:
        return result
    if not ran:
        why = f"this session has no quiz {message.quiz!r}"
    elif result is not None:
        why = (
            f"quiz {message.quiz!r} is no longer running, and its question {message.id!r} was "
            f"answered already, with {result.given!r}: an answer stored is not changed"
        )
    elif results:
        why = (
            f"quiz {message.quiz!r} is no longer running, and the answer stored for its "
            f"question {message.id!r} cannot be read (the instructor's transcript reports it)"
        )
    else:
        why = (
            f"quiz {message.quiz!r} is no longer running, and its question {message.id!r} was "
            "not answered while it ran: only the question waiting takes an answer"
        )
    fix = (
        f"Answer question {waiting.question.id!r} of quiz {waiting.quiz!r}, the one waiting."
        if waiting is not None
        else 'No quiz is in progress; start one with {"type": "quiz.start", "mode": '
        '"who_said", "count": 5}.'
    )
    raise ProtocolError("wrong_quiz", f"This answer is not taken: {why}. {fix}", field="quiz")
