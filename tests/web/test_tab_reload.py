"""A reload shows the tab the student was on: the page came back on Role-play whatever tab was
open, Progress or the Quiz's form, and the student had to find their place again. A link from
the record page ("Back to role-play", "Play this conversation") still opens on Role-play, and a
new session starts there."""

from __future__ import annotations

from tests.web.flows import SEED, join, wait_until


def _tab(page) -> tuple[list[str], list[str]]:
    """The tab pressed, and the panels shown, once the resumed session is drawn."""
    page.locator("#app").wait_for(state="visible")
    pressed = page.locator('.mode[aria-pressed="true"]')
    shown = [p for p in ("roleplay", "quiz", "progress") if page.locator(f"#{p}").is_visible()]
    return [b.get_attribute("data-mode") for b in pressed.all()], shown


def test_a_reload_keeps_the_tab_shown(live_server, open_page):
    page = open_page().page
    join(page, live_server.url, "Ptolemy", live_server.class_code)
    assert _tab(page) == (["roleplay"], ["roleplay"])

    page.get_by_role("button", name="Progress").click()
    page.reload()
    assert _tab(page) == (["progress"], ["progress"])  # was (["roleplay"], ["roleplay"])
    assert page.locator("#progress-title").text_content() == "Your progress"

    page.get_by_role("button", name="Quiz").click()
    page.reload()
    assert _tab(page) == (["quiz"], ["quiz"])
    assert page.locator("#quiz-setup").is_visible()

    # A link followed from the record page opens on Role-play, as it says: "Back to
    # role-play", and "Play this conversation" with the conversation chosen.
    page.get_by_role("button", name="Progress").click()
    page.get_by_role("link", name="What the record covers").first.click()
    page.get_by_role("link", name="Back to role-play").click()
    assert _tab(page) == (["roleplay"], ["roleplay"])
    page.get_by_role("button", name="Quiz").click()
    page.goto(f"{live_server.url}/?document={SEED}")
    assert _tab(page) == (["roleplay"], ["roleplay"])
    wait_until(page, f"document.querySelector('#rp-document').value === '{SEED}'")


def test_a_new_session_starts_on_role_play(live_server, open_page):
    page = open_page().page
    join(page, live_server.url, "Hipparchus", live_server.class_code)
    page.get_by_role("button", name="Progress").click()
    page.get_by_role("button", name="Leave session").click()
    join(page, live_server.url, "Hipparchus", live_server.class_code)
    assert _tab(page) == (["roleplay"], ["roleplay"])
