"""A class's scenario on the student's Quiz tab: said where questions come from, and how many.

The class is a new instructor's own (QSC310), set to the 1973 war with the CLI; in the fixture
index that is one conversation, with nine answerable "who said it?" lines.
"""

from __future__ import annotations

from tests.served import _cli
from tests.web.flows import heard, join, received

CLASS = "QSC310"
WAR = "topic:war-1973"


def test_the_quiz_tab_says_the_class_scenario_and_a_shorter_quiz(live_server, open_page, classroom):
    classroom.teacher("Prof. Ngata-Vos", CLASS)
    where = ("--data", str(live_server.data))
    assert _cli("instructor", "scenario", CLASS, WAR, *where, env=live_server.env).returncode == 0

    watched = open_page()
    page = watched.page
    questions = received(page, "quiz.question")
    join(page, live_server.url, "Lina", CLASS)
    page.get_by_role("button", name="Quiz").click()
    scope = page.locator("#quiz-scope")
    assert scope.text_content() == (
        "Questions from: The October 1973 war (our summary) — the scenario your instructor set "
        "for your class."
    )
    # A note set apart above the first question, not run into its heading.
    gap = page.evaluate(
        """() => document.querySelector('#quiz-setup legend').getBoundingClientRect().top
            - document.querySelector('#quiz-scope').getBoundingClientRect().bottom"""
    )
    assert gap >= 8, gap
    page.get_by_label("Who said it?").check()
    page.get_by_label("Number of questions").fill("12")
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 9").wait_for()
    assert page.locator("#quiz-short").text_content() == (
        "Only 9 questions could be drawn from “The October 1973 war” (our summary); you asked "
        "for 12."
    )
    assert heard(page, questions, 0)["prompt"]["document"] == "frus1969-76v25/d172"
    assert watched.errors == []

    # A student of a class without a scenario reads no such line, and gets what was asked for.
    other = open_page()
    join(other.page, live_server.url, "Pavel", live_server.class_code)
    other.page.get_by_role("button", name="Quiz").click()
    assert other.page.locator("#quiz-scope").is_hidden()
    other.page.get_by_label("Number of questions").fill("3")
    other.page.get_by_role("button", name="Start quiz").click()
    other.page.locator("#quiz-progress", has_text="Question 1 of 3").wait_for()
    assert other.page.locator("#quiz-short").is_hidden()
    assert other.errors == []
