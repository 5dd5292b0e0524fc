"""A quiz left for a role-play has ended (one activity at a time): the Quiz tab says so.

Its question stayed on the Quiz tab as if the quiz went on; answered, it drew "This quiz is no
longer running (it ended, or the session moved)."
"""

from __future__ import annotations

from tests.web.flows import join, say, start_quiz, start_roleplay

ENDED = "Your quiz ended when you started a role-play; start a new quiz here."


def test_a_quiz_left_for_a_role_play_says_it_ended(live_server, open_page):
    page = open_page().page
    join(page, live_server.url, "Xena", live_server.class_code)
    start_quiz(page, "Who said it?", 3)
    page.locator("#quiz-choices button").first.wait_for()

    page.locator('.mode[data-mode="roleplay"]').click()
    start_roleplay(page)
    say(page, "when are you back from moscow?")
    page.locator('.mode[data-mode="quiz"]').click()
    assert page.locator("#quiz-question").is_hidden()
    assert page.locator("#quiz-setup").is_visible()
    assert page.locator("#quiz-error").text_content() == ENDED
    # a new quiz starts as any does, the note gone
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-choices button").first.wait_for()
    assert page.locator("#quiz-error").text_content() == ""


def test_a_finished_quizs_score_screen_stays_after_a_role_play(live_server, open_page):
    page = open_page().page
    join(page, live_server.url, "Yuri", live_server.class_code)
    start_quiz(page, "Who said it?", 1)
    page.locator("#quiz-choices button").first.click()
    page.get_by_role("button", name="See your score").click()
    page.locator("#quiz-summary").wait_for()

    page.locator('.mode[data-mode="roleplay"]').click()
    start_roleplay(page)
    page.locator('.mode[data-mode="quiz"]').click()
    assert page.locator("#quiz-summary").is_visible()
    assert page.locator("#quiz-error").text_content() == ""
