"""The student page's Start does what a link chose while the lists are still loading.

A link from the record page (`/?document=ID`) chooses the conversation once the lists of
conversations and scopes have come; the test holds them back with a route and presses Start
meanwhile. Each student's name is the test's own.
"""

from __future__ import annotations

from tests.web.flows import SEED, received, wait_for_seen


def test_start_from_a_link_plays_its_conversation_while_the_lists_are_loading(
    live_server, open_page
):
    """Start read the pickers at once: pressed before the lists came, it started free play over
    the whole record, and the conversation the link chose was lost."""
    watched = open_page()
    page = watched.page
    held = []
    page.route("**/api/documents", lambda route: held.append(route))
    ready = received(page, "roleplay.ready")
    page.goto(f"{live_server.url}/?document={SEED.replace('/', '%2F')}")
    wait_for_seen(page, lambda: held, "the page's request for the conversations")
    page.get_by_label("Your name").fill("Linnea Slowlist")
    page.get_by_role("button", name="Join").click()
    page.locator("#app").wait_for(state="visible")
    page.locator("#rp-setup").get_by_role("button", name="Start").click()  # the lists held back
    held[0].continue_()
    page.locator("#rp-say").wait_for(state="visible")
    wait_for_seen(page, lambda: ready, "the roleplay.ready of the Start")
    assert [(msg["document"] or {}).get("id") for msg in ready] == [SEED]
    assert page.locator("#rp-document").input_value() == SEED
    assert watched.errors == []
