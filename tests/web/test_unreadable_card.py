"""A review card of the database cut off half-written: the Progress tab read "Your progress
could not be loaded: HTTP 500". Now it shows the learner's other cards and answers, and the
card reported (which card, what is wrong, how to fix it) with its row as stored."""

from __future__ import annotations

import json
import sqlite3

from tests.web.flows import first_card, join
from tests.web.test_selfstudy import record_frames, take_who_said_quiz

HALF = '{"card_id": 1, "st'


def test_the_progress_tab_shows_the_rest_and_reports_a_broken_card(live_server, open_page):
    watched = open_page()
    page = watched.page
    questions = record_frames(page, "quiz.question")
    join(page, live_server.url, "Zeynep", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [True, False])
    learner, item, mode = first_card(live_server.database, "Zeynep")
    with sqlite3.connect(live_server.database) as db:
        db.execute(
            "UPDATE cards SET fsrs = ? WHERE learner_id = ? AND item = ?", (HALF, learner, item)
        )

    page.get_by_role("button", name="Progress").click()
    report = page.locator("#progress-unreadable li.unreadable")
    report.wait_for()
    assert report.locator(".unreadable-message").text_content() == (
        f"Zeynep’s review card for {item} ({mode}) could not be read: its fsrs is not the JSON "
        "of an FSRS card (Unterminated string starting at: line 1 column 16 (char 15)). It is "
        "left out of the review and of these counts, and kept as stored; every other card is "
        "read. To fix it, restore the card from a backup of the database, or correct it (table "
        f"cards, learner_id {learner}, item '{item}', mode '{mode}'); the item's answers are "
        "kept apart, in table answers."
    )
    assert json.loads(report.locator("pre.stored").text_content())["fsrs"] == HALF
    assert page.locator("#progress-status").text_content() == "1 of 2 answers right so far."
    assert page.locator("#progress-seen").text_content() == "1"
    page.locator("#progress-chart svg.chart").wait_for()
    assert watched.errors == []
