"""The record page follows the class's scenario when the student comes back to it: it read the
scenario once, when it was opened, so a page left open in a tab while the instructor changed
the scenario went on offering what the server now refused, and refusing what was now open."""

from __future__ import annotations

from tests.web.flows import SEED, join, wait_until
from tests.web.test_record_class_scope import NOT_OFFERED, SHORT, _actions
from tests.web.test_scenario_change import WAR, _set_scenario

SALT_NOT_OFFERED = (
    "Not offered to your class: outside “SALT and arms control” (our summary), the scenario "
    "your instructor set."
)


def test_the_record_page_reads_the_class_scenario_again_on_coming_back(
    live_server, open_page, classroom
):
    code = "REC181"
    token = classroom.teacher("Prof. Abernethy", code)
    _set_scenario(live_server.url, token, WAR, code)
    watched = open_page()
    page = watched.page
    join(page, live_server.url, "Leopoldine", code)
    page.goto(live_server.url + "/record.html")
    note = page.locator("#record-class")
    note.filter(has_text="October 1973 war").wait_for()
    assert _actions(page, SEED) == NOT_OFFERED
    assert _actions(page, SHORT) == "Play this conversation"

    # cleared while the page is open in another tab; the student comes back to it
    _set_scenario(live_server.url, token, None, code)
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    wait_until(page, "document.querySelectorAll('.not-offered').length === 0")
    assert _actions(page, SEED) == "Play this conversation"
    assert note.is_hidden()

    # set to another: the page shown again (visibilitychange) says so
    _set_scenario(live_server.url, token, "topic:salt", code)
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    note.filter(has_text="SALT and arms control").wait_for()
    assert note.text_content() == (
        f"Your class {code} role-plays within “SALT and arms control” (our summary), the "
        "scenario your instructor set: its conversations can be played from here; the others "
        "are listed to read about, not offered to play."
    )
    assert _actions(page, SEED) == SALT_NOT_OFFERED
    assert _actions(page, SHORT) == SALT_NOT_OFFERED
    assert watched.errors == []
