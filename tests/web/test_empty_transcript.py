"""The transcript of a session the student left without playing says so. Found by a teacher's
walk: a student who joined and left at once had a transcript reading "Nothing recorded in this
session yet.", as if more might come of a session that had ended."""

from __future__ import annotations

from tests.web.flows import join, open_class


def test_a_session_left_without_playing_says_so_and_one_still_open_waits(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Ibsen-T43", "EMPTYT1")
    student = open_page().page
    join(student, live_server.url, "Oona T43", "EMPTYT1")
    page = open_page().page
    open_class(page, live_server.url, token, "EMPTYT1")
    row = page.locator("#sessions tbody tr", has_text="Oona T43")
    row.get_by_role("button").click()
    empty = page.locator("#transcript li.empty")
    empty.wait_for()
    assert empty.text_content() == "Nothing recorded in this session yet."

    # the page follows the class live only once its classes have loaded: a leave before that
    # is not heard (a fresh clone's CI: "ended" never came), so the student leaves after
    page.locator("#live-state", has_text="following your classes").wait_for()
    student.locator("#leave").click()
    page.locator("#session-meta", has_text="ended").wait_for()
    empty.filter(has_text="joined and left").wait_for()
    assert empty.text_content() == (
        "The student joined and left without starting a role-play or a quiz."
    )
