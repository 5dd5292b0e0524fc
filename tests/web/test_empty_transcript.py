"""The transcript of a session the student left without playing says so. Found by a teacher's
walk: a student who joined and left at once had a transcript reading "Nothing recorded in this
session yet.", as if more might come of a session that had ended.

The student leaves while the page's live socket is held back (it follows the class only once
the class's views have loaded, and reconnects after a drop): what happened then came on no
socket, and the open transcript and the sessions table showed the student connected until
the next event of the class. The page reads them again when the socket is ready."""

from __future__ import annotations

from server.store_sqlite import SQLiteStore
from server.stores import SQLITE_FILE
from tests.web.flows import hold_live, join, open_class, wait_for_seen


def test_a_session_left_without_playing_says_so_and_one_still_open_waits(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Ibsen-T43", "EMPTYT1")
    student = open_page().page
    join(student, live_server.url, "Oona T43", "EMPTYT1")
    page = open_page().page
    held = hold_live(page)
    open_class(page, live_server.url, token, "EMPTYT1")
    row = page.locator("#sessions tbody tr", has_text="Oona T43")
    row.get_by_role("button").click()
    empty = page.locator("#transcript li.empty")
    empty.wait_for()
    assert empty.text_content() == "Nothing recorded in this session yet."
    wait_for_seen(page, lambda: held, "the page's live socket, held back")
    assert page.locator("#live-state").text_content() == "— connecting…"

    student.locator("#leave").click()
    store = SQLiteStore(live_server.data / SQLITE_FILE)
    try:
        wait_for_seen(
            page,
            lambda: all(s.ended for s in store.class_sessions("EMPTYT1")),
            "the student's leave, stored",
        )
    finally:
        store.close()
    assert "still connected" in page.locator("#session-meta").text_content()

    held[0].close()  # a drop: the page reconnects, and its socket is let through
    page.locator("#live-state", has_text="following your classes").wait_for()
    page.locator("#session-meta", has_text="ended").wait_for()
    empty.filter(has_text="joined and left").wait_for()
    assert empty.text_content() == (
        "The student joined and left without starting a role-play or a quiz."
    )
    row.locator("td").last.filter(has_text="ended").wait_for()
    assert row.locator("td").last.text_content().startswith("ended ")
