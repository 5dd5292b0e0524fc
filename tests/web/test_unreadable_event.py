"""An event row of the database cut off half-written: the instructor page showed nothing of the
class (its session list, the transcript, what it struggled with and the live feed's history
each answered 500). Now each shows the rest, and the event where it stands, reported (which
event of which session, what is wrong, how to fix it) with its data as stored, verbatim.

The class is a new instructor's own (UNR190), so the other browser tests' classes are untouched.
"""

from __future__ import annotations

import sqlite3

from tests.web.flows import NEAR_LINE, SEED_LINE, open_class

CLASS = "UNR190"
HALF = '{"query": "Anatol, about this'


def test_the_instructor_page_shows_a_class_around_an_unreadable_event(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Boateng", CLASS)
    classroom.student("Kofi", CLASS, NEAR_LINE, SEED_LINE)  # refused, then answered
    with sqlite3.connect(live_server.database) as db:
        session, seq, at = db.execute(
            "SELECT e.session_id, e.seq, e.at FROM events e "
            "JOIN sessions s ON s.id = e.session_id JOIN students st ON st.id = s.student_id "
            "WHERE st.class_code = ? AND e.kind = 'reply' ORDER BY e.seq LIMIT 1",
            (CLASS,),
        ).fetchone()
        db.execute(
            "UPDATE events SET data = ? WHERE session_id = ? AND seq = ?", (HALF, session, seq)
        )
    message = (
        f"Event {seq} (reply, {at}) of Kofi’s session {session} could not be read: its data is "
        "not valid JSON (Unterminated string starting at: line 1 column 11 (char 10)). It is "
        "left out here and kept as stored; every other event is read. To fix it, restore the "
        "event from a backup of the database, or correct its data (table events, session_id "
        f"'{session}', seq {seq})."
    )

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    # what the class struggled with: the refused line's reply unreadable, reported, not listed
    report = page.locator("#unreadable li.unreadable")
    report.wait_for()
    assert page.locator("#unanswered li").count() == 0
    assert report.locator(".unreadable-message").text_content() == message
    assert report.locator("pre.stored").text_content() == HALF
    # the live feed's history: the event in its place, reported
    feed = page.locator(f'#live-feed li[data-key="{session}:{seq}"]')
    assert feed.locator(".unreadable-message").text_content() == message

    page.locator("#sessions tbody tr", has_text="Kofi").get_by_role("button").click()
    card = page.locator("#transcript li.unreadable")
    card.wait_for()
    assert card.locator(".unreadable-message").text_content() == message
    assert card.locator("pre.stored").text_content() == HALF
    # in its place: after the role-play's start, before the exchange after it, read as ever
    shown = page.locator("#transcript > li").evaluate_all(
        "(items) => items.map((li) => li.classList.contains('exchange') ? 'exchange' "
        ": li.dataset.kind)"
    )
    assert shown == ["roleplay.start", "unreadable", "exchange"]
    assert page.locator("#transcript li.exchange", has_text=SEED_LINE).count() == 1
    assert page.locator("#transcript li.exchange", has_text=NEAR_LINE).count() == 0
    # the deck, made of the other events, says which it left out
    with page.expect_download():
        page.get_by_role("button", name="Anki deck").click()
    page.locator("#class-status", has_text="Downloaded").wait_for()
    assert page.locator("#class-status").text_content() == (
        f"Downloaded {CLASS}.apkg: the quiz items the class missed most, then every recorded "
        "exchange its role-plays were answered with, each card cited (open it in Anki to "
        f"import). 1 stored event could not be read and is left out: event {seq} (reply) of "
        f"session {session}. The session's transcript says what is wrong and shows the event "
        "as stored."
    )
    assert watched.errors == []
