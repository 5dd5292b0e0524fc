"""The Progress tab as a student sees and hears it before any quiz: its sections set apart,
its menus and its chart saying what they hold.

Faults a self-study walk-through of the student page found (session 33). Each test's class is
its own (a new instructor's, code PROGT…).
"""

from __future__ import annotations

from tests.web.flows import join

# The vertical gap between two elements' boxes, in CSS pixels: the second's top less the
# first's bottom.
_GAP = """([a, b]) => document.querySelector(b).getBoundingClientRect().top
  - document.querySelector(a).getBoundingClientRect().bottom"""


def _progress_tab(classroom, teacher: str, code: str, student: str):
    """A new student's page of class ``code`` (a new teacher's), on the Progress tab, loaded."""
    classroom.teacher(teacher, code)
    page = classroom.open_page().page
    join(page, classroom.server.url, student, code)
    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-status", has_text="No answers yet").wait_for()
    return page


def test_the_anki_note_is_set_apart_from_the_next_menu(classroom):
    """ "Nothing to download now" sat against the label of the menu under it ("A whole
    conversation"), 0 px apart; the note for another computer is 16 px from its row."""
    page = _progress_tab(classroom, "Prof. Gap517 Oyelaran", "PROGT517", "Gap517 Tove")
    assert page.locator("#progress-missed-help").text_content().startswith("Nothing to download")
    label = 'label[for="progress-deck-doc"]'
    gap = page.evaluate(_GAP, ["#progress-missed-help", label])
    sibling = page.evaluate(_GAP, ["#progress-carry-help", ".carry"])
    assert gap > 0
    assert gap == sibling
