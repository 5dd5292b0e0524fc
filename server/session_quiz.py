"""Quizzes over a student's connection: start one, answer it, and remember each answer on the
learner's spaced-review card.

Part of :class:`server.session.Conversation` (see :mod:`server.session_base`); questions are
built by :mod:`server.quiz`, asked and scored by :mod:`server.quiz_taking` and scheduled by
:mod:`server.review`.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from server import quiz_taking, review
from server.activity import Question, QuizState
from server.client_messages import QuizAnswer, QuizStart
from server.errors import ProtocolError
from server.items import held
from server.protocol import (
    QuizFeedback,
    QuizQuestion,
    QuizResult,
    QuizSummary,
    ReviewStatus,
    ServerMessage,
)
from server.quiz_again import Passed, another_quizs, stored_result
from server.quiz_items import speaker_of
from server.quiz_scope import QuizScope, quiz_scope
from server.roleplay import scenario_brief
from server.session_base import SessionBase
from server.store import Event
from server.unfinished import asked_stored, unended_quiz
from server.unreadable import read_as
from transcripts import Scenario

# Quiz questions one session may be given in all (each is stored with its choices): twenty
# full quizzes, so that a script repeating quiz.start cannot grow the database without end.
MAX_SESSION_QUESTIONS = 1000


def finished_quiz(events: Sequence[Event], session: str) -> dict[str, Any] | None:
    """The stored ``quiz.summary`` of the quiz a session stands at: its last quiz, finished,
    with no quiz or role-play started after it; else None, as when that summary cannot be read.
    A page reloaded on the score screen lost each question's review (the student's answer, the
    right one, the citation), which only the summary carries."""
    for event in reversed(events):
        if event.kind == "quiz.summary":
            # what is due is as of the reload, not as stored
            due = {**event.data, "due": 0, "next_due": None}
            return event.data if read_as(QuizSummary, event, session, due) is not None else None
        if event.kind in ("quiz.start", "roleplay.start"):
            return None
    return None


def answered_last(events: Sequence[Event]) -> tuple[Event, Event, Event] | None:
    """The stored ``quiz.start``, ``quiz.question`` and ``quiz.result`` of the question the
    session answered last, when it stands right after that answer (the next question waiting,
    or the score screen); else None. The server moves on as it answers, so a page reloaded on
    the feedback showed the next question, and the verdict and the citation went unseen."""
    result: Event | None = None
    question: Event | None = None
    for event in reversed(events):
        if event.kind == "roleplay.start":
            return None
        if event.kind == "quiz.start":  # the quiz answered last: is it this one?
            if result is None or question is None or not _same(event, result, ("quiz",)):
                return None
            return event, question, result
        if event.kind == "quiz.result" and result is None:
            result = event
        elif event.kind == "quiz.question" and result is not None and question is None:
            question = event if _same(event, result, ("quiz", "id")) else None
    return None


def _same(one: Event, other: Event, keys: tuple[str, ...]) -> bool:
    return all(one.data.get(key) == other.data.get(key) for key in keys)


class QuizTurns(SessionBase):
    """The quiz messages of one connection: ``quiz.start`` and ``quiz.answer``."""

    # The questions answered of the quiz in progress, or of the one whose score screen the
    # session stands at (:mod:`server.quiz_again`): an answer to one of them sent again gets
    # the result it got. None once another activity starts.
    passed: Passed | None = None

    async def _quiz_start(self, message: QuizStart) -> list[ServerMessage]:
        assert self.session is not None
        if self.questions_asked + message.count > MAX_SESSION_QUESTIONS:
            raise ProtocolError(
                "quiz_limit",
                f"This session has been given {self.questions_asked:,} quiz questions; one "
                f"session keeps at most {MAX_SESSION_QUESTIONS:,}. Ask for fewer, or start a "
                "new session (a new name on the start page) to go on.",
                field="count",
            )
        # Sent again after a refusal for the store that came once its start was stored: the
        # same quiz, drawn again with the same seed, and its start not stored twice.
        earlier = self._kept_before("quiz.start") or {}
        seed = message.seed if message.seed is not None else earlier.get("seed")
        if seed is None:
            seed = secrets.randbelow(2**31)
        # Read at every start, as role-play does: a new scenario applies to the next quiz.
        scope = await self._quiz_scope()
        if message.mode == "review":
            questions = await self.services.run(self._review_questions, message.count, seed, scope)
        else:
            # A learner's unseeded quizzes ask what they have not answered before, first.
            seen: frozenset[str] = frozenset()
            if message.seed is None and self.session.learner is not None:
                cards = await self._io(self.store.cards, self.session.learner)
                seen = frozenset(c.item for c in cards if c.mode == message.mode)
            questions = await self.services.run(
                self.services.quiz.build,
                message.mode,
                message.count,
                seed=seed,
                document=message.document,
                volume=message.volume,
                level=message.level,
                seen=seen,
                within=scope,
            )
        self.questions_asked += len(questions)
        quiz_id = earlier.get("quiz") or f"z{secrets.token_hex(4)}"
        self.activity = quiz_taking.start_state(
            quiz_id,
            message.mode,
            questions,
            requested=message.count,
            scenario=scope.brief if scope is not None else None,
        )
        await self._save(
            "quiz.start",
            {
                "quiz": quiz_id,
                "mode": message.mode,
                "count": message.count,
                "document": message.document,
                "volume": message.volume,
                "seed": seed,
                "level": message.level,
                "total": len(questions),
                "scenario": scope.scenario.id if scope is not None else None,
            },
        )
        asked = await self._ask_recorded(self.activity)
        self.passed = Passed(quiz_id)
        return [asked]

    def _review_questions(self, count: int, seed: int, scope: QuizScope | None) -> list[Question]:
        """Misses first (latest first), then FSRS-due items: see :mod:`server.review`; in a
        class's scenario, only those it holds (:mod:`server.quiz_scope`)."""
        assert self.session is not None and self.session.learner is not None
        now = datetime.now(UTC)
        stored = review.readable(self.store.cards(self.session.learner))
        cards = review.review_order(self._askable(stored), now)
        questions = self.services.quiz.build_review(
            [(c.item, c.mode) for c in cards], count, seed=seed, within=scope
        )
        if not questions and scope is not None:
            raise scope.nothing_due(len(cards) - len(self._within(cards, scope)))
        if not questions:
            waiting = review.due_count(stored, now) - len(cards)
            raise ProtocolError(
                "nothing_to_review",
                "Nothing is due for review yet: items you miss, and items whose review date "
                'has come, are asked here. Take a quiz first ({"type": "quiz.start", "mode": '
                f'"who_said"}}).{_waiting(waiting)}',
            )
        return questions

    def _feedback(self, events: Sequence[Event], session: str) -> QuizFeedback | None:
        """``welcome.state.feedback``: the last answered question and its result, rebuilt as
        they were sent from what the store kept (:func:`answered_last`); none when the store
        cannot read them (the page then shows the waiting question, as before the feedback)."""
        found = answered_last(events)
        if found is None:
            return None
        start, question, result = found
        told = read_as(QuizResult, result, session)
        if told is None:
            return None
        scenario = self.services.roleplay.class_scenario(start.data.get("scenario"))
        asked = {
            **question.data,
            "number": told.answered,
            "total": start.data.get("total"),
            "requested": start.data.get("count"),
            "scenario": scenario_brief(scenario),
        }
        shown = read_as(QuizQuestion, question, session, asked)
        if shown is None:
            return None
        # not stored with the question (its choices say it): asked by name again after a reload
        choices = [c.model_dump() for c in shown.choices]
        named = shown.model_copy(update={"answer_speaker": speaker_of(choices, told.answer)})
        return QuizFeedback(question=named, result=told)

    def _ask(self, state: QuizState) -> ServerMessage:
        return quiz_taking.question_message(self.services.quiz.index, state)

    async def _quiz_scope(self) -> QuizScope | None:
        """The class's scenario as a quiz reads it; None: no class, or none set."""
        return self._scope_of(await self._class_scenario())

    def _scope_of(self, scenario: Scenario | None) -> QuizScope | None:
        if scenario is None:
            return None
        assert self.session is not None and self.session.class_code is not None
        return quiz_scope(self.services.index, scenario, self.session.class_code)

    def _askable(self, cards: list[review.ItemCard]) -> list[review.ItemCard]:
        """The cards a review can ask: readable, of a turn this server's record holds
        (:func:`server.items.held`)."""
        index = self.services.index
        return [c for c in review.readable(cards) if held(index, c.item)]

    def _within(self, cards: list[review.ItemCard], scope: QuizScope) -> list[review.ItemCard]:
        return [c for c in cards if scope.locate(self.services.index, c.item) is not None]

    async def _ask_recorded(self, state: QuizState) -> ServerMessage:
        """The current question, stored as asked before it is sent: with the recorded line
        shown before it (``context``), which the instructor's transcript card shows too."""
        message = quiz_taking.question_message(self.services.quiz.index, state)
        context = [turn.model_dump(mode="json") for turn in message.context]
        data = {"quiz": state.quiz, **state.question.dump(), "context": context}
        await self._save("quiz.question", data)
        return message

    async def _keep_unkept_question(self, events: list[Event]) -> None:
        """A resumed session standing at a question the store refused to keep as it was asked
        (the answer before it was kept, then the question's write refused): it is kept now,
        before it is asked again, so the instructor's transcript reads it as the student did
        and a summary made again from the stored questions counts it."""
        state = self.activity
        if isinstance(state, QuizState) and not asked_stored(events, state.quiz, state.question.id):
            await self._ask_recorded(state)

    async def _end_unended_quiz(self, events: list[Event]) -> dict[str, Any] | None:
        """A resumed session whose last answer ended its quiz but whose summary the store
        refused: the summary, made again from the stored questions and answers, is stored now
        (the welcome's score screen, returned) and sent with that answer's stored result when
        the page sends the answer again (it was refused ``no_quiz``: the quiz had ended)."""
        assert self.session is not None
        left = unended_quiz(events)
        if left is None:
            return None
        state, stored = left
        result = read_as(QuizResult, stored, self.session.id)
        if result is None:
            return None
        due, next_due = await self._due(await self._quiz_scope())
        done = quiz_taking.summary(self.services.quiz.index, state, due, next_due)
        data = done.dump()
        data.pop("type")
        await self._save("quiz.summary", data)
        if self.passed is not None and self.passed.quiz == state.quiz:
            self.passed.summary = done  # the last answer sent again gets it, as the first time
        return data

    async def _quiz_answer(self, message: QuizAnswer) -> list[ServerMessage]:
        state = self.activity
        waiting = state if isinstance(state, QuizState) else None
        running = waiting.quiz if waiting is not None else None
        if message.quiz is not None and message.quiz != running:
            return await self._another_quizs(message, waiting)
        stored = stored_result(self.passed, state, message)
        if stored is not None:  # sent again: answered as the first time, nothing stored
            assert self.passed is not None
            follows = self._ask(state) if isinstance(state, QuizState) else self.passed.summary
            return [m.model_copy(update={"seq": None}) for m in (stored, follows) if m]
        if not isinstance(state, QuizState):
            raise ProtocolError(
                "no_quiz",
                'No quiz is in progress; start one with {"type": "quiz.start", "mode": '
                '"who_said", "count": 5}.',
            )
        # an earlier try of an answer to this question kept its answer (and maybe scored its
        # card): that is the answer, whatever choice comes now, so one answer is counted
        kept = self._kept_before("quiz.answer")
        if kept is not None and (kept.get("quiz"), kept.get("id")) == (state.quiz, message.id):
            message = message.model_copy(update={"answer": kept.get("answer")})
        result, after = quiz_taking.answer(state, message.id, message.answer)
        await self._save(
            "quiz.answer", {"quiz": state.quiz, "id": message.id, "answer": message.answer}
        )
        question = state.question
        await self._remember(question, result.correct)
        self.activity = None if after.finished else after
        due, next_due = await self._due(await self._quiz_scope())
        result = result.model_copy(update={"due": due, "next_due": next_due})
        data = result.dump()
        data.pop("type")
        await self._save("quiz.result", {**data, "prompt": question.prompt.model_dump(mode="json")})
        out: list[ServerMessage] = [result]
        if self.activity is None:
            done = quiz_taking.summary(self.services.quiz.index, after, due, next_due)
            data = done.dump()
            data.pop("type")
            await self._save("quiz.summary", data)
            out.append(done)
        else:
            out.append(await self._ask_recorded(self.activity))
        if self.passed is None or self.passed.quiz != state.quiz:
            self.passed = Passed(state.quiz)
        self.passed.results[result.id] = result
        self.passed.summary = out[-1] if isinstance(out[-1], QuizSummary) else None
        return out

    async def _another_quizs(
        self, message: QuizAnswer, waiting: QuizState | None
    ) -> list[ServerMessage]:
        """An answer to a quiz not running (:func:`server.quiz_again.another_quizs`): its
        stored result, then what the session stands at (the question waiting, or the summary
        of the quiz named, at its score screen), nothing stored or scored."""
        assert self.session is not None
        events = await self._io(self.store.events, self.session.id)
        result = another_quizs(events, self.session.id, message, waiting)
        passed = self.passed
        ended = passed.summary if passed and passed.quiz == message.quiz else None
        follows = self._ask(waiting) if waiting is not None else ended
        return [m.model_copy(update={"seq": None}) for m in (result, follows) if m]

    async def _remember(self, question: Question, correct: bool) -> None:
        """Update the learner's card for the item (FSRS) and log the answer for progress."""
        assert self.session is not None
        if self.session.learner is None or not question.item:
            return
        learner, now = self.session.learner, datetime.now(UTC)
        mode = question.mode
        card = await self._io(self.store.card, learner, question.item, mode)
        document = question.item.partition("#")[0]
        volume = self.services.index.documents[document].volume
        # a card that cannot be read is kept as stored (the progress page reports it): the
        # answer is logged, the card not rescheduled over it
        answered = {"item": question.item, "mode": mode, "correct": correct}
        await self._once(
            ("answer", answered),
            self.store.save_answer,
            learner,
            None
            if card is not None and card.problem is not None
            else review.answer_card(card, question.item, mode, correct, now),
            review.Answered(question.item, mode, volume, review.iso(now), correct),
        )

    async def _review_due(self) -> list[ServerMessage]:
        """What a review would ask now: the page's count, given at welcome and after each quiz,
        stood still while the page stayed open past ``next_due``, and said "0 due" of items
        due since."""
        due, next_due = await self._due(await self._quiz_scope())
        return [ReviewStatus(due=due, next_due=next_due)]

    async def _due(self, scope: QuizScope | None) -> tuple[int, str | None]:
        """How many items the learner's spaced review would ask now, and when the next of the
        others falls due (None: none waits): in a class's scenario, those it holds (the Quiz
        tab's count is of what its Review asks)."""
        assert self.session is not None
        if self.session.learner is None:
            return 0, None
        cards = self._askable(await self._io(self.store.cards, self.session.learner))
        if scope is not None:
            cards = self._within(cards, scope)
        now = datetime.now(UTC)
        return review.due_count(cards, now), review.next_due(cards, now)


def _waiting(count: int) -> str:
    """The due items a review cannot ask: their conversation is not in this server's record."""
    if not count:
        return ""
    items = "1 item due waits" if count == 1 else f"{count} items due wait"
    return (
        f" {items} for a conversation this server does not hold now (answered while it was "
        "served, with --transcripts): kept, and asked again once the server holds it."
    )
