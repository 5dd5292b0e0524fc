"""The Progress tab says why the items it counts "Due for review" are due. Found by a
self-study learner coming back days later: "Due for review 3", and nothing saying that two
were misses asked first and one an item answered right, asked again as its review date came."""

from __future__ import annotations

import sqlite3

from tests.served import _cli
from tests.web.flows import join
from tests.web.test_selfstudy import record_frames, take_who_said_quiz

SCOPED = "DUE52"
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


def test_progress_says_how_many_due_a_review_asks_in_the_class_scenario(
    live_server, open_page, classroom
):
    """Missed in the whole record, then the class set to a scenario holding none of them: the
    Quiz tab said "Review (0 due)" (a Review asks from the scenario alone) beside Progress's
    "Due for review 2", "(a review asks them first)", and nothing said why."""
    classroom.teacher("Prof. Scope52 Mbeki", SCOPED)
    page = open_page().page
    questions = record_frames(page, "quiz.question")
    join(page, live_server.url, "Ottilie Due52", SCOPED)
    take_who_said_quiz(page, live_server, questions, [False, False])
    missed = {q["prompt"]["document"] for q in questions[-2:]}
    scenario = next(
        s
        for s in live_server.get_json("/api/scenarios")
        if s["kind"] == "topic" and s["documents"] and not missed & set(s["documents"])
    )
    where = ("--data", str(live_server.data))
    done = _cli("instructor", "scenario", SCOPED, scenario["id"], *where, env=live_server.env)
    assert done.returncode == 0

    page.reload()  # the welcome says the scenario, and what a Review asks from it: nothing
    page.locator("#due-count", has_text="0").wait_for(state="attached")
    assert _progress(page, 2) == (
        "2",
        "Due now: 2 items you answered wrong and have not answered right since (a review asks "
        f"them first).{LATER} A Review asks only from “{scenario['title']}” (our summary), the "
        "scenario your instructor set for your class: none of these is from it, so they wait "
        "until your instructor opens the whole record again (the Anki deck of your missed "
        "items, below, holds every item you missed).",
    )
