"""A card for a conversation the server does not serve now (a volume served once with
--transcripts): the Progress tab counted it as due, and the review then asked fewer items than
it said. Now the tab leaves it out of the counts and says which conversation it waits for."""

from __future__ import annotations

import sqlite3

from tests.web.flows import first_card, join
from tests.web.test_selfstudy import record_frames, take_who_said_quiz

GONE = "frus1969-76v99/d1#3"


def test_the_progress_tab_says_which_cards_wait(live_server, open_page):
    watched = open_page()
    page = watched.page
    questions = record_frames(page, "quiz.question")
    join(page, live_server.url, "Tomasz", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [False, False])
    learner, item, _ = first_card(live_server.database, "Tomasz")
    with sqlite3.connect(live_server.database) as db:
        db.execute(
            "UPDATE cards SET item = ? WHERE learner_id = ? AND item = ?", (GONE, learner, item)
        )

    page.get_by_role("button", name="Progress").click()
    waiting = page.locator("#progress-waiting")
    waiting.wait_for()
    assert waiting.text_content() == (
        "1 item you answered is from a conversation this server does not hold now "
        "(frus1969-76v99/d1): kept, and left out of these counts and your review until the "
        "server holds them again."
    )
    assert page.locator("#progress-due").text_content() == "1"  # the two missed, less the one
    assert page.locator("#progress-seen").text_content() == "1"
    assert page.locator("#progress-status").text_content() == "0 of 2 answers right so far."
    assert watched.errors == []
