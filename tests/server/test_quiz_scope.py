"""A class's scenario binds its quizzes: questions, reviews and due counts keep to it.

In the fixture index "The October 1973 war" is one conversation, vol. XXV d172 (14 turns): nine
of its lines are answerable "who said it?" questions and eleven of its turns "what came next?"
answers, so a quiz of more than that is shorter, and every item names d172.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.errors import ProtocolError
from server.quiz import QuizEngine
from server.quiz_scope import QuizScope, quiz_scope
from server.review import Answered, answer_card, iso
from server.roleplay import RoleplayEngine
from tests.server.conftest import SEED, TEACHER_TOKEN, LiveServer, Student
from tests.server.test_selfstudy import play, send, speaker_of

WAR = "topic:war-1973"
SHORT = "frus1969-76v25/d172"
WHO_SAID = {f"{SHORT}#{i}" for i in (2, 3, 4, 5, 6, 7, 8, 10, 11)}
WHAT_NEXT = {f"{SHORT}#{i}" for i in (2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13)}
TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
BRIEF = {"id": WAR, "title": "The October 1973 war", "editorial": True}


@pytest.fixture(scope="module")
def engine(roleplay: Any) -> QuizEngine:
    return QuizEngine(roleplay.index)


@pytest.fixture
def war(live: LiveServer) -> Iterator[LiveServer]:
    """HIST210's instructor set the 1973 war; cleared after the test."""
    live.services.store.set_class_scenario("HIST210", WAR)
    yield live
    live.services.store.set_class_scenario("HIST210", None)


def scope(roleplay: Any, scenario: str) -> QuizScope:
    """HIST210 set to ``scenario``, as its quizzes read it."""
    return quiz_scope(roleplay.index, RoleplayEngine(roleplay).scenario(scenario), "HIST210")


def test_the_quiz_of_a_class_with_a_scenario_asks_only_from_it(war: LiveServer) -> None:
    index = war.services.index
    student = Student(war.url)
    welcome = student.ask({"type": "hello", "student": "Olga", "class": "HIST210"})
    assert welcome["scenario"] == BRIEF

    def truth(question: dict[str, Any]) -> str:
        return speaker_of(index, question["prompt"])

    *asked, summary = play(student, {"mode": "who_said", "count": 12, "seed": 1}, truth)
    # fewer than asked, and the question says how many were asked for and from where
    assert [(q["number"], q["total"], q["requested"]) for q in asked[:2]] == [
        (1, 9, 12),
        (2, 9, 12),
    ]
    assert all(q["scenario"] == BRIEF for q in asked)
    assert {q["prompt"]["document"] for q in asked} == {SHORT}
    assert {q["item"] for q in asked} == WHO_SAID and summary["total"] == 9

    *asked, _ = play(student, {"mode": "what_next", "count": 50, "seed": 1}, lambda q: "a")
    assert {q["prompt"]["document"] for q in asked} == {SHORT}
    assert {q["item"] for q in asked} == WHAT_NEXT

    starts = [
        (e.data["mode"], e.data["count"], e.data["total"], e.data["scenario"])
        for e in war.services.store.events(welcome["session"])
        if e.kind == "quiz.start"
    ]
    assert starts == [("who_said", 12, 9, WAR), ("what_next", 50, 11, WAR)]
    student.close()


def test_a_quiz_without_a_class_scenario_draws_from_the_whole_record(live: LiveServer) -> None:
    student = Student(live.url)
    student.ask({"type": "hello", "student": "Olga", "class": "HIST210"})
    first = send(student, {"type": "quiz.start", "mode": "who_said", "count": 12, "seed": 1})
    assert (first["total"], first["requested"], first["scenario"]) == (12, 12, None)
    student.close()


def test_a_review_asks_the_due_items_of_the_scenario_and_keeps_the_others(
    war: LiveServer, engine: QuizEngine
) -> None:
    store = war.services.store
    student = Student(war.url)
    welcome = student.ask({"type": "hello", "student": "Boris", "class": "HIST210"})
    session = store.session(welcome["session"])
    assert session is not None and session.learner is not None
    outside = engine.build("who_said", 1, seed=1, document=SEED)[0].item
    inside = f"{SHORT}#5"
    now = datetime.now(UTC)
    for item, volume in ((outside, "frus1969-76v39"), (inside, "frus1969-76v25")):
        missed = answer_card(None, item, "who_said", False, now)
        store.save_answer(
            session.learner, missed, Answered(item, "who_said", volume, iso(now), False)
        )
    student.close()

    student = Student(war.url)
    again = {"type": "hello", "student": "Boris", "class": "HIST210", "learner": welcome["learner"]}
    second = student.ask(again)
    assert second["due"] == 1  # the Quiz tab counts what its review asks
    # asked again by a page left open (review.due): the same count, of the scenario's items
    assert student.ask({"type": "review.due", "seq": 2}) == {
        "type": "review.status",
        "seq": 2,
        "due": 1,
        "next_due": None,
    }

    index = war.services.index
    *asked, summary = play(
        student, {"mode": "review", "count": 5}, lambda q: speaker_of(index, q["prompt"])
    )
    assert [(q["item"], q["total"], q["requested"]) for q in asked] == [(inside, 1, 5)]
    assert summary["due"] == 0
    refused = send(student, {"type": "quiz.start", "mode": "review", "count": 5})
    assert (refused["code"], refused["message"]) == (
        "nothing_to_review",
        "Nothing from “The October 1973 war” (our summary), the scenario your instructor set "
        "for class HIST210, is due for review yet: items you miss there, and items whose review "
        "date has come, are asked here. Take a quiz first "
        '({"type": "quiz.start", "mode": "who_said"}). '
        "1 item due outside it waits until the class's scenario holds it.",
    )

    # the item outside waited: with the scenario cleared, the review asks it
    store.set_class_scenario("HIST210", None)
    *asked, _ = play(student, {"mode": "review", "count": 5}, lambda q: "kissinger")
    assert [(q["item"], q["scenario"]) for q in asked] == [(outside, None)]
    student.close()

    # the instructor's transcript says which review drew from the scenario
    rest = TestClient(create_app(war.services))
    detail = rest.get(f"/api/sessions/{second['session']}", headers=TEACHER)
    assert detail.status_code == 200, detail.text
    starts = [e["data"] for e in detail.json()["events"] if e["kind"] == "quiz.start"]
    assert [(d["mode"], d["total"], d["scenario"]) for d in starts] == [
        ("review", 1, WAR),
        ("review", 1, None),
    ]


def test_a_scenario_holding_one_copy_of_a_conversation_asks_from_that_copy(
    engine: QuizEngine, roleplay: Any
) -> None:
    """vol. XXXII d143 is vol. XIII d161 printed again: its items keep the first copy's name,
    and a learner's item is found again in the copy the scenario holds."""
    within = scope(roleplay, "volume:frus1969-76v32")
    assert within.documents == frozenset({"frus1969-76v32/d143"})
    questions = engine.build("what_next", 50, seed=2, within=within)
    assert {q.prompt.document for q in questions} == {"frus1969-76v32/d143"}
    # a turn printed in both copies is named by the first (a turn worded otherwise, by its own)
    named = [q.item.partition("#")[0] for q in questions]
    assert set(named) == {"frus1969-76v13/d161", "frus1969-76v32/d143"}
    for question in questions:
        assert within.locate(roleplay.index, question.item) == (
            "frus1969-76v32/d143",
            question.prompt.turn + 1,
        )
    # the whole record asks the conversation from its first copy
    whole = engine.build("what_next", 200, seed=2)
    assert "frus1969-76v32/d143" not in {q.prompt.document for q in whole}


def test_a_quiz_that_cannot_keep_to_the_scenario_says_what_to_change(
    engine: QuizEngine, roleplay: Any
) -> None:
    within = scope(roleplay, WAR)
    with pytest.raises(ProtocolError) as nothing:
        engine.build("who_said", 3, seed=1, level="clear", volume="frus1969-76v39", within=within)
    assert (nothing.value.code, nothing.value.message) == (
        "quiz_unavailable",
        "No “Who said it?” question with a clear cue can be drawn from “The October 1973 war” "
        "(our summary), the scenario your instructor set for class HIST210, within "
        "frus1969-76v39; choose another question type or difficulty, or ask your instructor to "
        "widen the scenario.",
    )
    with pytest.raises(ProtocolError) as outside:
        engine.build("who_said", 3, seed=1, document=SEED, within=within)
    assert (outside.value.code, outside.value.field) == ("outside_class_scenario", "document")
    assert outside.value.message.startswith(
        "Your instructor set class HIST210 to quiz within “The October 1973 war” (our summary) "
        "(topic:war-1973), and conversation 'frus1969-76v39/d107' is not part of it;"
    )
    asked = engine.build("who_said", 3, seed=1, document=SHORT, within=within)
    assert {q.prompt.document for q in asked} == {SHORT}
