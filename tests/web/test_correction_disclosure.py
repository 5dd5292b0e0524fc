"""The button that opens a transcript card's correction form says whether the form is open and
which it is (aria-expanded, aria-controls), as a disclosure does: a screen reader heard "Mark
this match wrong, button" before and after, and could not tell the form was there below it."""

from __future__ import annotations

from tests.web.audit import assert_accessible
from tests.web.flows import SEED_LINE, first_exchange, open_class


def test_the_correction_button_says_its_form_is_open(live_server, open_page, classroom):
    code = "A11Y19"
    token = classroom.teacher("Prof. Okonkwo-Vale", code)
    classroom.student("Evander", code, SEED_LINE)
    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, code)
    card = first_exchange(page, "Evander")
    button = card.locator(".correct-button")
    button.wait_for()
    controls = button.get_attribute("aria-controls")
    assert controls and controls.startswith("fix-")
    assert button.get_attribute("aria-expanded") == "false"
    assert_accessible(page, "a transcript, its correction forms closed")

    button.click()
    form = card.locator("form.correction")
    form.wait_for()
    assert form.get_attribute("id") == controls
    assert button.get_attribute("aria-expanded") == "true"
    assert_accessible(page, "the correction form open")
    page.keyboard.press("Escape")  # closed as Cancel closes it
    form.wait_for(state="detached")
    assert button.get_attribute("aria-expanded") == "false"

    button.click()
    form.locator(".fix-choice input").first.check()
    form.get_by_role("button", name="Save correction").click()
    form.locator(".saved").wait_for()
    assert button.get_attribute("aria-expanded") == "true"  # the saved note is the form's
    form.get_by_role("button", name="Undo").click()
    form.wait_for(state="detached")
    assert button.get_attribute("aria-expanded") == "false"
    assert watched.errors == []
