"""The student page on a phone with its text at 200%, as a student who needs it sets it.

Two ways to get there, both measured: the page zoomed to 200% on a 360-pixel phone, which
lays it out in 180 CSS pixels (``ZOOMED``), and the browser's text size doubled (32 px, the
setting Chromium's Page.setFontSizes sets) on the phone's own 360 (``LARGE_TEXT``). Whatever
the student must read or tap stays inside the screen; the page never scrolls sideways.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.web.flows import (
    NEAR_LINE,
    SEED_LINE,
    join,
    say,
    start_quiz,
    start_roleplay,
)

ZOOMED = (180, 370)
PHONE = (360, 740)

# Each element matching the selector that is drawn: its words and its left and right edges.
_EDGES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((e) => e.getClientRects().length)
  .map((e) => {
    const r = e.getBoundingClientRect();
    return [e.textContent.trim().replace(/\\s+/g, " "), Math.round(r.left), Math.round(r.right)];
  })"""


def _phone(open_page, size: tuple[int, int], *, large_text: bool = False):
    """A page of ``size``; with ``large_text``, the browser's text size set to 32 px."""
    page = open_page(*size).page
    if large_text:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    return page


def _assert_on_screen(page, selector: str) -> list:
    """Every drawn ``selector`` lies within the viewport's width, and the page is no wider."""
    width = page.viewport_size["width"]
    edges = page.evaluate(_EDGES, selector)
    assert edges, f"nothing drawn matches {selector}"
    off = [e for e in edges if e[1] < 0 or e[2] > width]
    assert off == [], f"{selector} off a {width}-pixel screen: {off}"
    assert page.evaluate("document.documentElement.scrollWidth") == width
    return edges


def test_the_three_tabs_stay_on_the_screen_at_200_percent(live_server, open_page):
    for size, large, name in ((ZOOMED, False, "Thibodeaux"), (PHONE, True, "Nakagawa-Lund")):
        page = _phone(open_page, size, large_text=large)
        join(page, live_server.url, name, "")
        tabs = _assert_on_screen(page, ".mode")
        assert [t[0] for t in tabs] == ["Role-play", "Quiz", "Progress"]
        page.get_by_role("button", name="Progress").click()
        page.locator("#progress-title").wait_for()


def test_a_quiz_answer_and_the_progress_counts_stay_on_the_screen_at_200_percent(
    live_server, open_page
):
    page = _phone(open_page, ZOOMED)
    join(page, live_server.url, "Ekwueme-Strand", "")
    start_quiz(page, "Who said it?", 1)
    page.locator("#quiz-choices .choice").first.click()
    page.locator("#quiz-feedback .verdict").wait_for()
    notes = _assert_on_screen(page, ".choice, .choice .key, .choice .text, .choice .note")
    assert "Your answer" in " ".join(n[0] for n in notes)
    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-seen", has_text="1").wait_for()
    counts = _assert_on_screen(page, ".counts > div")
    # "Due for review" is 1 or 0 as the answer was wrong or right (due again in 10 minutes)
    assert [counts[0][0], counts[2][0]] == ["Learned0", "Items answered1"]


def test_the_page_s_own_words_follow_the_browser_s_text_size(live_server, open_page):
    """Its body was set in pixels: at a text size of 32 px the headings, buttons and help
    doubled, while the labels, the boxes one types in and the progress line stayed at 16."""
    page = _phone(open_page, PHONE, large_text=True)
    page.goto(live_server.url + "/")
    size = "(s) => getComputedStyle(document.querySelector(s)).fontSize"
    assert [page.evaluate(size, s) for s in ("label[for=join-name]", "#join-name")] == [
        "32px",
        "32px",
    ]
    join(page, live_server.url, "Solveig-Arrano", "")
    page.get_by_role("button", name="Progress").click()
    page.locator("#progress-status", has_text="No answers yet").wait_for()
    assert page.evaluate(size, "#progress-status") == "32px"
    assert page.evaluate(size, ".counts dd") == "57.6px"  # 1.8rem, as before
    _assert_on_screen(page, ".mode, .counts > div, #progress-carry, #progress-carry-copy")


# Each control drawn that a finger taps, smaller than TAP pixels either way: the radio buttons
# by their labels (a tap on the words picks one), links set in running text left out.
TAP = 44
_SMALL_TAPS = """(least) => [...document.querySelectorAll(
    "button, select, textarea, input:not([type=radio]), .choice-row label, " +
    "details > summary")]
  .filter((e) => e.getClientRects().length)
  .map((e) => [e.id || e.textContent.trim().replace(/\\s+/g, " ").slice(0, 40),
               Math.round(e.getBoundingClientRect().width),
               Math.round(e.getBoundingClientRect().height)])
  .filter(([, w, h]) => w < least || h < least)"""


def test_what_a_finger_taps_is_44_pixels_or_more_on_a_touch_screen(live_server, browser):
    """Buttons, boxes and menus were 40 pixels high, the radio buttons' rows 36, "Leave
    session" and "Show in the original conversation" 26: under the 44 a fingertip needs."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert page.evaluate(_SMALL_TAPS, TAP) == []
        join(page, live_server.url, "Radomir-Okafor", "")
        start_roleplay(page)
        say(page, SEED_LINE)
        page.get_by_role("button", name="Show in the original conversation").wait_for()
        say(page, NEAR_LINE)
        page.locator("#rp-log button.pick").first.wait_for()
        assert page.evaluate(_SMALL_TAPS, TAP) == []
        for tab, shown in (("Quiz", "#quiz-setup"), ("Progress", "#progress-carry")):
            page.get_by_role("button", name=tab).tap()
            page.locator(shown).wait_for()
            assert page.evaluate(_SMALL_TAPS, TAP) == [], tab
    finally:
        context.close()


_BOX_AND_BUTTON = """() => [document.querySelector('#rp-line'),
  document.querySelector('#rp-say button[type=submit]')].map((e) => {
    const r = e.getBoundingClientRect();
    return [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)];
  })"""


def test_say_it_sits_beside_the_box_on_a_phone(live_server, open_page):
    """On a phone "Say it" stood under the box, where the keyboard, open while one types,
    covers it; the keyboard's Enter key (which sends) was labelled as a new line."""
    page = _phone(open_page, PHONE)
    join(page, live_server.url, "Ottoline-Baptiste", "")
    start_roleplay(page)
    assert page.locator("#rp-line").get_attribute("enterkeyhint") == "send"
    box, button = page.evaluate(_BOX_AND_BUTTON)
    assert button[1] == box[1] and button[3] == box[3], (box, button)  # the same row
    assert box[2] < button[0] and button[2] <= 360, (box, button)
    # Too narrow for both (200% on that phone): the button goes under the box, on the screen.
    page.set_viewport_size({"width": ZOOMED[0], "height": ZOOMED[1]})
    box, button = page.evaluate(_BOX_AND_BUTTON)
    assert button[1] > box[3] and box[2] <= 180 and button[2] <= 180, (box, button)
    assert page.evaluate("document.documentElement.scrollWidth") == 180


_BACKGROUND = "(e) => getComputedStyle(e).backgroundColor"


def _hovered(page, selector: str) -> None:
    """Hold ``selector`` in ``:hover``, as the finger's point leaves a tapped button on a touch
    screen. Forced through DevTools rather than waited for: once the reply scrolls into view,
    the point may no longer rest on the button, and whether it still does depends on timing."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": ["hover"]})
    assert page.evaluate(f"document.querySelector({selector!r}).matches(':hover')")


def test_a_tapped_button_takes_back_its_colour_on_a_touch_screen(live_server, browser):
    """A tap leaves the finger's point "hovering" until the next tap: "Say it" stayed in its
    darker hover colour after the reply came, as if still held down, and "Copy the link" in
    its pink."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    try:
        page = context.new_page()
        join(page, live_server.url, "Perpetua-Osei", "")
        start_roleplay(page)
        page.locator("#rp-line").fill("hello anatol")
        send = page.locator("#rp-say").get_by_role("button", name="Say it")
        send.tap()
        page.locator("#rp-log > li:not(.mine)").first.wait_for()
        _hovered(page, "#rp-say button[type=submit]")
        assert send.evaluate(_BACKGROUND) == "rgb(122, 35, 24)"  # --accent, as before the tap
        page.get_by_role("button", name="Progress").tap()
        copy = page.locator("#progress-carry-copy")  # by id: the tap renames it "Copied"
        assert copy.text_content() == "Copy the link"
        copy.tap()
        _hovered(page, "#progress-carry-copy")
        assert copy.evaluate(_BACKGROUND) == "rgb(255, 253, 248)"  # --card
    finally:
        context.close()


# The page's messages to the server, a "say" held while window.holdSays is true and sent when
# released: a reply pending for as long as the test looks at the page.
_HOLD_SAYS = """(() => {
  const send = WebSocket.prototype.send;
  const held = [];
  WebSocket.prototype.send = function (data) {
    if (window.holdSays && JSON.parse(data).type === "say") return void held.push([this, data]);
    return send.call(this, data);
  };
  window.releaseSays = () => {
    window.holdSays = false;
    held.splice(0).forEach(([ws, data]) => send.call(ws, data));
  };
})()"""

_BOX = """(e) => {
  const r = e.getBoundingClientRect();
  return [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)];
}"""


def test_searching_the_record_is_shown_under_the_newest_line_on_a_phone(live_server, browser):
    """While a reply was pending, "Searching the record…" stood above the log, out of view
    on a phone: the student saw their own line and a dimmed "Say it", nothing more."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    try:
        page = context.new_page()
        page.add_init_script(_HOLD_SAYS)
        join(page, live_server.url, "Wilhelmina-Adebayo", "")
        start_roleplay(page)
        say(page, SEED_LINE)  # a first line and its reply: the log is longer than the screen
        replies = page.locator("#rp-log > li:not(.mine)").count()
        page.evaluate("window.holdSays = true")
        page.locator("#rp-line").fill(NEAR_LINE)
        page.locator("#rp-say").get_by_role("button", name="Say it").tap()
        page.locator("#rp-log > li.mine").nth(1).wait_for()
        waiting = page.get_by_role("status").filter(has_text="Searching the record…")
        assert waiting.count() == 1  # said once, politely
        assert waiting.get_attribute("role") == "status"
        box = waiting.evaluate(_BOX)
        newest = page.locator("#rp-log > li.mine").last.evaluate(_BOX)
        assert box[1] >= 0 and box[3] <= 740 and box[0] >= 0 and box[2] <= 360, box
        assert box[1] >= newest[3], (newest, box)  # under the newest line, where one looks
        page.evaluate("window.releaseSays()")
        page.locator("#rp-log > li:not(.mine)").nth(replies).wait_for()
        assert page.locator("#rp-waiting").text_content() == ""
    finally:
        context.close()


def test_keyboard_help_is_shown_only_where_there_is_a_mouse(live_server, browser):
    """A phone showed "Enter sends; Shift+Enter starts a new line." (its keyboard has no
    Shift+Enter) and "Tab to a choice and press Enter, or press its letter." (its quiz is
    tapped). A laptop shows both; on either they stay the box's and the choices' description."""
    line_help = "Enter sends; Shift+Enter starts a new line."
    quiz_help = "Tab to a choice and press Enter, or press its letter."
    for touch, name in ((True, "Gwendolyn-Achterberg"), (False, "Gwendolyn-Achterberg-Desk")):
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, has_touch=touch, is_mobile=touch
        )
        try:
            page = context.new_page()
            join(page, live_server.url, name, "")
            start_roleplay(page)
            assert page.locator("#rp-line-help").text_content() == line_help
            assert page.locator("#rp-line-help").is_visible() is not touch, touch
            expect(page.locator("#rp-line")).to_have_accessible_description(line_help)
            start_quiz(page, "Who said it?", 1)
            page.locator("#quiz-choices .choice").first.wait_for()
            assert page.locator("#quiz-keys").text_content() == quiz_help
            assert page.locator("#quiz-keys").is_visible() is not touch, touch
            expect(page.locator("#quiz-choices")).to_have_accessible_description(quiz_help)
        finally:
            context.close()
