"""Importing corrections in the browser: a button like the page's others opens the file picker,
the chosen file's name is shown, and the result says how many were added, or what is wrong
with the file, where, and what to choose instead.

The class is a new instructor's own (IR180), so the other browser tests' class is untouched.
"""

from __future__ import annotations

import json

from tests.web.conftest import screenshot
from tests.web.flows import open_class, wait_for_seen

CLASS = "IR180"
LINE = "Anatoly, what does your leadership make of the incidents at sea?"
LOOKS = ("font", "color", "background-color", "border", "border-radius", "padding")


def _choose(page, path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import corrections…").click()
    chooser.value.set_files(str(path))


def test_import_corrections_is_a_labelled_button_that_says_what_came_of_the_file(
    live_server, open_page, tmp_path, classroom
):
    token = classroom.teacher("Prof. Iwu", CLASS)
    [first, *_] = live_server.get_json("/api/documents/frus1969-76v13/d63/exchanges?as=kissinger")
    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)

    # styled as the page's other buttons, the native picker out of sight
    script = "(el, keys) => keys.map(k => getComputedStyle(el).getPropertyValue(k))"
    button = page.get_by_role("button", name="Import corrections…")
    export = page.get_by_role("button", name="Export corrections")
    assert button.evaluate(script, list(LOOKS)) == export.evaluate(script, list(LOOKS))
    assert not page.locator("#corrections-import").is_visible()
    chosen = page.locator("#corrections-file")
    assert chosen.text_content() == (
        "No file chosen: a file another class’s “Export corrections” saved."
    )
    status = page.locator("#corrections-status")
    error = page.locator("#corrections-error")

    good = tmp_path / "GEO200-corrections.json"
    good.write_text(
        json.dumps(
            {
                "format": "backchannel-corrections",
                "version": 1,
                "class": "GEO200",
                "exported": "2026-12-01T10:00:00Z",
                "corrections": [
                    {
                        "line": LINE,
                        "document": first["prompt"]["document"],
                        "turn": first["prompt"]["turn"],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    _choose(page, good)
    status.filter(has_text="Imported").wait_for()
    assert status.text_content() == "Imported 1 correction from GEO200-corrections.json into IR180."
    assert chosen.text_content() == "Chosen: GEO200-corrections.json"
    assert error.text_content() == ""
    page.locator("#corrections li q", has_text=LINE).wait_for()
    _choose(page, good)
    status.filter(has_text="already").wait_for()
    assert status.text_content() == (
        "Imported 0 corrections from GEO200-corrections.json into IR180 (1 was already here)."
    )

    notes = tmp_path / "notes.txt"
    notes.write_text("lines to correct: the summit one", encoding="utf-8")
    _choose(page, notes)
    error.filter(has_text="notes.txt").wait_for()
    said = error.text_content()
    assert said.startswith("Not imported: notes.txt is not a JSON file (")
    assert said.endswith(
        "). Choose the .json file “Export corrections” saved in another class. "
        "Nothing was added to IR180."
    )
    assert status.text_content() == ""
    assert chosen.text_content() == "Chosen: notes.txt"

    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "backchannel-corrections",
                "version": 1,
                "corrections": [{"line": LINE, "document": "frus1969-76v39/d999", "turn": 0}],
            }
        ),
        encoding="utf-8",
    )
    _choose(page, bad)
    error.filter(has_text="bad.json").wait_for()
    assert error.text_content() == (
        "Not imported: bad.json: corrections[0]: No document "
        "'frus1969-76v39/d999' in the index; ids look like 'frus1969-76v39/d107' "
        "(GET /api/documents lists them). Nothing was added to IR180."
    )
    assert page.locator("#corrections li").count() == 1
    page.locator("#corrections-view").scroll_into_view_if_needed()
    screenshot(page, "instructor-import-corrections", full_page=False)
    assert watched.errors == []


def test_import_opens_the_picker_while_the_class_s_corrections_are_still_loading(
    live_server, open_page, tmp_path, classroom
):
    """The buttons were wired only once the corrections list had loaded: on a slow list a
    click on Import did nothing (CI saw no file chooser within 30 s)."""
    token = classroom.teacher("Prof. Okafor-Lind", "IR181")
    watched = open_page()
    page = watched.page
    held = []
    page.route("**/api/classes/IR181/corrections", lambda route: held.append(route))
    open_class(page, live_server.url, token, "IR181")
    wait_for_seen(page, lambda: held, "the page's request for the class's corrections")

    notes = tmp_path / "notes.txt"
    notes.write_text("not a corrections file", encoding="utf-8")
    _choose(page, notes)  # the list is still held back
    page.locator("#corrections-error", has_text="notes.txt").wait_for()
    assert page.locator("#corrections-file").text_content() == "Chosen: notes.txt"
    held[0].continue_()
    page.locator("#corrections-empty").wait_for()
    assert watched.errors == []
