"""A message the server could not store is not the student's loss, nor one held for the pace
a silent wait.

Found in the hardening audit: the server refuses a message it could not store with
``database_busy`` (the session database locked, 2 s) or ``not_stored`` (a write failed, the
disk full, 30 s), each with ``retry_after``; the page sent again only what was refused
``rate_limited`` and showed these as plain errors: the line went back in the box, the chosen
answer was left for the student to send again. Now the page keeps it, says why and when it
goes out, and sends it again itself (the server does not keep twice what it kept of it:
tests/server/test_store_refused_again.py). A quiz's start held for the pace went out again
with "Choosing questions from the record…" alone on the card: now the wait is said.

The refusals are made by the route between page and server (``flows.refuse_next``), as the
server words them, so the test needs no database made busy or full.
"""

from __future__ import annotations

from tests.web.flows import (
    NEAR_LINE,
    SEED_LINE,
    heard,
    join,
    received,
    refuse_next,
    say,
    start_quiz,
    start_roleplay,
)

BUSY = (
    "The server’s session database was busy for a moment: your {} is kept and goes out again "
    "in 1 s."
)
FULL = (
    "The server could not save it (its disk may be full: tell your instructor): your {} is kept "
    "and goes out again in 1 s."
)
PACE = (
    "The server asked this page to slow down (too many messages at once): your {} is kept and "
    "goes out again in 1 s."
)


def test_a_line_and_a_pick_the_server_could_not_store_go_out_again(live_server, open_page):
    watched = open_page()
    page = watched.page
    refuse = {"say": "database_busy"}
    sent = refuse_next(page, refuse)
    join(page, live_server.url, "Bea Busybase 43", live_server.class_code)
    start_roleplay(page)

    page.locator("#rp-line").fill(SEED_LINE)
    page.locator("#rp-say").get_by_role("button", name="Say it").click()
    waiting = page.locator("#rp-waiting")
    waiting.filter(has_text=BUSY.format("line")).wait_for(timeout=5000)
    page.locator("#rp-log > li:not(.mine)").first.wait_for(timeout=10_000)
    assert waiting.text_content() == ""
    assert page.locator("#rp-line-error").text_content() == ""
    said = [m for m in sent if m["type"] == "say"]
    assert len(said) == 2 and said[0] == said[1]  # the same line, its id and seq, once more
    assert page.locator("#rp-log > li.mine").count() == 1

    say(page, NEAR_LINE)  # refused, recorded lines near it offered to pick
    refuse["pick"] = "not_stored"
    page.locator("#rp-log > li:not(.mine)").last.locator('button.pick[data-choice="0"]').click()
    waiting.filter(has_text=FULL.format("choice")).wait_for(timeout=5000)
    page.locator("#rp-log > li.picked").first.wait_for(timeout=10_000)
    assert waiting.text_content() == ""
    picks = [m for m in sent if m["type"] == "pick"]
    assert len(picks) == 2 and picks[0] == picks[1]
    assert page.locator("#rp-log > li:not(.mine)").count() == 3
    assert watched.errors == []


def test_a_quiz_start_held_is_said_and_answers_not_stored_go_out_again(live_server, open_page):
    watched = open_page()
    page = watched.page
    refuse = {"quiz.start": "rate_limited"}
    sent = refuse_next(page, refuse)
    questions = received(page, "quiz.question")
    join(page, live_server.url, "Sid Slowstart 43", live_server.class_code)
    start_quiz(page, "Who said it?", 2)
    feedback = page.locator("#quiz-feedback")
    feedback.filter(has_text=PACE.format("request for a quiz")).wait_for(timeout=5000)
    page.locator("#quiz-progress", has_text="Question 1 of 2").wait_for(timeout=10_000)
    assert feedback.text_content() == ""
    assert [m["type"] for m in sent].count("quiz.start") == 2

    for n, code, words in ((0, "database_busy", BUSY), (1, "not_stored", FULL)):
        heard(page, questions, n)
        refuse["quiz.answer"] = code
        page.locator("#quiz-choices button").first.click()
        feedback.filter(has_text=words.format("answer")).wait_for(timeout=5000)
        feedback.locator(".verdict").wait_for(timeout=10_000)
        page.locator("#quiz-next").click()
    answers = [m for m in sent if m["type"] == "quiz.answer"]
    assert len(answers) == 4 and answers[0] == answers[1] and answers[2] == answers[3]
    page.locator("#quiz-summary").wait_for(timeout=10_000)
    assert watched.errors == []
