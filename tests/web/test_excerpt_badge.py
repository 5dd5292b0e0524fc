"""The "excerpt" badge says what it means to everyone, not only under a mouse pointer.

Found on a walk through the student page: its meaning was in a hover tooltip (`title`) alone,
so touch, keyboard and screen-reader users met only "(excerpt)". The words now follow the
badge in the page's text, hidden from the eye, read in turn by a screen reader.
"""

from __future__ import annotations

MEANING = (
    "the copy in Backchannel stops before the document does; follow the link for the full text."
)

# What follows the first badge, and whether it is read out: rendered (not display: none), not
# hidden from assistive tech, and no tooltip needed to find it.
_AFTER = """(badge) => {
  const next = badge.nextElementSibling;
  return next && [next.textContent, next.getClientRects().length > 0,
    next.closest('[aria-hidden="true"]') === null, next.hasAttribute('title')];
}"""


def test_the_excerpt_badge_is_explained_without_hovering(live_server, open_page):
    page = open_page().page
    page.goto(live_server.url + "/record.html")
    badge = page.locator("#topics .citation .badge.excerpt").first
    badge.wait_for()
    assert badge.text_content() == "excerpt"
    assert badge.evaluate(_AFTER) == [f": {MEANING}", True, True, False]
    citation = badge.locator("xpath=..")
    assert citation.text_content().endswith(f"excerpt: {MEANING}")
