"""Each line a "did you mean" list offers is one box, its citation inside it.

Found on a walk through the student page: the box drawn was the button alone, and the
citation under it sat outside it, nearer the next line's box than its own, so a student could
read it as the next line's.
"""

from __future__ import annotations

from tests.web.conftest import screenshot
from tests.web.flows import NEAR_LINE_2, join, say, start_roleplay

CODE = "PICKBOX34R"

# For each line offered: whether the nearest framed box (a border drawn on all four sides)
# around its citation is the line's own list item, and whether the citation lies within it.
_BOXES = """(list) => [...list.children].map((li) => {
  const cite = li.querySelector(':scope > .citation');
  const framed = (e) => ['Top', 'Right', 'Bottom', 'Left'].every(
    (side) => parseFloat(getComputedStyle(e)[`border${side}Width`]) > 0);
  let box = cite.parentElement;
  while (box && !framed(box)) box = box.parentElement;
  const c = cite.getBoundingClientRect();
  const b = box.getBoundingClientRect();
  const inside = c.top >= b.top && c.bottom <= b.bottom && c.left >= b.left && c.right <= b.right;
  return [box === li, inside];
})"""


def test_each_line_offered_holds_its_citation_in_its_own_box(classroom):
    classroom.teacher("Prof. Pickbox 34R", CODE)
    page = classroom.open_page().page
    join(page, classroom.server.url, "Pia 34R", CODE)
    start_roleplay(page)
    say(page, NEAR_LINE_2)
    picks = page.locator("#rp-log > li.no-match ul.picks").first
    assert picks.locator(":scope > li").count() == 3, "the line no longer gets three lines"
    assert picks.evaluate(_BOXES) == [[True, True]] * 3
    picks.scroll_into_view_if_needed()
    screenshot(page, "did-you-mean-boxes", full_page=False)
    # picked, the frame that marks it goes round its citation too
    picks.locator('button.pick[data-choice="1"]').click()
    page.locator("#rp-log > li.picked").first.wait_for()
    marked = picks.locator(":scope > li").nth(1)
    assert marked.evaluate("(li) => getComputedStyle(li).borderTopWidth") == "2px"
    assert picks.evaluate(_BOXES) == [[True, True]] * 3
