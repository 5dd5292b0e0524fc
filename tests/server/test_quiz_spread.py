"""A quiz spreads its questions over the record: no two from nearby turns of one conversation.

A self-study walk-through (session 33) drew two "Who said it?" from one call, turns 3 and 5:
one moment asked about twice, the line of one shown beside the other. Drawn from the shipped
record with fixed seeds, no two questions of a quiz come from one conversation fewer than
``APART`` turns apart; a scenario of one conversation still gives every question it holds.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from server.activity import Question
from server.quiz import QuizEngine
from server.quiz_drawing import APART
from server.wire import QuizMode
from tests.server.test_quiz_scope import SHORT, WAR, WHO_SAID, scope


@pytest.fixture(scope="module")
def shipped(shipped_index_dir: Path) -> QuizEngine:
    """The quiz engine over the session's index of the whole shipped corpus (66 conversations)."""
    from embeddings import Index

    return QuizEngine(Index.load(shipped_index_dir))


def _closest(questions: list[Question]) -> list[tuple[str, int, int]]:
    """Each pair of questions from one conversation fewer than APART turns apart."""
    return [
        (a.prompt.document, a.prompt.turn, b.prompt.turn)
        for a, b in combinations(questions, 2)
        if a.prompt.document == b.prompt.document and abs(a.prompt.turn - b.prompt.turn) < APART
    ]


@pytest.mark.parametrize("mode", ["who_said", "what_next"])
def test_a_quiz_of_the_shipped_record_asks_no_two_nearby_turns(
    shipped: QuizEngine, mode: QuizMode
) -> None:
    # before: seed 1 asked "Who said it?" of turns 6 and 9 of vol. XXX, doc. 84, seed 4 "What
    # came next?" after turns 9 and 12 of vol. XXVIII, doc. 146 (the first failing seeds)
    for seed in range(22):
        questions = shipped.build(mode, 10, seed=seed)
        assert len(questions) == 10
        assert _closest(questions) == [], seed


def test_a_scenario_of_one_conversation_still_gives_every_question(
    engine: QuizEngine, roleplay: Any
) -> None:
    """ "The October 1973 war" is one call of 14 turns (vol. XXV, doc. 172): its nine "Who said
    it?" lines are all still asked, the ones near another asked last; two are spread apart."""
    within = scope(roleplay, WAR)
    every = engine.build("who_said", 20, seed=1, within=within)
    assert {q.item for q in every} == WHO_SAID
    for seed in range(6):
        pair = engine.build("who_said", 2, seed=seed, within=within)
        assert {q.prompt.document for q in pair} == {SHORT}
        assert _closest(pair) == [], seed


@pytest.fixture(scope="module")
def engine(roleplay: Any) -> QuizEngine:
    return QuizEngine(roleplay.index)
