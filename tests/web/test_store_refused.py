"""A message the server refuses with a wait is not the student's loss, nor the wait a silent one.

Found in the hardening audits: a line, a pick or a quiz answer refused as ``rate_limited``
(10 messages a second per connection, bursts of 20), ``database_busy`` (the session database
locked, 2 s) or ``not_stored`` (a write failed, the disk full, 30 s), each with
``retry_after``, came back to the page as an error: the line went back in the box with the
server's words to send it again, the answer's buttons were enabled again with the chosen one
still marked, each left for the student to send again (a test answering fast lost it). Now the
page keeps it, says why and when it goes out, and sends it again itself; the reply comes once
(the server does not keep twice what it kept of it: tests/server/test_store_refused_again.py).
A quiz's start held for the pace went out again with "Choosing questions from the record…"
alone on the card: now the wait is said.

The refusals are made by the route between page and server (``flows.refuse_next``), as the
server words them, so the test depends neither on how fast the machine sends nor on a database
made busy or full.
"""

from __future__ import annotations

import pytest

from tests.web.flows import (
    HELD_WORDS,
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


@pytest.mark.parametrize(
    ("for_line", "for_pick", "student"),
    [
        ("rate_limited", "rate_limited", "Rafa Ratelimit 7"),
        ("database_busy", "not_stored", "Bea Busybase 43"),
    ],
)
def test_a_line_and_a_pick_refused_with_a_wait_go_out_again_and_are_answered_once(
    live_server, open_page, for_line, for_pick, student
):
    watched = open_page()
    page = watched.page
    refuse = {"say": for_line}
    sent = refuse_next(page, refuse)
    join(page, live_server.url, student, live_server.class_code)
    start_roleplay(page)

    page.locator("#rp-line").fill(SEED_LINE)
    page.locator("#rp-say").get_by_role("button", name="Say it").click()
    waiting = page.locator("#rp-waiting")
    waiting.filter(has_text=HELD_WORDS[for_line].format("line")).wait_for(timeout=5000)
    page.locator("#rp-log > li:not(.mine)").first.wait_for(timeout=10_000)
    assert waiting.text_content() == ""
    assert page.locator("#rp-line").input_value() == ""
    assert page.locator("#rp-line-error").text_content() == ""
    said = [m for m in sent if m["type"] == "say"]
    assert len(said) == 2 and said[0] == said[1]  # the same line, its id and seq, once more
    page.wait_for_timeout(1500)  # a second reply, if one came, would be drawn by now
    assert page.locator("#rp-log > li.mine").count() == 1
    assert page.locator("#rp-log > li:not(.mine)").count() == 1

    say(page, NEAR_LINE)  # refused, recorded lines near it offered to pick
    refuse["pick"] = for_pick
    page.locator("#rp-log > li:not(.mine)").last.locator('button.pick[data-choice="0"]').click()
    waiting.filter(has_text=HELD_WORDS[for_pick].format("choice")).wait_for(timeout=5000)
    page.locator("#rp-log > li.picked").first.wait_for(timeout=10_000)
    assert waiting.text_content() == ""
    picks = [m for m in sent if m["type"] == "pick"]
    assert len(picks) == 2 and picks[0] == picks[1]
    assert page.locator("#rp-log > li:not(.mine)").count() == 3
    assert watched.errors == []


def test_a_quiz_start_held_is_said_and_answers_refused_go_out_again(live_server, open_page):
    watched = open_page()
    page = watched.page
    refuse = {"quiz.start": "rate_limited"}
    sent = refuse_next(page, refuse)
    questions = received(page, "quiz.question")
    join(page, live_server.url, "Sid Slowstart 43", live_server.class_code)
    start_quiz(page, "Who said it?", 3)
    feedback = page.locator("#quiz-feedback")
    words = HELD_WORDS["rate_limited"].format("request for a quiz")
    feedback.filter(has_text=words).wait_for(timeout=5000)
    page.locator("#quiz-progress", has_text="Question 1 of 3").wait_for(timeout=10_000)
    assert feedback.text_content() == ""
    assert [m["type"] for m in sent].count("quiz.start") == 2

    for n, code in enumerate(("rate_limited", "database_busy", "not_stored")):
        heard(page, questions, n)
        refuse["quiz.answer"] = code
        page.locator("#quiz-choices button").first.click()
        feedback.filter(has_text=HELD_WORDS[code].format("answer")).wait_for(timeout=5000)
        feedback.locator(".verdict").wait_for(timeout=10_000)
        page.locator("#quiz-next").click()
    answers = [m for m in sent if m["type"] == "quiz.answer"]
    assert len(answers) == 6 and all(answers[i] == answers[i + 1] for i in (0, 2, 4))
    page.locator("#quiz-summary").wait_for(timeout=10_000)
    assert watched.errors == []
