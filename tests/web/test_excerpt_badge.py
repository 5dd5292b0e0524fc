"""The "excerpt" badge says what it means to everyone, not only under a mouse pointer.

Its meaning was in a hover tooltip (`title`), then also in words hidden from the eye: a sighted
reader on a phone or a tablet, who cannot hover, still met only "(excerpt)". The badge is a
disclosure button now: a tap, a click or a key shows the meaning in words beside it, and the
button says whether they are shown (aria-expanded). Read once: no tooltip repeats the words,
and closed, they are not read at all.
"""

from __future__ import annotations

from tests.web.flows import tab_to

MEANING = (
    "The copy in Backchannel stops before the document does; follow the link for the full text."
)
BADGE = "#topics .citation .badge.excerpt"

# The first badge's button (null when it is not in one), its state, the words it controls and
# whether they are drawn, and every tooltip in the citation.
_STATE = """(badge) => {
  const button = badge.closest('button');
  if (!button) return null;
  const words = document.getElementById(button.getAttribute('aria-controls'));
  return {
    expanded: button.getAttribute('aria-expanded'),
    words: words && words.textContent,
    drawn: Boolean(words && words.getClientRects().length),
    tooltips: [...badge.closest('.citation').querySelectorAll('[title]')]
      .filter((e) => e.closest('button') || e.classList.contains('excerpt-meaning')).length,
  };
}"""


def _citation_heard(page) -> str:
    """The first excerpt's citation as the accessibility tree gives it (what is read out)."""
    return page.locator(BADGE).first.locator("xpath=ancestor::p[1]").aria_snapshot()


def test_the_excerpt_badge_opens_its_meaning_from_the_keyboard(live_server, open_page):
    page = open_page().page
    page.goto(live_server.url + "/record.html")
    badge = page.locator(BADGE).first
    badge.wait_for()
    assert badge.text_content() == "excerpt"
    # before: None, a bare <span> with a tooltip and words hidden from the eye
    assert badge.evaluate(_STATE) == {
        "expanded": "false",
        "words": MEANING,
        "drawn": False,
        "tooltips": 0,
    }
    assert MEANING not in _citation_heard(page)  # closed: not read either

    tab_to(page, "button.excerpt-toggle")
    page.keyboard.press("Enter")
    assert badge.evaluate(_STATE)["expanded"] == "true"
    assert badge.evaluate(_STATE)["drawn"]
    heard = _citation_heard(page)
    assert heard.count(MEANING) == 1, heard  # once: no tooltip nor hidden copy says it again
    assert 'button "(excerpt)" [expanded]' in heard

    page.keyboard.press("Space")
    assert badge.evaluate(_STATE)["expanded"] == "false"
    assert not badge.evaluate(_STATE)["drawn"]


def test_the_excerpt_badge_opens_its_meaning_with_a_tap(live_server, browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + "/record.html")
        badge = page.locator(BADGE).first
        badge.wait_for()
        badge.scroll_into_view_if_needed()
        badge.tap()
        state = badge.evaluate(_STATE)
        assert state is not None, "the badge is no button: a tap does nothing"
        assert (state["expanded"], state["drawn"]) == ("true", True)
        words = page.locator(".excerpt-meaning").first
        assert words.is_visible() and words.text_content() == MEANING
        # a fingertip's height, as every button on a touch screen
        height = badge.evaluate("(b) => b.closest('button').getBoundingClientRect().height")
        assert height >= 44
    finally:
        context.close()
