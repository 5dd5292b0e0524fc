"""A quiz as it is taken: its state from the start through each answer scored, and the
messages it sends on the way (the question waiting, an answer's result, the summary).

The questions themselves are drawn whole when the quiz starts (:mod:`server.quiz`); what is
sent here only reads them and the index they came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from server.activity import Question, QuizState
from server.errors import ProtocolError
from server.protocol import Answer, QuizQuestion, QuizResult, QuizSummary, Reviewed
from server.quiz_items import speaker_of
from server.wire import QuizKind, ScenarioBrief, TurnOut, turn_out

if TYPE_CHECKING:
    from embeddings import Index


def start_state(
    quiz_id: str,
    mode: QuizKind,
    questions: list[Question],
    *,
    requested: int | None = None,
    scenario: ScenarioBrief | None = None,
) -> QuizState:
    """A new quiz; ``requested``: the count asked for (more than were drawn, when the scope
    held fewer), ``scenario``: the class's scenario it was drawn from."""
    return QuizState(
        quiz=quiz_id, mode=mode, questions=questions, requested=requested, scenario=scenario
    )


def _context(index: Index, question: Question) -> list[TurnOut]:
    """The recorded line shown before the prompt: a ``what_next``'s, and a ``who_said``'s
    where it makes the line answerable (``before``), unattributed."""
    turn = index.turn(question.prompt.document, question.prompt.turn)
    if turn.index == 0 or not (question.mode == "what_next" or question.before):
        return []
    before = turn_out(index.turn(turn.document, turn.index - 1))
    if question.mode == "who_said":  # unattributed: its speaker would give it away
        before = before.model_copy(update={"speaker": "", "label": ""})
    return [before]


def question_message(index: Index, state: QuizState) -> QuizQuestion:
    """The question waiting in ``state``, with the scope it was drawn from."""
    question = state.question
    return QuizQuestion(
        quiz=state.quiz,
        id=question.id,
        number=state.current + 1,
        total=len(state.questions),
        requested=state.requested,
        scenario=state.scenario,
        mode=question.mode,
        prompt=question.prompt,
        context=_context(index, question),
        choices=question.choices,
        citation=question.citation,
        item=question.item,
        level=question.level,
        answer_speaker=speaker_of([c.model_dump() for c in question.choices], question.answer),
    )


def answer(state: QuizState, question_id: str, given: str) -> tuple[QuizResult, QuizState]:
    """Score ``given`` against the current question; the result and the state after it."""
    question = state.question
    if question_id != question.id:
        raise ProtocolError(
            "wrong_question",
            f"Question {question_id!r} is not the one waiting for an answer; answer "
            f"{question.id!r}.",
            field="id",
        )
    ids = [c.id for c in question.choices]
    if given not in ids:
        raise ProtocolError(
            "invalid_choice",
            f"{given!r} is not a choice of question {question.id!r}; answer one of: "
            f"{', '.join(ids)}.",
            field="answer",
        )
    correct = given == question.answer
    state = state.model_copy(
        update={
            "current": state.current + 1,
            "score": state.score + int(correct),
            "given": [*state.given, given],  # the learner's answers, for the review screen
        }
    )
    result = QuizResult(
        quiz=state.quiz,
        id=question.id,
        correct=correct,
        given=given,
        answer=question.answer,
        explanation=question.explanation,
        explanation_editorial=question.explanation_editorial,
        citation=question.result_citation,
        score=state.score,
        answered=state.current,
        item=question.item,
        editorial_after=question.editorial_after,
    )
    return result, state


def summary(index: Index, state: QuizState, due: int, next_due: str | None = None) -> QuizSummary:
    """The score and, for the review screen, every question as it was asked (the line
    shown before it too), both answers (a recorded line's with its speaker) and its
    source; ``due`` and ``next_due`` as :mod:`server.review` counts them."""
    reviewed = []
    for number, (question, given) in enumerate(
        zip(state.questions, state.given, strict=False), start=1
    ):
        chosen = {c.id: Answer(**c.model_dump()) for c in question.choices}
        reviewed.append(
            Reviewed(
                number=number,
                item=question.item,
                mode=question.mode,
                prompt=question.prompt,
                context=_context(index, question),
                given=chosen[given],
                answer=chosen[question.answer],
                correct=given == question.answer,
                citation=question.result_citation,
                editorial_after=question.editorial_after,
            )
        )
    return QuizSummary(
        quiz=state.quiz,
        mode=state.mode,
        score=state.score,
        total=len(state.questions),
        questions=reviewed,
        due=due,
        next_due=next_due,
    )
