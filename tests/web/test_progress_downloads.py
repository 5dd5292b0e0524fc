"""The Progress tab's two Anki downloads are one kind of control: "Download my missed items"
was a button and "Download this conversation" a link styled otherwise (another border, no
background, another height), side by side doing the same kind of thing. Both are buttons of
the page's button style now, reached with Tab, and each downloads its deck."""

from __future__ import annotations

from tests.web.flows import join

# What makes two controls look alike: each one's computed style, and its height.
_LOOK = """el => {
  const s = getComputedStyle(el);
  return [el.tagName, el.type, el.className, s.fontFamily, s.fontSize, s.fontWeight,
          s.paddingTop, s.paddingLeft, s.borderTopWidth, s.borderTopStyle, s.borderTopColor,
          s.borderRadius, s.backgroundColor, s.color, s.textDecorationLine,
          Math.round(el.getBoundingClientRect().height)];
}"""


def _progress(classroom, teacher: str, code: str, student: str, width: int = 1280):
    classroom.teacher(teacher, code)
    page = classroom.open_page(width, 900 if width > 600 else 844).page
    join(page, classroom.server.url, student, code)
    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-status", has_text="No answers yet").wait_for()
    return page


def test_the_two_deck_downloads_are_buttons_alike_reached_with_tab(classroom):
    page = _progress(classroom, "Prof. Dl531 Ferreira", "PROGDL531", "Dl531 Nils")
    missed, conversation = page.locator("#progress-missed"), page.locator("#progress-deck")
    assert [missed.text_content(), conversation.text_content()] == [
        "Download my missed items",
        "Download this conversation",
    ]
    assert missed.evaluate(_LOOK)[:3] == ["BUTTON", "button", ""]
    # alike in all but the missed deck's being off (nothing missed yet, its note says why)
    page.evaluate("document.querySelector('#progress-missed').disabled = false")
    assert conversation.evaluate(_LOOK) == missed.evaluate(_LOOK)

    # reached with Tab from the menu that chooses the conversation, and pressed with Enter
    page.locator("#progress-deck-doc").select_option("frus1969-76v39/d107")
    page.locator("#progress-deck-doc").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "progress-deck"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "frus1969-76v39-d107.apkg"
    assert download.value.path().read_bytes()[:2] == b"PK"  # a zip: the .apkg


def test_on_a_phone_the_two_are_alike_and_on_the_screen(classroom):
    page = _progress(classroom, "Prof. Dl532 Ferreira", "PROGDL532", "Dl532 Nils", width=390)
    missed, conversation = page.locator("#progress-missed"), page.locator("#progress-deck")
    page.evaluate("document.querySelector('#progress-missed').disabled = false")
    assert conversation.evaluate(_LOOK) == missed.evaluate(_LOOK)
    for control in (missed, conversation):
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
