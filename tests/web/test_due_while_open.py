"""A review coming due while the page stays open: the Quiz tab's count was said at welcome and
after each quiz only, so ten minutes after a quiz answered right it still read "Review (0 due)"
and "the next review is due in 10 minutes" beside the items due by then. Now the page asks at
that time (review.due) and says what is due."""

from __future__ import annotations

import sqlite3

from tests.web.flows import join
from tests.web.test_selfstudy import record_frames, take_who_said_quiz


def test_the_due_count_follows_the_review_coming_due(live_server, open_page):
    watched = open_page()
    page = watched.page
    page.clock.install()  # the page's timers, moved on below as ten minutes passing
    questions = record_frames(page, "quiz.question")
    statuses = record_frames(page, "review.status")
    join(page, live_server.url, "Wren Okafor", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [True, True])
    assert page.locator("#quiz-due-after").text_content() in [
        f"Nothing is due for review right now; the next review is due in {m} minutes."
        for m in (9, 10)
    ]
    assert page.locator("#due-badge").is_hidden()

    # ten minutes on: the server's clock is the database's, so the cards' review dates are
    # moved back to now, as they would stand then
    with sqlite3.connect(live_server.database) as db:
        moved = db.execute(
            "UPDATE cards SET due = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 second') "
            "WHERE learner_id = (SELECT id FROM students WHERE name = 'Wren Okafor')"
        ).rowcount
    assert moved == 2
    page.clock.fast_forward("10:30")

    page.locator("#due-badge", has_text="2 due").wait_for()
    assert statuses[-1]["due"] == 2 and statuses[-1]["next_due"] is None
    assert page.locator("#due-count").text_content() == "2"
    assert page.locator("#quiz-due-after").text_content() == (
        "2 items due for review — under “Take another quiz”, choose “Review” to go over them."
    )
    # Review now asks both, the field filled with their number
    page.locator("#quiz-again").click()
    page.get_by_label("Review").check()
    assert page.get_by_label("Number of questions").input_value() == "2"
    assert watched.errors == []
