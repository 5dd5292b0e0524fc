"""The instructor page at 200% on a phone (390×844 zoomed, laid out in 195 CSS pixels): its
parts reachable from wherever the teacher has scrolled, and no word of the correction form
broken in two ("Kissinger’" over "s"). The classes are the tests' own (ZOOM535, ZOOM536)."""

from __future__ import annotations

from tests.web.conftest import screenshot
from tests.web.flows import SEED_LINE, open_class, wait_until

ZOOMED = (195, 422)

# Each word drawn inside the selector's elements on more than one line though it fits on one of
# its block's (a word wider than the whole line must break): the word, its width and the
# line's. A line may end after a dash ("minute—" over "what"): words are told apart there too.
_BROKEN = """(selector) => {
  const broken = [];
  for (const root of document.querySelectorAll(selector)) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const node = walk.currentNode;
      if (!node.parentElement.getClientRects().length) continue;
      let block = node.parentElement;
      while (getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
      const pad = getComputedStyle(block);
      const line = block.clientWidth - parseFloat(pad.paddingLeft) - parseFloat(pad.paddingRight);
      for (const word of node.textContent.matchAll(/[^\\s\u2013\u2014-]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const width = rects.reduce((sum, r) => sum + r.width, 0);
        if (new Set(rects.map((r) => Math.round(r.top))).size > 1 && width <= line) {
          broken.push([word[0], Math.round(width), Math.round(line)]);
        }
      }
    }
  }
  return broken;
}"""


def _transcript_of(page, live_server, classroom, code: str, teacher: str, student: str):
    """``student`` says the seed's line; the teacher opens the class at 200% on a phone and
    the student's transcript: its card."""
    token = classroom.teacher(teacher, code)
    classroom.student(student, code, SEED_LINE)
    page.set_viewport_size({"width": ZOOMED[0], "height": ZOOMED[1]})
    open_class(page, live_server.url, token, code)
    page.locator("#sessions tbody tr", has_text=student).get_by_role("button").click()
    card = page.locator('#transcript li[data-kind="exchange"]')
    card.wait_for()
    return card


def test_no_word_of_the_correction_form_is_broken_at_200_percent(live_server, open_page, classroom):
    watched = open_page()
    page = watched.page
    card = _transcript_of(page, live_server, classroom, "ZOOM535", "Prof. Zoom535 Varga", "Zsofia")
    card.get_by_role("button", name="Mark this match wrong").click()
    form = card.locator("form.correction")
    # the form whole: its lines offered, and the conversations' menu filled once they came
    form.locator(".fix-choice").first.wait_for()
    form.locator(".fix-document option").nth(1).wait_for(state="attached")
    screenshot(page, "instructor-correction-zoomed")
    broken = page.evaluate(_BROKEN, "form.correction")
    assert broken == [], broken
    assert (
        form.locator("legend")
        .first.text_content()
        .startswith("Which recorded line did the student mean? (Kissinger’s lines")
    )
    assert page.evaluate("document.documentElement.scrollWidth") == ZOOMED[0]
    assert watched.errors == []


# Where a part's heading and the row of links are on the screen: [top, bottom] of each.
_PLACES = """(id) => [document.getElementById(id), document.getElementById("page-parts")]
  .map((e) => e.getBoundingClientRect()).map((r) => [Math.round(r.top), Math.round(r.bottom)])"""


def test_the_page_s_parts_stay_in_reach_at_200_percent(live_server, open_page, classroom):
    """Scrolled down a transcript, the way to the classes, the sessions or the corrections was
    back up the whole page: now a row of links stays at the top, one row high, and each takes
    the teacher to its part without closing the transcript."""
    watched = open_page()
    page = watched.page
    _transcript_of(page, live_server, classroom, "ZOOM536", "Prof. Zoom536 Lindqvist", "Zbigniew")
    address = page.evaluate("location.hash")
    assert address.startswith("#session=")
    nav = page.locator("#page-parts")
    shown = nav.locator("a:visible").all_text_contents()
    assert shown == ["Classes", "Sessions", "Live", "Transcript", "Struggles", "Corrections"]
    page.evaluate("scrollTo(0, document.documentElement.scrollHeight)")
    top, bottom = nav.evaluate(
        "(n) => [n.getBoundingClientRect().top, n.getBoundingClientRect().bottom]"
    )
    assert top == 0 and bottom <= ZOOMED[1] / 8, (top, bottom)
    for link, heading in (("Classes", "classes-title"), ("Corrections", "corrections-title")):
        nav.get_by_role("link", name=link).click()
        wait_until(page, f"document.activeElement.id === '{heading}'")
        (h_top, h_bottom), (n_top, n_bottom) = page.evaluate(_PLACES, heading)
        assert n_top == 0 and n_bottom <= h_top and h_bottom <= ZOOMED[1], (link, h_top, n_bottom)
    assert page.evaluate("location.hash") == address  # the transcript is still what is shown
    assert page.locator("#session-view").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == ZOOMED[0]
    screenshot(page, "instructor-parts-zoomed", full_page=False)
    assert watched.errors == []
