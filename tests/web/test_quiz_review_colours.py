"""The review screen after a quiz colours the answers, not the questions: a missed item's right
answer was drawn in the same red as the wrong answer given (the whole item took the verdict's
colour), so a student scanning the screen read every line of a miss as wrong, the line asked
about and the right answer with it."""

from __future__ import annotations

from tests.web.flows import join, received
from tests.web.test_selfstudy import take_who_said_quiz

INK = "rgb(30, 28, 25)"  # --ink, the page's text
GREEN = "rgb(45, 106, 45)"  # the review's right answers
RED = "rgb(138, 43, 29)"  # the review's wrong answers


def _colour(locator) -> str:
    return locator.evaluate("(node) => getComputedStyle(node).color")


def test_a_missed_items_right_answer_is_not_in_the_wrong_answers_red(live_server, open_page):
    page = open_page().page
    questions = received(page, "quiz.question")
    join(page, live_server.url, "Euphemia", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [True, False])

    items = page.locator("#quiz-review > li")
    right, missed = items.nth(0), items.nth(1)
    assert missed.get_attribute("class") == "review-item is-wrong"
    given, answer = missed.locator(".answer-line").nth(0), missed.locator(".answer-line").nth(1)
    assert given.text_content().startswith("✗ Wrong. Your answer: ")
    assert answer.text_content().startswith("Right answer: ")
    assert _colour(given) == RED
    assert _colour(answer) == GREEN  # was RED, as the answer given
    # the question as it was asked is text, whatever the verdict (was RED here, GREEN above)
    assert _colour(missed.locator(".review-ask")) == INK
    assert _colour(right.locator(".review-ask")) == INK
    assert right.locator(".answer-line").text_content().startswith("✓ Right. Your answer: ")
    assert _colour(right.locator(".answer-line")) == GREEN
