"""The instructor's live feed is no live region: a screen reader read out every student's line
and reply as it came (the feed was aria-live="polite"), in a class of thirty an unbroken
flood. A status line says instead what came, counted, at most every 15 seconds."""

from __future__ import annotations

import re

from tests.web.flows import SEED_LINE, open_class, say, wait_until

SAID = r"New in the feed since \d{{1,2}}:\d\d( [AP]M)?: {}\."
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


# Every text the status line held, in order, from when the observer was set on it.
WATCH_NEWS = """() => {
  window.newsHeld = [];
  const line = document.querySelector('#live-news');
  new MutationObserver(() => window.newsHeld.push(line.textContent))
    .observe(line, { childList: true, characterData: true, subtree: true });
}"""


def test_the_same_summary_twice_is_said_again(live_server, open_page, classroom):
    """Two summaries alike (one exchange each, since a moment of the same minute) were set on
    the status line as the same words, which a screen reader does not hear as a change: the
    second was never read out. Now the line is emptied, then given the words again."""
    code = "LIVE32"
    token = classroom.teacher("Prof. Achterberg-Nwosu", code)
    watched = open_page()
    page = watched.page
    page.clock.install()
    open_class(page, live_server.url, token, code)
    page.locator("#live-state", has_text="following your classes").wait_for()
    # held a second into the next minute: three summaries 15 seconds apart share their minute
    minute = (page.evaluate("Date.now()") // 60_000 + 1) * 60
    page.clock.pause_at(minute + 1)
    page.evaluate(WATCH_NEWS)
    news = page.locator("#live-news")

    student = classroom.student("Bartholomaeus", code, "zxqv plorb wug")
    wait_until(page, REPLIES.format(1))
    page.clock.run_for(100)
    first = news.text_content()
    assert first.endswith(": 1 exchange (1 refused)."), first
    say(student, "zxqv plorb wug")
    wait_until(page, REPLIES.format(2))
    page.clock.run_for(15_000)
    second = news.text_content()
    assert re.fullmatch(SAID.format(r"1 exchange \(1 refused\)"), second), second
    say(student, "zxqv plorb wug")
    wait_until(page, REPLIES.format(3))
    page.clock.run_for(15_000)
    assert news.text_content() == ""  # emptied, then said again
    page.clock.run_for(200)
    assert news.text_content() == second
    assert page.evaluate("window.newsHeld") == [first, second, "", second]
    assert watched.errors == []
