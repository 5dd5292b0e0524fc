"""A session's row a teacher has tabbed to keeps the focus while the class's live refreshes draw
the sessions table again with other rows: a new student's row above it, another row moving
past it as the order changes. The table is drawn anew on each refresh that brings something
(web/js/instructor-sessions-table.js); the focus went to the page's body with the button it
was on, and a teacher reading the rows with the keyboard or a screen reader lost their place
(4132ac4 kept it when the rows stayed the same). Then it was put on the new row's button, which
a screen reader announces afresh on every redraw: the rows drawn are now kept and changed in
place, so the focus never moves (the button is the same element, and no focus event comes).
The class is the test's own (FOC470).
"""

from __future__ import annotations

import json

from tests.web.flows import (
    NEAR_LINE,
    NEAR_LINE_2,
    SEED_LINE,
    join,
    open_class,
    say,
    start_roleplay,
    tab_to,
    wait_until,
)

CLASS = "FOC470"
NAMES = "[...document.querySelectorAll('#sessions tbody tr')].map((tr) => tr.cells[0].textContent)"
FOCUSED = "document.activeElement.closest('#sessions tbody tr[data-session]')?.dataset.session"
# The focused button kept as it was, and the focus events in the table counted from then on.
KEEP = """() => {
  window.keptButton = document.activeElement;
  window.focusMoves = 0;
  if (!window.countingFocus) {
    window.countingFocus = true;
    document.querySelector('#sessions').addEventListener('focusin', () => window.focusMoves++);
  }
}"""
STILL = "document.activeElement === window.keptButton && window.focusMoves === 0"


def _rows_are(page, names: list[str]) -> None:
    wait_until(
        page, f"JSON.stringify({NAMES}) === {json.dumps(json.dumps(names, separators=(',', ':')))}"
    )


def test_a_row_keeps_the_focus_as_rows_come_and_move_past_it(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Vasquez-Lindgren", CLASS)
    classroom.student("Anneliese", CLASS, SEED_LINE, NEAR_LINE)
    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    page.locator("#live-state", has_text="following your classes").wait_for()
    _rows_are(page, ["Anneliese"])
    first = page.locator("#sessions tbody tr").first.get_attribute("data-session")
    tab_to(page, "#sessions tbody button")
    assert page.evaluate(FOCUSED) == first
    page.evaluate(KEEP)

    # a new student joins: their row is drawn above (newest first), the focus stays
    other = open_page().page
    join(other, live_server.url, "Bartholomew", CLASS)
    start_roleplay(other)
    _rows_are(page, ["Bartholomew", "Anneliese"])
    assert page.evaluate(FOCUSED) == first
    assert page.evaluate("document.activeElement.textContent") == "Anneliese"
    assert page.evaluate(STILL)

    # sorted by lines, most first: Anneliese's two lines above none
    page.locator('#sessions th[data-key="lines"] button').click()
    _rows_are(page, ["Anneliese", "Bartholomew"])
    page.locator("#sessions tbody button", has_text="Anneliese").focus()
    page.evaluate(KEEP)
    # the other student's third line takes their row past hers: the focus goes with her row
    for line in (SEED_LINE, NEAR_LINE, NEAR_LINE_2):
        say(other, line)
    _rows_are(page, ["Bartholomew", "Anneliese"])
    assert page.evaluate(FOCUSED) == first
    assert page.evaluate("document.activeElement.textContent") == "Anneliese"
    assert page.evaluate(STILL)
    page.keyboard.press("Enter")
    page.locator("#session-title", has_text="Transcript: Anneliese").wait_for()
    assert watched.errors == []
