"""A screen reader's user hears which question of the quiz they are on where the page puts
them: each question focuses its heading ("What came next?"), which said the same words on
every question of a quiz, question 1 of 2 and question 2 of 2 alike; "Question 2 of 2" stood
in a line above it that the focus passed over.

The student's class is a new instructor's own (HEARDQ).
"""

from __future__ import annotations

from tests.web.flows import heard, join, received, start_quiz
from tests.web.heard import heard_name

NAMES = {"kissinger": "Kissinger", "dobrynin": "Dobrynin"}  # as the page names them


def _asked(live_server, question: dict) -> str:
    """The question's heading: by the name of who spoke the recorded turn after its line."""
    prompt = question["prompt"]
    turns = live_server.get_json(f"/api/documents/{prompt['document']}")["turns"]
    return f"What did {NAMES[turns[prompt['turn'] + 1]['speaker']]} say next?"


def test_the_focused_question_says_which_of_the_quiz_it_is(live_server, open_page, classroom):
    classroom.teacher("Prof. Vantongeren", "HEARDQ")
    page = open_page().page
    questions = received(page, "quiz.question")
    join(page, live_server.url, "Sione", "HEARDQ")
    start_quiz(page, "What came next?", 2)
    ask = page.locator("#quiz-ask")
    page.locator("#quiz-progress", has_text="Question 1 of 2").wait_for()
    assert page.evaluate("document.activeElement.id") == "quiz-ask"
    # the line above in its own case, though drawn in small capitals (style.css)
    first = _asked(live_server, heard(page, questions, 0))  # "What did Dobrynin say next?"
    assert heard_name(page, ask) == f"Question 1 of 2 {first}"

    page.locator("#quiz-choices button").first.click()
    page.locator("#quiz-feedback .verdict").wait_for()
    page.locator("#quiz-next").click()
    page.locator("#quiz-progress", has_text="Question 2 of 2").wait_for()
    assert page.evaluate("document.activeElement.id") == "quiz-ask"
    second = _asked(live_server, heard(page, questions, 1))
    assert heard_name(page, ask) == f"Question 2 of 2 {second}"
    # the choices are still named by the question alone
    assert heard_name(page, page.locator("#quiz-choices")) == second
