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


def test_the_conversation_menu_closed_names_the_volume(classroom):
    """The "whole conversation" menu, closed, shows its chosen option alone: "doc. 17 · …"
    named no volume (it was in the option's group, seen only with the menu open). Each option
    names it as the citations do, "vol. XII, doc. 188"."""
    page = _progress_tab(classroom, "Prof. Vol518 Achterberg", "PROGT518", "Vol518 Imre")
    menu = page.locator("#progress-deck-doc")
    options = menu.locator("option").evaluate_all(
        "os => os.map(o => [o.value, o.parentElement.label, o.text])"
    )
    assert options
    for value, group, text in options:
        volume = group.split(",")[0]  # "vol. XII, Soviet Union, …"
        assert text.startswith(f"{volume}, doc. {value.split('/d')[1]} · ")
    shown = menu.evaluate("m => m.options[m.selectedIndex].text")
    assert shown == options[0][2]
    assert shown.startswith("vol. XII, doc. ")
