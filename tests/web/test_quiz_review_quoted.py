"""The review screen after a quiz sets the recorded line it quotes in the record's serif, as the
question showed it and as the line before it is set. Found by a first-use audit: "Who said
this? “I think the first is correct…”" was set in the interface's sans, under "The line
before" in serif, as if the words asked about were the page's own."""

from __future__ import annotations

from tests.web.flows import join, received
from tests.web.test_selfstudy import take_who_said_quiz

_FAMILY = "(node) => getComputedStyle(node).fontFamily"


def test_the_review_quotes_the_recorded_line_in_the_record_s_serif(live_server, open_page):
    page = open_page().page
    questions = received(page, "quiz.question")
    join(page, live_server.url, "Philippa", live_server.class_code)
    take_who_said_quiz(page, live_server, questions, [True, False])

    serif = page.locator("#quiz-prompt").evaluate(_FAMILY)  # the question's recorded line
    sans = page.locator("body").evaluate(_FAMILY)
    assert serif.startswith('"Iowan Old Style"') and serif != sans
    items = page.locator("#quiz-review > li")
    assert items.count() == 2
    for n in range(2):
        ask = items.nth(n).locator(".review-ask")
        quoted = ask.locator("q")
        assert ask.text_content().startswith("Who said this? ")
        assert quoted.text_content() == questions[n]["prompt"]["text"]
        assert quoted.evaluate(_FAMILY) == serif  # was the sans of "Who said this?"
        assert ask.evaluate(_FAMILY) == sans  # the page's own words stay the page's
