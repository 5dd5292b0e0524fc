""" "The next review is due in 10 minutes" is said again as the minutes pass: drawn once, on
the Progress tab and the quiz's score screen, it stood at "10 minutes" with the page left
open until something else redrew it (a quiz, the tab opened again)."""

from __future__ import annotations

import sqlite3

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


REFUSAL = (
    "Nothing is due for review yet: the next review is due in {} minutes. Review asks again the "
    "items you missed and those whose review date has come; until then, a “Who said it?” or "
    "“What came next?” quiz asks you more lines."
)


def test_review_s_refusal_says_the_next_review_s_time_again(live_server, open_page):
    """Review started with nothing due yet said "the next review is due in 10 minutes" and
    went on saying it, and that nothing was due once the review had come."""
    watched = open_page()
    page = watched.page
    page.clock.install()
    questions = record_frames(page, "quiz.question")
    join(page, live_server.url, "Philippa Thistlewood", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [True, True])
    page.get_by_role("button", name="Take another quiz").click()
    page.get_by_label("Review").check()
    page.get_by_role("button", name="Start quiz").click()
    refusal = page.locator("#quiz-error")
    refusal.filter(has_text="Nothing is due").wait_for()
    assert refusal.text_content() in [REFUSAL.format(m) for m in (9, 10)]
    assert refusal.get_attribute("aria-live") is None  # an alert: read out as it comes

    page.clock.run_for("04:00")
    assert refusal.text_content() in [REFUSAL.format(m) for m in (5, 6)]
    # only the minutes changed: said quietly, not an alert again each minute
    assert refusal.get_attribute("aria-live") == "off"
    page.clock.run_for("03:00")
    assert refusal.text_content() in [REFUSAL.format(m) for m in (2, 3)]

    # the review's time come (the cards moved back to now, as they would stand then)
    with sqlite3.connect(live_server.database) as db:
        db.execute(
            "UPDATE cards SET due = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 second') "
            "WHERE learner_id = (SELECT id FROM students WHERE name = 'Philippa Thistlewood')"
        )
    page.clock.fast_forward("03:30")
    page.locator("#due-badge", has_text="2 due").wait_for()
    assert refusal.text_content() == (
        "2 items are due for review now: press “Start quiz” to go over them."
    )
    assert refusal.get_attribute("aria-live") is None  # news: said as an alert
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-progress", has_text="Question 1 of 2").wait_for()
    assert refusal.text_content() == ""
    assert watched.errors == []
