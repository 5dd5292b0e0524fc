"""The Quiz tab's due count follows each answer, as Progress does: a question missed is due
for review at once.

Found on a walk through the student page: the count said at the quiz's start stood still
until its score screen, so the tab read "2 due" while Progress, opened mid-quiz, said 3.
The count comes with the answer: asking for it (review.due) after each one spent half of a
quick student's messages, and a quiz answered fast ran into the rate limit.
"""

from __future__ import annotations

import json

from tests.web.flows import heard, join, received, start_quiz
from tests.web.test_selfstudy import speaker_of


def test_the_quiz_tab_counts_a_missed_question_due_at_once(live_server, open_page):
    watched = open_page()
    page = watched.page
    asked: list[str] = []
    sent = lambda f: asked.append(json.loads(f)["type"])  # noqa: E731
    page.on("websocket", lambda ws: ws.on("framesent", sent))
    questions = received(page, "quiz.question")
    join(page, live_server.url, "Mira Midquiz 41", live_server.class_code)
    start_quiz(page, "Who said it?", 3)
    page.locator("#quiz-progress", has_text="Question 1 of 3").wait_for()
    truth = speaker_of(live_server, heard(page, questions, 0)["prompt"])
    page.locator(f'#quiz-choices button:not([data-choice="{truth}"])').first.click()
    page.locator("#quiz-feedback .verdict").wait_for()

    badge = page.locator("#due-badge")
    badge.filter(has_text="1 due").wait_for()
    assert page.locator("#due-count").text_content() == "1"
    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-status").filter(has_text="answers right").wait_for()
    assert page.locator("#progress-due").text_content() == "1"
    assert badge.text_content() == "1 due"
    assert watched.errors == []
    assert "quiz.answer" in asked and "review.due" not in asked
