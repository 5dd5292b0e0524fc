"""Editors' marks inside a recorded line the quiz quotes: sent as spans beside every text.

The real line: Dobrynin's "What about the conference—this was a multilateral [omission in
original transcript] conference." (FRUS vol. XXXIX, doc. 107, turn 1, p. 327). A quiz asks it
as a "who said it?", as the line before a "what came next?", and as the right reply of one;
each time the bracket must reach the page as the editors' words, not Dobrynin's.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from server import quiz_taking
from server.quiz import QuizEngine
from server.quiz_items import quiz_texts
from server.services import Services
from server.wire import EditorialSpanOut, QuizMode, marks_in
from tests.server.conftest import SEED, TEACHER_TOKEN

LINE = (
    "What about the conference—this was a multilateral [omission in original transcript] "
    "conference."
)
MARK = "[omission in original transcript]"
SPAN = {"start": 50, "end": 83, "kind": "bracket", "text": MARK}  # LINE[50:83] == MARK
QUOTE = "Anatoly Dobrynin answered: “"  # the explanation's words before the quote: 28 characters
MARKED = f"{SEED}#1"


@pytest.fixture(scope="module")
def engine(roleplay: Any) -> QuizEngine:
    return QuizEngine(roleplay.index)


def spans(found: list[EditorialSpanOut]) -> list[dict[str, Any]]:
    return [s.model_dump() for s in found]


def shifted(by: int) -> dict[str, Any]:
    return {**SPAN, "start": SPAN["start"] + by, "end": SPAN["end"] + by}


def test_the_real_line_is_asked_with_its_mark_as_an_editorial_span(engine: QuizEngine) -> None:
    """Who said it, the line before a what-came-next, and the right reply of one (its choice,
    the explanation's quote of it, the review's answer): exact spans, nowhere else."""
    [who] = engine.build_review([(MARKED, "who_said")], 1, seed=5)
    assert (who.prompt.text, spans(who.prompt.editorial)) == (LINE, [SPAN])
    assert all(c.editorial == [] for c in who.choices)  # the two men's names
    assert who.explanation_editorial == []

    [before] = engine.build_review([(f"{SEED}#2", "what_next")], 1, seed=5)
    assert (before.prompt.text, spans(before.prompt.editorial)) == (LINE, [SPAN])
    assert all(c.editorial == [] and "[" not in c.text for c in before.choices)

    [answered] = engine.build_review([(MARKED, "what_next")], 1, seed=5)
    assert answered.prompt.turn == 0 and answered.prompt.editorial == []
    right = next(c for c in answered.choices if c.id == answered.answer)
    assert (right.text, spans(right.editorial)) == (LINE, [SPAN])
    assert answered.explanation.startswith(f"{QUOTE}{LINE}” The other choices are")
    assert spans(answered.explanation_editorial) == [shifted(28)]
    assert answered.explanation[78:111] == MARK

    wrong = next(c.id for c in answered.choices if c.id != answered.answer)
    state = quiz_taking.start_state("z1", "what_next", [answered])
    result, state = quiz_taking.answer(state, answered.id, wrong)
    assert spans(result.explanation_editorial) == [shifted(28)]
    [reviewed] = quiz_taking.summary(engine.index, state, due=0).questions
    assert (reviewed.answer.text, spans(reviewed.answer.editorial)) == (LINE, [SPAN])
    assert (reviewed.given.id, reviewed.given.editorial) == (wrong, [])


def _play(services: Services) -> tuple[str, list[dict[str, Any]]]:
    """Ada, in HIST210, takes every "what came next?" of v39 d107 and misses the one whose
    right reply is the marked line; the session's id and every message she got, as sent."""
    from server.client_messages import Hello, QuizAnswer, QuizStart
    from server.session import Conversation

    async def run() -> tuple[str, list[dict[str, Any]]]:
        conversation = Conversation(services)
        await conversation.handle(Hello(type="hello", student="Ada", class_="HIST210"))
        start = QuizStart(type="quiz.start", mode="what_next", count=50, seed=1, document=SEED)
        sent = [m.dump() for m in await conversation.handle(start)]
        while sent[-1]["type"] == "quiz.question":
            asked = conversation.activity.question
            given = asked.answer
            if asked.item == MARKED:
                given = next(c.id for c in asked.choices if c.id != asked.answer)
            answer = QuizAnswer(type="quiz.answer", id=asked.id, answer=given)
            sent += [m.dump() for m in await conversation.handle(answer)]
        assert conversation.session is not None
        return conversation.session.id, sent

    return asyncio.run(run())


def test_the_spans_travel_from_the_question_to_the_transcript_the_feed_and_the_export(
    services: Services, client: TestClient
) -> None:
    session, sent = _play(services)
    question = next(m for m in sent if m["type"] == "quiz.question" and m["item"] == MARKED)
    right = next(c for c in question["choices"] if c["text"] == LINE)
    assert right["editorial"] == [SPAN]
    # each wrong choice with its own marks: one line of those offered now has them
    wrong = [c for c in question["choices"] if c is not right]
    assert [c["editorial"] for c in wrong] == [
        [m.model_dump() for m in marks_in(c["text"])] for c in wrong
    ]
    assert sum(bool(c["editorial"]) for c in wrong) == 1
    result = next(m for m in sent if m["type"] == "quiz.result" and m["item"] == MARKED)
    assert (result["correct"], result["explanation_editorial"]) == (False, [shifted(28)])
    before = next(m for m in sent if m["type"] == "quiz.question" and m["prompt"]["turn"] == 1)
    assert (before["prompt"]["text"], before["prompt"]["editorial"]) == (LINE, [SPAN])
    [summary] = [m for m in sent if m["type"] == "quiz.summary"]
    reviewed = {q["item"]: q for q in summary["questions"]}
    assert reviewed[MARKED]["answer"] == {
        "id": right["id"],
        "text": LINE,
        "speaker": "dobrynin",
        "editorial": [SPAN],
    }
    assert reviewed[f"{SEED}#2"]["prompt"]["editorial"] == [SPAN]

    auth = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
    items = client.get(f"/api/sessions/{session}", headers=auth).json()["quiz"]
    by_turn = {item["turn"]: item for item in items}
    missed, asked = by_turn[0], by_turn[1]
    assert (missed["right_answer"], missed["right_answer_editorial"]) == (LINE, [SPAN])
    assert (missed["answer_editorial"], missed["question_editorial"]) == ([], [])
    assert next(c for c in missed["choices"] if c["text"] == LINE)["editorial"] == [SPAN]
    assert (asked["question"], asked["question_editorial"]) == (LINE, [SPAN])
    assert (asked["answer"], asked["answer_editorial"]) == (asked["right_answer"], [])

    exported = client.get("/api/classes/HIST210/export.json", headers=auth).json()
    [ada] = exported["sessions"]
    assert ada["quiz"] == items

    [missed_item] = [
        m
        for m in client.get("/api/classes/HIST210/struggles", headers=auth).json()["missed"]
        if m["right_answer"] == LINE
    ]
    assert missed_item["right_answer_editorial"] == [SPAN]
    assert missed_item["question_editorial"] == []
    assert missed_item["wrong_answers"] == [missed["answer"]]
    assert missed_item["wrong_answers_editorial"] == [missed["answer_editorial"]]

    feed = client.get("/api/classes/HIST210/live?limit=200", headers=auth).json()
    entries = {m["question"]: m for m in feed if m["kind"] == "quiz.result"}
    assert entries[LINE]["question_editorial"] == [SPAN]
    missed_entry = next(m for m in entries.values() if m["right_answer"] == LINE)
    assert (missed_entry["right_answer_editorial"], missed_entry["correct"]) == ([SPAN], False)


def test_an_answer_stored_before_spans_were_sent_gets_them_from_its_text() -> None:
    """A question and result stored without spans (before they were sent) read with the
    spans the parser gives the text: the instructor still sees the mark as editorial."""
    prompt = {"text": LINE, "document": SEED, "turn": 1, "speaker": "dobrynin"}
    question = {
        "prompt": prompt,
        "choices": [{"id": "a", "text": LINE}, {"id": "b", "text": "Yes, I understand."}],
    }
    texts = quiz_texts(question, {"given": "b", "answer": "a"})
    assert (texts["question"], texts["question_editorial"]) == (LINE, [SPAN])
    assert (texts["right_answer"], texts["right_answer_editorial"]) == (LINE, [SPAN])
    assert (texts["answer"], texts["answer_editorial"]) == ("Yes, I understand.", [])
    assert [c["editorial"] for c in texts["choices"]] == [[SPAN], []]


BRACKETS = re.compile(r"\[[^\[\]]*\]")


def _sent_texts(question: Any) -> list[tuple[str, list[EditorialSpanOut]]]:
    """Every text a question, its result and its review send, each with its spans."""
    texts = [(question.prompt.text, question.prompt.editorial)]
    texts += [(c.text, c.editorial) for c in question.choices]
    texts.append((question.explanation, question.explanation_editorial))
    return texts


@settings(max_examples=25, deadline=None)
@given(
    mode=st.sampled_from(["who_said", "what_next"]),
    seed=st.integers(0, 2**31 - 1),
    with_marked=st.booleans(),
)
def test_spans_always_index_the_text_sent_and_cover_exactly_its_brackets(
    engine: QuizEngine, mode: QuizMode, seed: int, with_marked: bool
) -> None:
    questions = engine.build(mode, 12, seed=seed)
    if with_marked:  # the real marked line in each of its roles, whatever the seed drew
        questions += engine.build_review(
            [(MARKED, "who_said"), (MARKED, "what_next"), (f"{SEED}#2", "what_next")], 3, seed=seed
        )
    for question in questions:
        state = quiz_taking.start_state("z", question.mode, [question])
        result, state = quiz_taking.answer(state, question.id, question.choices[0].id)
        [reviewed] = quiz_taking.summary(engine.index, state, due=0).questions
        sent = [
            *_sent_texts(question),
            (result.explanation, result.explanation_editorial),
            (reviewed.prompt.text, reviewed.prompt.editorial),
            (reviewed.given.text, reviewed.given.editorial),
            (reviewed.answer.text, reviewed.answer.editorial),
        ]
        for text, found in sent:
            assert all(text[s.start : s.end] == s.text for s in found), (text, found)
            brackets = [(s.start, s.end) for s in found if s.kind == "bracket"]
            assert brackets == [(m.start(), m.end()) for m in BRACKETS.finditer(text)], text
            assert all(s.text.startswith("(") for s in found if s.kind == "stage"), text
        # a prompt or choice stored without its spans gets back from the text the ones sent
        for text, found in _sent_texts(question)[:-1]:
            assert marks_in(text) == found, text
