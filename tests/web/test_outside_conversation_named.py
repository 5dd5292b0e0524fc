"""What the student page says of a conversation it cannot play for the class's scenario names
the conversation: "The conversation you chose is outside your class’s scenario." said which
only to a student who remembered what they had chosen (a link from the record page chose it,
or a menu of a moment before the instructor changed the scenario). Now it is named as the page
names a conversation elsewhere: where it is printed and when (the side panel's words) and its
topic line marked as our summary (the menus' words)."""

from __future__ import annotations

from tests.web.flows import heard, join, received, wait_until
from tests.web.test_scenario_change import SALT, WAR, _set_scenario

KEEPS = (
    "Your instructor keeps your class within “The October 1973 war” (our summary): choose one "
    "of its conversations, or play freely within it."
)


def _listing(server, document: str) -> dict:
    return next(d for d in server.get_json("/api/documents") if d["id"] == document)


def test_a_link_to_a_conversation_outside_the_scenario_names_it(live_server, classroom):
    code = "IR171"
    token = classroom.teacher("Prof. Quennell", code)
    _set_scenario(live_server.url, token, WAR, code)
    page = classroom.open_page().page
    join(page, live_server.url, "Saoirse", code)
    seed = _listing(live_server, "frus1969-76v39/d107")
    assert seed["date"] is None and seed["topic"]
    page.goto(live_server.url + "/?document=frus1969-76v39%2Fd107")
    status = page.locator("#rp-status")
    status.filter(has_text="outside your class").wait_for()
    assert status.text_content().strip() == (
        "The conversation you chose (FRUS 1969–1976, vol. XXXIX, doc. 107, date not in our "
        f"copy; our summary: {seed['topic']}) is outside your class’s scenario. {KEEPS}"
    )


def test_a_start_refused_for_a_conversation_names_it(live_server, classroom):
    """Chosen in the menu of the class's old scenario, then started after the instructor
    changed it: refused, started again within the new one, and said which was left."""
    code = "IR172"
    token = classroom.teacher("Prof. Vandermeer", code)
    _set_scenario(live_server.url, token, SALT, code)
    page = classroom.open_page().page
    ready = received(page, "roleplay.ready")
    join(page, live_server.url, "Bartholomew", code)
    chosen = "frus1969-76v13/d161"
    listing = _listing(live_server, chosen)
    page.locator('#rp-setup input[name="as"][value="kissinger"]').check()
    wait_until(page, f"!!document.querySelector('#rp-document option[value=\"{chosen}\"]')")
    page.locator("#rp-document").select_option(chosen)
    _set_scenario(live_server.url, token, WAR, code)
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    wait_until(page, "document.querySelector('#rp-status').textContent.includes('outside')")
    heard(page, ready, 0)  # the start again within the new scenario (the first was refused)
    assert ready[-1]["document"] is None
    assert listing["date"] is None and listing["topic"]
    assert page.locator("#rp-status").text_content() == (
        "Your instructor changed your class’s scenario: free play answers from “The October "
        "1973 war” (our summary) now. The conversation you chose (FRUS 1969–1976, vol. XIII, "
        f"doc. 161, date not in our copy; our summary: {listing['topic']}) is outside your "
        "class’s scenario. Free play within “The October 1973 war” (our summary), the scenario "
        "your instructor set: say anything Kissinger might have said; Dobrynin answers only "
        "with his recorded words."
    )
