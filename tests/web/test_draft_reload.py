"""A line the student has typed and not sent survives a reload of the page; a line sent does
not come back, and a student who leaves the session does not leave it to the next one.

Found on a walk through the student page: the reload put the log back, with the box empty and
the half-written line gone (a phone's pull to refresh does it by accident).
"""

from __future__ import annotations

from tests.web.flows import join, say, start_roleplay, wait_until

DRAFT = "Anatoly, on the summit, I want to say first that"


def test_an_unsent_line_is_in_the_box_after_a_reload(live_server, classroom):
    page = classroom.student("Dora Draft 41", live_server.class_code)
    say(page, "When are you coming back from Moscow?")
    page.locator("#rp-line").press_sequentially(DRAFT)

    page.reload()
    page.locator("#rp-status").filter(has_text="Session resumed").wait_for()
    assert page.locator("#rp-line").input_value() == DRAFT


def test_a_sent_line_does_not_come_back_after_a_reload(live_server, classroom):
    page = classroom.student("Dirk Draft 41", live_server.class_code)
    page.locator("#rp-line").press_sequentially("When are you coming back?")
    say(page, "When are you coming back?")

    page.reload()
    page.locator("#rp-status").filter(has_text="Session resumed").wait_for()
    assert page.locator("#rp-line").input_value() == ""


def test_a_line_left_unsent_is_not_the_next_students(live_server, classroom):
    page = classroom.student("Dana Draft 41", live_server.class_code)
    page.locator("#rp-line").press_sequentially(DRAFT)
    page.get_by_role("button", name="Leave session").click()
    page.locator("#join").wait_for(state="visible")

    join(page, live_server.url, "Deb Draft 41", live_server.class_code)
    start_roleplay(page)
    wait_until(page, "!document.querySelector('#rp-say').hidden")
    assert page.locator("#rp-line").input_value() == ""
