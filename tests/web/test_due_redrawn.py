""" "The next review is due in 10 minutes" is said again as the minutes pass: drawn once, on
the Progress tab and the quiz's score screen, it stood at "10 minutes" with the page left
open until something else redrew it (a quiz, the tab opened again)."""

from __future__ import annotations

from tests.web.flows import join
from tests.web.test_selfstudy import record_frames, take_who_said_quiz

PROGRESS = "Nothing is due for review now; the next review is due in {} minutes."
SCORE = "Nothing is due for review right now; the next review is due in {} minutes."


def test_the_next_review_s_time_is_said_again_as_time_passes(live_server, open_page):
    watched = open_page()
    page = watched.page
    page.clock.install()  # the page's timers, moved on below as minutes passing
    questions = record_frames(page, "quiz.question")
    join(page, live_server.url, "Ottoline Marchbanks", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [True, True])
    score = page.locator("#quiz-due-after")
    assert score.text_content() in [SCORE.format(m) for m in (9, 10)]
    page.get_by_role("button", name="Progress").click()
    following = page.locator("#progress-next")
    following.filter(has_text="the next review is due").wait_for()
    assert following.text_content() in [PROGRESS.format(m) for m in (9, 10)]

    page.clock.run_for("04:00")
    assert following.text_content() in [PROGRESS.format(m) for m in (5, 6)]
    assert score.text_content() in [SCORE.format(m) for m in (5, 6)]
    page.clock.run_for("03:00")
    assert following.text_content() in [PROGRESS.format(m) for m in (2, 3)]
    assert watched.errors == []
