"""The record page, opened by a student whose class keeps to a scenario: it offered "Play this
conversation" (and "Role-play within this topic", and every volume) for the whole record, and
one outside the class's scenario led only to the student page saying the class may not play it.
It now offers to play what the class may, and says of the rest why it is not offered."""

from __future__ import annotations

from tests.web.flows import SEED, join, wait_until
from tests.web.test_scenario_change import V25, V25_TITLE, WAR, _set_scenario

SHORT = "frus1969-76v25/d172"  # the fixture's one conversation of vol. XXV, inside the 1973 war
NOT_OFFERED = (
    "Not offered to your class: outside “The October 1973 war” (our summary), the scenario "
    "your instructor set."
)


def _actions(page, document: str) -> str:
    item = page.locator(f'#topics .conversation[data-document="{document}"]').first
    return item.locator(".actions").text_content()


def test_the_record_page_offers_a_class_only_what_it_may_play(live_server, open_page, classroom):
    code = "REC172"
    token = classroom.teacher("Prof. Marchetti", code)
    _set_scenario(live_server.url, token, WAR, code)
    watched = open_page()
    page = watched.page
    join(page, live_server.url, "Talia", code)
    page.goto(live_server.url + "/record.html")
    note = page.locator("#record-class")
    note.wait_for()
    assert note.text_content() == (
        f"Your class {code} role-plays within “The October 1973 war” (our summary), the "
        "scenario your instructor set: its conversations can be played from here; the others "
        "are listed to read about, not offered to play."
    )
    # inside the scenario: the links, as before
    war = page.locator("#topic-war-1973")
    assert _actions(page, SHORT) == "Play this conversation"
    play = war.get_by_role("link", name="Play this conversation")
    assert play.get_attribute("href") == f"/?document={SHORT.replace('/', '%2F')}"
    assert war.get_by_role("link", name="Role-play within this topic (1 conversation)").count() == 1
    # outside it: no link, and why
    europe = page.locator("#topic-europe")
    assert _actions(page, SEED) == NOT_OFFERED
    assert europe.get_by_role("link", name="Play this conversation").count() == 0
    assert europe.locator(".actions").first.text_content() == NOT_OFFERED  # the topic's own
    volumes = page.locator("#volumes li")
    assert volumes.filter(has_text=V25_TITLE).get_by_role("link").get_attribute("href") == (
        f"/?scenario={V25.replace(':', '%3A')}"
    )
    v39 = volumes.filter(has_text="vol. XXXIX")
    assert v39.get_by_role("link").count() == 0
    assert v39.text_content().endswith(f". {NOT_OFFERED}")

    # The scenario cleared: every link is offered again, and the note is gone.
    _set_scenario(live_server.url, token, None, code)
    page.reload()
    page.locator(f'#topics .conversation[data-document="{SEED}"]').first.wait_for()
    wait_until(page, "document.querySelectorAll('.not-offered').length === 0")
    assert _actions(page, SEED) == "Play this conversation"
    assert note.is_hidden()
    assert watched.errors == []


def test_the_record_page_offers_everything_to_a_student_of_no_scenario(live_server, open_page):
    """Practising alone, or before joining: every conversation may be played."""
    watched = open_page()
    page = watched.page
    join(page, live_server.url, "Ulrike", "")
    page.goto(live_server.url + "/record.html")
    page.locator(f'#topics .conversation[data-document="{SEED}"]').first.wait_for()
    assert _actions(page, SEED) == "Play this conversation"
    assert page.locator(".not-offered").count() == 0
    assert page.locator("#record-class").is_hidden()
    assert watched.errors == []
