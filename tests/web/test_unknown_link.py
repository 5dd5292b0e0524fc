"""A link to the role-play (`/?document=ID`, `/?scenario=ID`) naming what the record does not
hold: a mistyped or cut link, or one to another server's record. The page went on as if the
link had worked, nothing chosen and not a word; it now says which id, that nothing has it and
what to do, and is otherwise the page as it always is."""

from __future__ import annotations

from urllib.parse import quote

from tests.web.flows import SEED, start_roleplay, wait_until

MISSING = "frus1969-76v99/d1"
DOCUMENT_NOTE = (
    "Your link asks to play a conversation, but no conversation in the record has the id "
    "“\u2068{id}\u2069”. Choose one in the Conversation menu, or play freely; “What the record "
    "covers” lists every conversation, each with a link to play it."
)
SCOPE_NOTE = (
    "Your link asks to role-play within “\u2068{id}\u2069”, but no topic, volume or conversation "
    "of the record has that id, so nothing was chosen for you. Choose a scope in the Within "
    "menu, or keep the one it shows; “What the record covers” lists every topic, each with a "
    "link to role-play within it."
)


def _status(page) -> str:
    return page.locator("#rp-status").text_content().strip()


def test_a_link_to_a_conversation_no_one_has_says_so(live_server, open_page):
    watched = open_page()
    page = watched.page
    page.goto(f"{live_server.url}/?document={quote(MISSING, safe='')}")
    page.get_by_label("Your name").fill("Oona")
    page.get_by_label("Class code").fill(live_server.class_code)
    page.get_by_role("button", name="Join").click()
    page.locator("#app").wait_for(state="visible")
    status = page.locator("#rp-status")
    status.filter(has_text="Your link").wait_for()
    assert _status(page) == DOCUMENT_NOTE.format(id=MISSING)
    # the page as it is without a link: the whole record, free play, and Start works
    assert page.locator("#rp-scenario").input_value() == ""
    assert page.locator("#rp-document").input_value() == ""
    start_roleplay(page)
    assert _status(page).startswith("Free play: say anything Kissinger might have said")

    # A malformed id (cut short), a scope no one has, both at once: each said, in turn.
    cut = "frus1969-76v39"
    page.goto(f"{live_server.url}/?document={cut}&scenario=topic%3Awar-1937")
    status.filter(has_text="Your link").wait_for()
    assert _status(page).startswith(
        DOCUMENT_NOTE.format(id=cut) + " " + SCOPE_NOTE.format(id="topic:war-1937")
    )
    assert page.locator("#rp-scenario").input_value() == ""

    # A long id is cut, and an id of the other direction does not turn the words after it.
    odd = "\u202e" + "x" * 100
    page.goto(f"{live_server.url}/?document={quote(odd, safe='')}")
    status.filter(has_text="Your link").wait_for()
    assert _status(page).startswith(DOCUMENT_NOTE.format(id="\u202e" + "x" * 79 + "…"))

    # A link that names a conversation the record has is followed, without a word.
    page.goto(f"{live_server.url}/?document={quote(SEED, safe='')}")
    wait_until(page, f"document.querySelector('#rp-document').value === '{SEED}'")
    assert "Your link" not in _status(page)
    assert watched.errors == []


def test_a_link_to_a_document_that_is_no_conversation_says_so(live_server, open_page):
    """A document of the record that is not a conversation (a narrative record) is not on the
    Conversation menu either: the link says why."""
    narrative = next(d["id"] for d in live_server.get_json("/api/documents") if not d["dialogue"])
    watched = open_page()
    page = watched.page
    page.goto(f"{live_server.url}/?document={quote(narrative, safe='')}")
    page.get_by_label("Your name").fill("Pascal")
    page.get_by_role("button", name="Join").click()
    page.locator("#rp-status").filter(has_text="Your link").wait_for()
    assert _status(page) == (
        f"Your link asks to play a conversation, but “\u2068{narrative}\u2069” is a document of "
        "the record that is not a conversation, so it cannot be played. Choose one in the "
        "Conversation menu, or play freely; “What the record covers” lists every conversation, "
        "each with a link to play it."
    )
    assert page.locator("#rp-document").input_value() == ""
    assert watched.errors == []
