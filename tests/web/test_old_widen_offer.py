"""A refusal within a scenario offers to ask the line of the whole record ("Ask the whole record
instead"). Once the student has moved past it, that offer closes as the refusal's "did you mean"
lines do (log-entries.js expireOffers): disabled, with a note saying why. It stayed live in the
history while the lines beside it were greyed out, and a click on an old one asked again a line
the student had left behind."""

from __future__ import annotations

from tests.web.flows import SEED_LINE, say, wait_until

V25 = "volume:frus1969-76v25"
# Kissinger's turn 4 of the seed, in a student's words: outside the volume too
BREZHNEV = "Don't pull any of those Brezhnev tricks on me, I never said a word about February."
EARLIER = (
    "This was offered for an earlier line of yours; only the latest reply’s offer can be taken up."
)
ENDED = "This can no longer be asked: the role-play it was offered in has ended."
PICKS_EARLIER = (
    "These lines were offered for an earlier line of yours; only the latest reply’s can be picked."
)


def _widen_states(page) -> list[list]:
    """Each refusal's "Ask … instead" in the log, in order: disabled or not, and the note after
    its paragraph ("" for none)."""
    return page.locator("#rp-log > li.no-match").evaluate_all(
        """items => items.map((li) => {
          const button = li.querySelector("button.widen");
          const note = li.querySelector(".widen-expired");
          return [button ? button.disabled : null, note ? note.textContent : ""];
        })"""
    )


def test_an_old_refusals_ask_the_whole_record_closes_with_its_lines(live_server, open_page):
    watched = open_page()
    page = watched.page
    page.goto(live_server.url + "/")
    page.get_by_label("Your name").fill("Widen Olderby")  # practising alone: no class
    page.get_by_role("button", name="Join").click()
    page.locator("#app").wait_for(state="visible")
    wait_until(page, "document.querySelectorAll('#rp-scenario option').length > 1")
    page.locator("#rp-scenario").select_option(V25)
    page.locator("#rp-setup").get_by_role("button", name="Start").click()
    page.locator("#rp-say").wait_for(state="visible")

    say(page, SEED_LINE)  # outside the volume: refused, and offered the whole record
    say(page, BREZHNEV)  # refused too: the first refusal is now behind the student
    assert page.locator("#rp-log > li.no-match").count() == 2
    assert _widen_states(page) == [[True, EARLIER], [False, ""]]
    first = page.locator("#rp-log > li.no-match").first
    # the same as its lines to pick, if it offered any
    if first.locator("ul.picks").count():
        assert first.locator(".picks-expired").text_content() == PICKS_EARLIER
    # seen as closed: no longer drawn as a link
    old = first.locator("button.widen")
    assert old.evaluate("b => getComputedStyle(b).textDecorationLine") == "none"

    # A reload draws the log again as it was: the old offer still closed, the latest open.
    page.reload()
    page.locator("#rp-log > li.no-match").nth(1).wait_for()
    assert _widen_states(page) == [[True, EARLIER], [False, ""]]

    # A quiz ends the role-play, and the latest offer with it, as its lines.
    page.get_by_role("button", name="Quiz").click()
    page.get_by_role("button", name="Start quiz").click()
    page.locator("#quiz-question").wait_for(state="visible")
    page.get_by_role("button", name="Role-play").click()
    page.locator("#rp-log > li.no-match").nth(1).locator(".widen-expired").wait_for()
    assert _widen_states(page) == [[True, EARLIER], [True, ENDED]]
    assert watched.errors == []
