"""The quiz engine on the real fixture index: choices, distractors, seeds, scoring."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from server import quiz_taking
from server.choices import choose, line_key, shorter
from server.errors import ProtocolError
from server.quiz import QuizEngine
from server.quiz_pool import plan_for
from tests.server.conftest import SEED


@pytest.fixture(scope="module")
def engine(roleplay: Any) -> QuizEngine:
    return QuizEngine(roleplay.index)


def test_build_is_deterministic_for_a_seed(engine: QuizEngine) -> None:
    first = engine.build("what_next", 5, seed=42)
    assert first == engine.build("what_next", 5, seed=42)
    assert [q.prompt for q in first] != [q.prompt for q in engine.build("what_next", 5, seed=43)]


def test_build_never_repeats_a_turn(engine: QuizEngine, fixture_corpus: Any) -> None:
    questions = engine.build("who_said", 50, seed=1)
    asked = [(q.prompt.document, q.prompt.turn) for q in questions]
    assert len(asked) == len(set(asked)) >= 40  # answerable lines only: see test_evidence
    texts = [q.prompt.text for q in questions]
    assert len(set(texts)) == len(texts)
    # one conversation printed in two volumes is asked from one copy only
    assert not {"frus1969-76v13/d161", "frus1969-76v32/d143"} <= {d for d, _ in asked}


def _shown(question: Any) -> set[tuple[str, int]]:
    """The recorded lines a question puts before the student, read off its own fields."""
    document, turn = question.prompt.document, question.prompt.turn
    lines = {(document, turn)}
    if question.mode == "what_next":
        lines |= {(document, turn - 1), (document, turn + 1)}
    elif question.before:
        lines.add((document, turn - 1))
    return lines


def test_a_quiz_shows_each_recorded_line_in_one_question_only(engine: QuizEngine) -> None:
    """A "What came next?" after turn 7 (answer: turn 8) and another after turn 8, turn 7 shown
    before it, told the first one's answer; and a line came back as another question's line."""
    for mode in ("what_next", "who_said"):
        for seed in range(20):
            questions = engine.build(mode, 10, seed=seed)
            assert [q.id for q in questions] == [f"q{n}" for n in range(1, 11)]
            shown = [line for q in questions for line in _shown(q)]
            assert len(shown) == len(set(shown)), (mode, seed)
    # one conversation still gives as many questions as before, those showing a line again last
    whole = engine.build("what_next", 50, seed=3, document=SEED)
    first = [q for q in whole if not any(_shown(q) & _shown(p) for p in whole[: whole.index(q)])]
    assert len(whole) == 32 and whole[: len(first)] == first and len(first) < 32


def test_who_said_choices_are_the_participants(engine: QuizEngine, fixture_corpus: Any) -> None:
    for question in engine.build("who_said", 8, seed=2, document=SEED):
        turn = fixture_corpus.document(SEED).turns[question.prompt.turn]
        assert question.prompt.text == turn.clean_text
        assert question.answer == turn.speaker
        assert [c.model_dump() for c in question.choices] == [
            {"id": "kissinger", "text": "Henry Kissinger", "speaker": None, "editorial": []},
            {"id": "dobrynin", "text": "Anatoly Dobrynin", "speaker": None, "editorial": []},
        ]
        assert question.citation.pages == list(turn.pages)


def test_what_next_distractors_are_near_and_from_other_conversations(
    engine: QuizEngine, roleplay: Any, fixture_corpus: Any
) -> None:
    for question in engine.build("what_next", 10, seed=7):
        doc = fixture_corpus.document(question.prompt.document)
        right = doc.turns[question.prompt.turn + 1]
        by_id = {c.id: c.text for c in question.choices}
        assert list(by_id) == ["a", "b", "c", "d"]
        assert by_id[question.answer] == right.clean_text
        wrong = [t for cid, t in by_id.items() if cid != question.answer]
        assert right.clean_text not in wrong and len(set(wrong)) == 3
        near = {
            roleplay.index.turn(d, i).clean_text
            for d, i, _ in roleplay.index.neighbours(
                doc.id, right.index, 40, speaker=right.speaker, exclude_document=doc.id
            )
        }
        assert set(wrong) <= near
        own = {
            t.clean_text for d in (doc.id, *doc.same_as) for t in fixture_corpus.document(d).turns
        }
        assert not own & set(wrong)


def test_build_refuses_filters_without_questions(engine: QuizEngine) -> None:
    with pytest.raises(ProtocolError) as refused:
        engine.build("who_said", 3, seed=1, volume="frus1969-76v99")
    assert (refused.value.code, refused.value.message) == (
        "quiz_unavailable",
        "No who_said question can be drawn from frus1969-76v99; choose another document or "
        "volume, or none.",
    )
    with pytest.raises(ProtocolError) as unknown:
        engine.build("who_said", 3, seed=1, document="frus1969-76v39/d1")
    assert unknown.value.code == "unknown_document"


def test_answer_scores_and_refuses_wrong_question(engine: QuizEngine) -> None:
    questions = engine.build("who_said", 2, seed=9, document=SEED)
    state = quiz_taking.start_state("z1", "who_said", questions)
    with pytest.raises(ProtocolError) as wrong:
        quiz_taking.answer(state, "q2", "kissinger")
    assert wrong.value.message == "Question 'q2' is not the one waiting for an answer; answer 'q1'."
    with pytest.raises(ProtocolError) as invalid:
        quiz_taking.answer(state, "q1", "nixon")
    assert invalid.value.message == (
        "'nixon' is not a choice of question 'q1'; answer one of: kissinger, dobrynin."
    )
    result, state = quiz_taking.answer(state, "q1", questions[0].answer)
    assert (result.correct, result.score, result.answered) == (True, 1, 1)
    assert state.public().dump() == {
        "kind": "quiz",
        "quiz": "z1",
        "mode": "who_said",
        "answered": 1,
        "total": 2,
        "score": 1,
    }
    assert "questions" not in state.public().dump()


def test_build_quotes_the_record_with_its_editorial_marks(
    engine: QuizEngine, fixture_corpus: Any
) -> None:
    """A turn with an editor's bracket is asked as printed, not with the bracket cut out."""
    marked = 0
    for mode in ("who_said", "what_next"):
        for question in engine.build(mode, 200, seed=3):
            doc = fixture_corpus.document(question.prompt.document)
            turn = doc.turns[question.prompt.turn]
            assert question.prompt.text == turn.clean_text
            marked += turn.clean_text != turn.spoken_text
            if mode == "what_next":
                right = doc.turns[turn.index + 1]
                by_id = {c.id: c.text for c in question.choices}
                assert by_id[question.answer] == right.clean_text
                assert f"“{right.clean_text}”" in question.explanation
    assert marked > 0


def test_an_answer_updates_only_the_card_of_its_item_and_mode(services: Any) -> None:
    """The learner's other cards (the same item in the other mode, another item in this mode)
    hold more reviews than the asked one: reading or writing any of them instead shows."""
    import asyncio
    from datetime import UTC, datetime

    from server.client_messages import Hello, QuizAnswer, QuizStart
    from server.review import Answered, answer_card, iso
    from server.session import Conversation

    async def run() -> None:
        conversation = Conversation(services)
        await conversation.handle(Hello(type="hello", student="Ada"))
        asked = await conversation.handle(
            QuizStart(type="quiz.start", mode="who_said", count=2, seed=3, document=SEED)
        )
        question = asked[0]
        assert conversation.session is not None and conversation.session.learner is not None
        learner, store = conversation.session.learner, services.store
        now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
        other = next(q.item for q in conversation.activity.questions if q.item != question.item)
        before = {}
        for item, mode, reviews in [
            (question.item, "who_said", 2),
            (question.item, "what_next", 4),
            (other, "who_said", 3),
        ]:
            card = None
            for _ in range(reviews):
                card = answer_card(card, item, mode, False, now)
                store.save_answer(learner, card, Answered(item, mode, "v", iso(now), False))
            before[item, mode] = card
        right = conversation.activity.question.answer
        await conversation.handle(QuizAnswer(type="quiz.answer", id=question.id, answer=right))
        after = store.card(learner, question.item, "who_said")
        assert (after.reviews, after.missed, after.last_correct) == (3, None, True)
        assert store.card(learner, question.item, "what_next") == before[question.item, "what_next"]
        assert store.card(learner, other, "who_said") == before[other, "who_said"]
        assert len(store.cards(learner)) == 3

    asyncio.run(run())


# Dobrynin's last line in v39 d107 (turn 55), and the editors' note the source prints after it
D107_LAST = "I don’t want to interfere in your domestic affairs."
D107_NOTE = (
    "[Omitted here is discussion of matters other than a European security conference or MBFR.]"
)


def test_what_came_next_reveals_the_editors_note_after_the_reply_apart(
    engine: QuizEngine,
) -> None:
    """The note printed after the right reply is in no choice (it would point at the answer)
    nor in the explanation's quote of his words, and comes with the result and the review as
    editorial, apart; a reply followed by the next turn has none."""
    item = f"{SEED}#55"
    [question] = engine.build_review([(item, "what_next")], 1, seed=5)
    assert (question.prompt.text, question.item) == ("Well, try us. We may fool you.", item)
    texts = {c.id: c.text for c in question.choices}
    assert texts[question.answer] == D107_LAST
    assert not any("Omitted" in t for t in texts.values())
    assert "Omitted" not in question.explanation
    assert question.explanation.startswith(
        f"Anatoly Dobrynin answered: “{D107_LAST}” The other choices are"
    )
    state = quiz_taking.start_state("z7", "what_next", [question])
    result, state = quiz_taking.answer(state, question.id, question.answer)
    assert result.editorial_after == [D107_NOTE]
    [reviewed] = quiz_taking.summary(engine.index, state, due=0).questions
    assert (reviewed.answer.text, reviewed.editorial_after) == (D107_LAST, [D107_NOTE])

    [mid] = engine.build_review([(f"{SEED}#5", "what_next")], 1, seed=5)
    result, _ = quiz_taking.answer(
        quiz_taking.start_state("z8", "what_next", [mid]), mid.id, mid.answer
    )
    assert result.editorial_after == []


def test_what_came_next_says_where_each_other_choice_was_said(engine: QuizEngine) -> None:
    """The explanation names each wrong choice by its letter with its place: a bare list
    ("vol. XIII, doc. 26, vol. XXXIX, doc. 107, vol. XIII, doc. 75") ran the places together
    and left the student to guess which choice was said where."""
    [question] = engine.build_review([(f"{SEED}#55", "what_next")], 1, seed=5)
    assert question.answer == "a"
    assert question.explanation == (
        f"Anatoly Dobrynin answered: “{D107_LAST}” The other "
        "choices are Anatoly Dobrynin’s words in other conversations: B in vol. XII, doc. 188, "
        "p. 580; C in vol. XIII, doc. 161, p. 465; D in vol. XIII, doc. 63, p. 201."
    )
    for q in engine.build("what_next", 20, seed=11):
        tail = q.explanation.split("words in other conversations: ", 1)[1]
        named = re.findall(r"(?:^|; )([A-D](?: and [A-D])*) in vol\. [IVXL]+, doc\. \d+", tail)
        letters = [x for group in named for x in group.split(" and ")]
        wrong = [c.id.upper() for c in q.choices if c.id != q.answer]
        assert sorted(letters) == wrong, q.explanation


def test_an_explanation_leaves_the_right_lines_place_to_the_citation(engine: QuizEngine) -> None:
    """The page shows the result's citation under the explanation: an explanation that said
    the place too ("…said it (labelled “K” in the transcript), vol. XV, doc. 3, p. 9.", then
    "FRUS 1969–1976, vol. XV, doc. 3, p. 9") gave the student the citation twice. A quoted
    line that does not end its sentence gets our full stop after it; one that does, none."""
    [who] = engine.build_review([(f"{SEED}#55", "who_said")], 1, seed=5)
    assert who.explanation == "Anatoly Dobrynin said it (labelled “AD” in the transcript)."
    assert who.result_citation.pages == [329]
    [cut] = engine.build_review([("frus1969-76v13/d161#9", "what_next")], 1, seed=5)
    assert cut.explanation.startswith(
        "Anatoly Dobrynin answered: “I have to check but—”. The other choices are Anatoly "
        "Dobrynin’s words in other conversations: "
    )
    for q in engine.build("what_next", 20, seed=11):
        said = q.explanation.split(" The other choices are ", 1)[0]
        assert not re.search(r"\(vol\. [IVXL]+, doc\. \d+", said), q.explanation
        assert re.search(r"[.?!…][\"'”’)]*$", said), q.explanation  # a sentence, ended
        assert not re.search(r"[.?!…][\"'”’)]*[”’]\.$", said), q.explanation  # once


def _shown_texts(engine: QuizEngine, question: Any) -> set[str]:
    """The words of the recorded lines ``question`` shows, as a student reads them."""
    texts = [engine.index.turn(d, t).clean_text for d, t in _shown(question) if t >= 0]
    return {" ".join(re.findall(r"\w+", t.lower())) for t in texts}


def _wrong_shown(engine: QuizEngine, questions: list[Any]) -> list[tuple[str, str]]:
    """(question id, wrong choice) where the choice is a line another question shows."""
    found = []
    for question in questions:
        others = set().union(*(_shown_texts(engine, o) for o in questions if o is not question))
        for c in question.choices:
            if c.id != question.answer and " ".join(re.findall(r"\w+", c.text.lower())) in others:
                found.append((question.id, c.text))
    return found


def test_no_wrong_choice_is_a_line_another_question_of_the_quiz_shows(
    engine: QuizEngine,
) -> None:
    """Question 3 offered as wrong the line question 7 asked about, or its answer: a student
    who remembers one rules the line out in the other, or learns the answer from it."""
    for seed in range(30):
        questions = engine.build("what_next", 10, seed=seed)
        assert len(questions) == 10
        assert _wrong_shown(engine, questions) == [], seed
    # a review of items
    review = engine.build_review([(q.item, "what_next") for q in questions], 10, seed=1)
    assert _wrong_shown(engine, review) == []


def test_a_line_is_offered_as_wrong_once_a_quiz_and_seldom_in_the_pool(engine: QuizEngine) -> None:
    """A few lines near many answers were the wrong choice of many questions, twice in a quiz
    too: a student who met one twice knew it was never the answer."""
    # the seeds whose quiz offers a line as wrong twice: all 30 before; where the fixture's
    # few conversations leave no other choices, still some (17 before the answers' length
    # ranks were spread: 20; 21 since a quiz's questions keep APART turns apart in a
    # conversation, server.quiz_drawing; on the shipped index none of 100, as before)
    twice = []
    for seed in range(30):
        questions = engine.build("what_next", 10, seed=seed)
        offered = [c.text for q in questions for c in q.choices if c.id != q.answer]
        assert len(offered) == 30
        if len(set(offered)) < 30:
            twice.append(seed)
    assert len(twice) == 21
    # the pool, each question as drawn alone (a review of its item)
    pool = engine.build("what_next", 10_000, seed=1)
    alone = [engine.build_review([(q.item, q.mode)], 1, seed=1)[0] for q in pool]
    uses = Counter(c.text for q in alone for c in q.choices if c.id != q.answer)
    # (86, 8, 5) before the answers' length ranks were spread; the shipped index's (656, 8, 10)
    # went to (656, 7, 4)
    assert (len(alone), max(uses.values()), sum(n >= 5 for n in uses.values())) == (86, 8, 7)


def test_a_question_drawn_again_keeps_its_answers_length_rank(engine: QuizEngine) -> None:
    """The plan gives the answer each length rank among its choices in turn (a test-maker's
    habit: least used first, the answer was the shortest choice in 0.28 of the shipped pool);
    a quiz that draws a question's wrong choices again keeps its rank. "Between our
    governments or you and me?" (vol. XII, doc. 188, line 12; 38 characters) is planned the
    shortest; in a quiz showing its wrong choice "Let me discuss it with the President. …",
    the least used lines drawn alone would offer "No, we will accept it. Try us." (30)."""
    index = engine.index
    plan = plan_for(index)
    right = index.turn("frus1969-76v12/d188", 11)
    assert right.clean_text == "Between our governments or you and me?"
    planned = plan.chosen[right.document, right.index]
    assert planned is not None
    assert [len(t.clean_text) for t in planned] == [72, 40, 65]
    avoid = frozenset({line_key(planned[0].clean_text)})
    again = plan.wrong(index, right, avoid)
    assert again is not None
    assert [t.clean_text for t in again] == [
        "You and I are going steady. We should exchange telephone numbers.",
        "Let me talk to the President to make sure.",
        "We will still press the British to . . .",
    ]
    assert shorter(right, again) == shorter(right, planned) == 0
    alone = choose(index, plan.found[right.document, right.index], used=plan.used, avoid=avoid)
    assert alone is not None
    assert alone[0].clean_text == "No, we will accept it. Try us."
    assert shorter(right, alone) == 1
