"""The Progress tab's "A whole conversation" menu opens within the class's scenario: in a class
set to SALT it opened on vol. IX, doc. 17, the record's first conversation, on Vietnam, so a
student downloading "this conversation" took one the class was not playing. A conversation the
student chooses stays chosen."""

from __future__ import annotations

from tests.web.flows import join
from tests.web.test_scenario_change import WAR, _set_scenario

MENU = "#progress-deck-doc"


def _progress_menu(page):
    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-status", has_text="No answers yet").wait_for()
    return page.locator(MENU)


def test_the_menu_opens_on_the_scenario_s_first_conversation(classroom):
    token = classroom.teacher("Prof. Pds541 Haddad", "PDS541")
    _set_scenario(classroom.server.url, token, WAR, "PDS541")
    page = classroom.open_page().page
    join(page, classroom.server.url, "Pds541 Lina", "PDS541")
    menu = _progress_menu(page)
    assert menu.input_value() == "frus1969-76v25/d172"
    assert menu.locator("option:checked").text_content().startswith("vol. XXV, doc. 172")

    # the student's own choice stays through a role-play begun (its roleplay.ready names the
    # class's scenario again)
    menu.select_option("frus1969-76v39/d107")
    page.get_by_role("button", name="Role-play").click()
    page.get_by_role("button", name="Start").click()
    page.locator("#rp-line").wait_for()
    menu = _progress_menu(page)
    assert menu.input_value() == "frus1969-76v39/d107"


def test_without_a_scenario_the_menu_opens_on_the_record_s_first(classroom):
    classroom.teacher("Prof. Pds542 Haddad", "PDS542")
    page = classroom.open_page().page
    join(page, classroom.server.url, "Pds542 Omar", "PDS542")
    menu = _progress_menu(page)
    first = menu.locator("option").first.get_attribute("value")
    assert menu.input_value() == first
