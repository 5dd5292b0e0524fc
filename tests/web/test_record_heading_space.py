"""On What the record covers, the first heading stands apart from the note above it. Found by a
first-use audit: "Topics and crises" sat against the note's last line (no space between them:
the note's margin below and the heading's above were both 0), so it read as part of the note,
nearer it than what it heads."""

from __future__ import annotations

import pytest

# Where the note ends, and the heading and what it heads begin (px from the page's top).
_PLACES = """() => [
  document.querySelector("#record-note").getBoundingClientRect().bottom,
  document.querySelector("#topics-title").getBoundingClientRect().top,
  document.querySelector("#topics-title").getBoundingClientRect().bottom,
  document.querySelector("#topics-toc-note").getBoundingClientRect().top,
].map(Math.round)"""


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)])
def test_the_first_heading_stands_apart_from_the_note_above(live_server, open_page, size):
    page = open_page(*size).page
    page.goto(live_server.url + "/record.html")
    page.locator("#topics-toc li").first.wait_for()
    note_end, heading_top, heading_end, toc_top = page.evaluate(_PLACES)
    above, below = heading_top - note_end, toc_top - heading_end
    assert above == 24, (above, below)  # 1.5rem; was 0
    assert above > below  # nearer what it heads than the note above it
