"""The Progress tab says why the items it counts "Due for review" are due. Found by a
self-study learner coming back days later: "Due for review 3", and nothing saying that two
were misses asked first and one an item answered right, asked again as its review date came."""

from __future__ import annotations

import sqlite3

from tests.web.flows import join
from tests.web.test_selfstudy import record_frames, take_who_said_quiz

LATER = (
    " Each time you answer an item right, its next review comes later: 10 minutes after the "
    "first, then days, then weeks."
)


def _progress(page, due: int) -> tuple[str, str]:
    """The Progress tab opened again (it reads the progress anew), once it counts ``due``."""
    page.locator("button.mode[data-mode=roleplay]").click()
    page.locator("button.mode[data-mode=progress]").click()
    page.locator("#progress-due", has_text=str(due)).wait_for()
    page.locator("#progress-due-why:not([hidden])").wait_for()
    return page.locator("#progress-due").text_content(), page.locator(
        "#progress-due-why"
    ).text_content()


def test_the_progress_tab_says_why_each_item_is_due(live_server, open_page):
    page = open_page().page
    questions = record_frames(page, "quiz.question")
    join(page, live_server.url, "Ingrid Due52", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [True, False])

    # the miss is due at once; the item answered right, in 10 minutes
    assert _progress(page, 1) == (
        "1",
        "Due now: 1 item you answered wrong and have not answered right since (a review asks "
        "it first)." + LATER,
    )
    # days later: the right one's review date has come too
    with sqlite3.connect(live_server.database) as db:
        moved = db.execute(
            "UPDATE cards SET due = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 second') "
            "WHERE last_correct = 1 "
            "AND learner_id = (SELECT id FROM students WHERE name = 'Ingrid Due52')"
        ).rowcount
    assert moved == 1
    assert _progress(page, 2) == (
        "2",
        "Due now: 1 item you answered wrong and have not answered right since (a review asks "
        "it first); and 1 item you answered right whose review date has come, to see that you "
        "still know it." + LATER,
    )
