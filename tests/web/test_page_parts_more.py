"""The instructor page's row of links to its parts says where more of them lie off the screen.
Found by a teacher's first use on a phone (390 px): the row scrolled sideways, cut at "Corr",
with nothing saying "Corrections" lay past the edge, so a teacher took "Struggles" for the last.
"""

from __future__ import annotations

from tests.web.flows import open_class, wait_until

CLASS = "EDGE52"
PHONE = (390, 844)

# The row's state: its classes, whether each arrow is shown, and how far the last link runs
# past the row's right edge (px; 0 or less: it is on the screen).
_STATE = """() => {
  const nav = document.querySelector("#page-parts");
  const shown = (part) => getComputedStyle(nav, part).visibility === "visible";
  const last = [...nav.querySelectorAll("a")].filter((a) => !a.hidden).pop();
  return {
    before: shown("::before"), after: shown("::after"),
    arrows: [getComputedStyle(nav, "::before").content, getComputedStyle(nav, "::after").content],
    past: Math.round(last.getBoundingClientRect().right - nav.getBoundingClientRect().right),
    scrolls: nav.scrollWidth > nav.clientWidth,
  };
}"""


def test_an_arrow_shows_where_the_page_s_parts_run_off_a_phone(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Edge52 Okafor", CLASS)
    page = open_page(*PHONE).page
    open_class(page, live_server.url, token, CLASS)
    nav = page.locator("#page-parts")
    assert nav.locator("a:visible").all_text_contents() == [
        "Classes",
        "Sessions",
        "Live",
        "Struggles",
        "Corrections",
    ]
    wait_until(page, "document.querySelector('#page-parts').classList.contains('more-after')")
    state = page.evaluate(_STATE)
    assert state["scrolls"] and state["past"] > 0, state
    assert state["arrows"] == ['"‹" / ""', '"›" / ""'], state
    assert (state["before"], state["after"]) == (False, True), state

    # scrolled to its end: "Corrections" on the screen, the arrow now on the left
    nav.evaluate("(n) => { n.scrollLeft = n.scrollWidth; }")
    wait_until(page, "document.querySelector('#page-parts').classList.contains('more-before')")
    state = page.evaluate(_STATE)
    assert state["past"] <= 0 and (state["before"], state["after"]) == (True, False), state

    # on a desktop every link fits: no arrow
    page.set_viewport_size({"width": 1280, "height": 900})
    wait_until(page, "!document.querySelector('#page-parts').className.includes('more')")
    state = page.evaluate(_STATE)
    assert not state["scrolls"] and (state["before"], state["after"]) == (False, False), state


# Where the focused link lies in the row: its text, and its distances from the row's left and
# right edges (px; less than the arrow's width: under the arrow, below 0: off the screen).
_FOCUSED = """() => {
  const link = document.activeElement, nav = document.querySelector("#page-parts");
  const a = link.getBoundingClientRect(), n = nav.getBoundingClientRect();
  return [link.textContent, Math.round(a.left - n.left), Math.round(n.right - a.right)];
}"""


def test_a_link_reached_with_tab_is_brought_into_the_row_s_view(live_server, open_page, classroom):
    """Tabbing along the row on a phone, "Corrections" took the focus past the screen's right
    edge (Chromium scrolled the row for it no further), unseen; and back again, "Classes"."""
    token = classroom.teacher("Prof. Tab52 Okafor", "TABS52")
    page = open_page(*PHONE).page
    open_class(page, live_server.url, token, "TABS52")
    nav = page.locator("#page-parts")
    arrow = nav.evaluate("(n) => parseFloat(getComputedStyle(n, '::after').width)")
    assert arrow == 36  # 2.25rem
    nav.get_by_role("link", name="Classes").focus()
    seen = []
    for _ in range(4):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(_FOCUSED))
    assert [s[0] for s in seen] == ["Sessions", "Live", "Struggles", "Corrections"]
    for name, left, right in seen:
        assert left >= 0 and right >= 0, (name, left, right)  # was -71 for "Corrections"
        if name != "Corrections":  # the last: the row scrolled to its end, no arrow there
            assert right >= arrow, (name, right)
    wait_until(page, "document.querySelector('#page-parts').classList.contains('more-before')")
    for _ in range(4):
        page.keyboard.press("Shift+Tab")
    name, left, right = page.evaluate(_FOCUSED)
    assert name == "Classes" and left >= 0 and right >= 0, (name, left, right)
