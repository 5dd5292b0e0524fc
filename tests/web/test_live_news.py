"""The instructor's live feed is no live region: a screen reader read out every student's line
and reply as it came (the feed was aria-live="polite"), in a class of thirty an unbroken
flood. A status line says instead what came, counted, at most every 15 seconds."""

from __future__ import annotations

import re

from tests.web.flows import SEED_LINE, open_class, say, wait_until

REPLIES = "document.querySelectorAll('#live-feed li[data-kind=reply]').length === {}"


def test_the_live_feed_is_summed_up_at_most_every_15_seconds(live_server, open_page, classroom):
    code = "LIVE31"
    token = classroom.teacher("Prof. Kowalczyk-Brandt", code)
    watched = open_page()
    page = watched.page
    page.clock.install()
    open_class(page, live_server.url, token, code)
    page.locator("#live-state", has_text="following your classes").wait_for()
    assert page.locator("#live-feed").get_attribute("aria-live") is None
    news = page.locator("#live-news")
    assert news.get_attribute("role") == "status"
    # the page's timers held: what the line says, and when, is moved on below
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # Unix time in seconds

    student = classroom.student("Peregrine", code, SEED_LINE)
    wait_until(page, REPLIES.format(1))
    assert news.text_content() == ""
    page.clock.run_for(100)  # the first said at once
    first = news.text_content()
    assert re.fullmatch(r"New in the feed since \d{1,2}:\d\d( [AP]M)?: 1 exchange\.", first), first

    say(student, "zxqv plorb wug")  # refused: nothing recorded comes near it
    say(student, SEED_LINE)
    wait_until(page, REPLIES.format(3))
    page.clock.run_for(5_000)
    assert news.text_content() == first  # not again within 15 seconds
    page.clock.run_for(10_000)
    second = news.text_content()
    assert second.endswith(": 2 exchanges (1 refused)."), second
    assert watched.errors == []
