"""Three things the instructor page said two ways or ran together (a walk-through of the page,
session 38): a transcript card's time ("05:34:21 AM") beside the sessions table's ("5:34 AM")
for the same moment; "Each student’s progress" said twice (the heading, and the table's caption
of the same words, with a straight apostrophe); and a struggled line's time run into its link
("7:01 AMOpen in the transcript"). The class is each test's own, its work written to the store
as the server writes it, or
said on the student's page."""

from __future__ import annotations

import re

from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.web.flows import SEED_LINE, open_class

REFUSED = "Shall we talk about the price of tea in Vladivostok?"
CHATTER = "can i go to the bathroom"
# render.js formatTimestamp, as the sessions table and the live feed use it
FORMAT = "async ([at, short]) => (await import('/js/render.js')).formatTimestamp(at, { short })"


def _played(live_server, code: str, student: str, lines: list[tuple[str, str | None]]) -> None:
    """A session of ``student`` in class ``code``: free play as Kissinger, each line refused
    (with its reason, or none: nothing near enough)."""
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    learner = store.create_learner(name=student, class_code=code, token_hash=f"{code}-{student}")
    played = store.create_session(learner=learner.id, token_hash=f"{code}-{student}-session")
    store.record(played.id, "roleplay.start", {"as": "kissinger", "document": None})
    for line, reason in lines:
        store.record(played.id, "line", {"text": line})
        reply = {"query": line, "status": "no_match"}
        store.record(played.id, "reply", {**reply, "reason": reason} if reason else reply)
    store.close()


def test_a_transcripts_times_read_as_the_sessions_table_reads_them(
    live_server, open_page, classroom
):
    code = "TIMES39"
    token = classroom.teacher("Prof. Times39 Minute", code)
    classroom.student("Tomasz Minute", code, SEED_LINE)
    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, code)
    started = page.locator("#sessions tbody tr", has_text="Tomasz Minute").locator("time")
    at = started.get_attribute("datetime")
    assert started.text_content() == page.evaluate(FORMAT, [at, True])
    page.locator("#sessions tbody tr", has_text="Tomasz Minute").get_by_role("button").click()
    page.locator('#transcript li[data-kind="exchange"]').first.wait_for()
    times = page.locator("#transcript time.when")
    assert times.count() == 2  # the start's marker and the exchange's card
    for i in range(times.count()):
        time = times.nth(i)
        moment = time.get_attribute("datetime")
        shown = time.text_content()
        assert shown == page.evaluate(FORMAT, [moment, True]), shown
        assert not re.search(r"\d:\d\d:\d\d", shown), shown  # no seconds, as the table
        assert time.get_attribute("title") == page.evaluate(FORMAT, [moment, False])
    assert watched.errors == []


def test_each_students_progress_is_one_heading_in_curly_apostrophes(
    live_server, open_page, classroom
):
    code = "HEAD39"
    token = classroom.teacher("Prof. Head39 Once", code)
    _played(live_server, code, "Hedda Once", [(REFUSED, None)])
    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, code)
    page.locator("#progress-table tbody tr", has_text="Hedda Once").wait_for()
    view = page.locator("#struggles-view")
    words = view.text_content()
    assert words.count("Each student’s progress") == 1
    assert words.count("Each student's progress") == 0
    assert page.locator("#progress-table caption").count() == 0
    assert "'" not in page.locator("#progress-chart").text_content()  # the chart's title too
    # one heading; the table beside the chart named by it for a screen reader
    assert view.get_by_role("heading", name="Each student’s progress").count() == 1
    assert view.get_by_role("table", name="Each student’s progress").count() == 1
    assert watched.errors == []


def test_a_struggled_lines_link_is_apart_from_its_time(live_server, open_page, classroom):
    code = "LINK39"
    token = classroom.teacher("Prof. Link39 Apart", code)
    _played(live_server, code, "Linnea Apart", [(REFUSED, None), (CHATTER, "chatter")])
    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, code)
    page.locator("#unanswered > li", has_text="bathroom").wait_for()
    refused = page.locator("#unanswered > li", has_text="Vladivostok")
    said = refused.locator(".help").text_content()
    assert re.fullmatch(r"Linnea Apart, as Kissinger, \d{1,2}:\d\d [AP]M", said), said
    # the time's sentence ended, then the link: seen apart, read apart
    assert refused.text_content() == f"{REFUSED} — {said}. Open in the transcript"
    # a reason ending its own sentence gets no second full stop
    talk = page.locator("#unanswered > li", has_text="bathroom")
    why = talk.locator(".help").text_content()
    assert why.endswith("The line read as classroom talk rather than a line of the channel."), why
    assert talk.text_content() == f"{CHATTER} — {why} Open in the transcript"
    link = refused.get_by_role("button", name="Open in the transcript")
    gap = link.evaluate(
        """(b) => {
          const words = b.closest('li').querySelector('.help').getBoundingClientRect();
          const text = document.createRange();
          text.selectNodeContents(b);
          return text.getBoundingClientRect().left - words.right;
        }"""
    )
    assert gap >= 8, gap  # more than the link's own 4 px of padding: a full stop and a space
    link.click()
    page.locator("#session-title", has_text="Transcript: Linnea Apart").wait_for()
    assert watched.errors == []
