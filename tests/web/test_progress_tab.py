"""The Progress tab as a student sees and hears it before any quiz: its sections set apart,
its menus and its chart saying what they hold.

Faults a self-study walk-through of the student page found (session 33). Each test's class is
its own (a new instructor's, code PROGT…).
"""

from __future__ import annotations

from tests.web.flows import join, wait_for_seen, wait_until
from tests.web.heard import announced, heard_name, heard_role, heard_text, watch_announced

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


def test_an_empty_chart_is_no_figure_and_says_so(classroom):
    """Before any answer the chart's box was a figure, "Accuracy by volume over time", with
    nothing in it, and was announced as one. Now it is no figure and says nothing is charted."""
    page = _progress_tab(classroom, "Prof. Fig519 Lindqvist-Obi", "PROGT519", "Fig519 Aune")
    chart = page.locator("#progress-chart")
    assert heard_role(page, chart) != "figure"
    assert heard_name(page, chart) == ""
    assert chart.get_attribute("role") is None and chart.get_attribute("aria-label") is None
    assert page.locator("#progress-chart [role=img], #progress-chart svg").count() == 0
    assert heard_text(page, chart) == (
        "Nothing is charted yet: your answers right, volume by volume and day by day, are "
        "charted here once you have answered a quiz question."
    )


def test_copying_the_link_is_announced(classroom):
    """ "Copy the link" became "Copied": a label changed under the focus, which a screen reader
    does not announce. A polite region says it."""
    page = _progress_tab(classroom, "Prof. Copy520 Haavisto", "PROGT520", "Copy520 Wren")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    region = page.locator("#progress-carry-heard")
    assert region.get_attribute("aria-live") == "polite"
    watch_announced(page, "progress-carry-heard")
    page.get_by_role("button", name="Copy the link").click()
    page.locator("#progress-carry-copy", has_text="Copied").wait_for()
    assert announced(page) == ["Copied: your link for another computer."]
    link = page.locator("#progress-carry").input_value()
    assert link.startswith(classroom.server.url + "/#learner=")
    assert page.evaluate("navigator.clipboard.readText()") == link
    # said again on a second press: a new line in the region, not the same words left there
    page.get_by_role("button", name="Copied").click()
    wait_until(page, "window.heard.length === 2")
    assert announced(page) == ["Copied: your link for another computer."] * 2


def test_the_link_is_copied_while_the_progress_is_still_loading(classroom):
    """The box held the link only once the progress had come (GET /api/learner): a press of
    "Copy the link" before then copied an empty box, and said "Copied"."""
    classroom.teacher("Prof. Copy521 Achterberg", "PROGT521")
    page = classroom.open_page().page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    join(page, classroom.server.url, "Copy521 Idun", "PROGT521")
    held = []
    page.route(lambda url: "/api/learner?" in url, lambda route: held.append(route))
    page.get_by_role("button", name="Progress").click()
    wait_for_seen(page, lambda: held, "the page's request for the progress")
    page.get_by_role("button", name="Copy the link").click()  # the progress held back
    page.locator("#progress-carry-copy", has_text="Copied").wait_for()
    link = page.locator("#progress-carry").input_value()
    assert link.startswith(classroom.server.url + "/#learner=bcl_")
    assert page.evaluate("navigator.clipboard.readText()") == link
    held[0].continue_()
    page.locator("#progress-status", has_text="No answers yet").wait_for()
    assert page.locator("#progress-carry").input_value() == link
