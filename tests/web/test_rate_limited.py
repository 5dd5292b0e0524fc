"""A message the server refuses for the pace (``rate_limited``) is not the student's loss.

Found in the hardening audit: a line, a pick or a quiz answer refused as ``rate_limited``
(10 messages a second per connection, bursts of 20) came back to the page as an error. The
line went back in the box with the server's words to send it again, the answer's buttons were
enabled again with the chosen one still marked: each was left for the student to send again,
and a test answering fast lost it. Now the page keeps it, says when it goes out, and sends it
again itself after ``retry_after``; the reply comes once.

The refusal is made here by the route between page and server (``flows.refuse_next``: the
first message of a kind is not passed on, and answered as the server answers a message over
the limit), so the test does not depend on how fast the machine sends.
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

HELD = "The server asked this page to slow down (too many messages at once): your {} is kept"


def test_a_line_and_a_pick_refused_for_the_pace_go_out_again_and_are_answered_once(
    live_server, open_page
):
    watched = open_page()
    page = watched.page
    refuse = {"say": "rate_limited"}
    sent = refuse_next(page, refuse)
    join(page, live_server.url, "Rafa Ratelimit 7", live_server.class_code)
    start_roleplay(page)

    page.locator("#rp-line").fill(SEED_LINE)
    page.locator("#rp-say").get_by_role("button", name="Say it").click()
    waiting = page.locator("#rp-waiting")
    waiting.filter(has_text=HELD.format("line")).wait_for(timeout=5000)
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
    entry = page.locator("#rp-log > li:not(.mine)").last
    refuse["pick"] = "rate_limited"
    entry.locator('button.pick[data-choice="0"]').click()
    waiting.filter(has_text=HELD.format("choice")).wait_for(timeout=5000)
    page.locator("#rp-log > li.picked").first.wait_for(timeout=10_000)
    assert waiting.text_content() == ""
    picks = [m for m in sent if m["type"] == "pick"]
    assert len(picks) == 2 and picks[0] == picks[1]
    assert page.locator("#rp-log > li:not(.mine)").count() == 3
    assert watched.errors == []


def test_a_quiz_answer_refused_for_the_pace_goes_out_again(live_server, open_page):
    watched = open_page()
    page = watched.page
    sent = refuse_next(page, {"quiz.answer": "rate_limited"})
    questions = received(page, "quiz.question")
    join(page, live_server.url, "Quin Quickanswer 7", live_server.class_code)
    start_quiz(page, "Who said it?", 2)
    page.locator("#quiz-progress", has_text="Question 1 of 2").wait_for()
    heard(page, questions, 0)
    page.locator("#quiz-choices button").first.click()

    feedback = page.locator("#quiz-feedback")
    feedback.filter(has_text=HELD.format("answer")).wait_for(timeout=5000)
    feedback.locator(".verdict").wait_for(timeout=10_000)
    answers = [m for m in sent if m["type"] == "quiz.answer"]
    assert len(answers) == 2 and answers[0] == answers[1]
    assert watched.errors == []
