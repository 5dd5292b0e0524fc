"""A phone's on-screen keyboard over the role-play: it opens on a tap on the box and takes the
lower part of the screen; the box and the newest reply stay above it."""

from __future__ import annotations

from tests.web.flows import SEED_LINE, join, say, start_roleplay, wait_until

_BOX = """(e) => {
  const r = e.getBoundingClientRect();
  return [Math.round(r.top), Math.round(r.bottom)];
}"""
# Resolves two animation frames on: a resize's events are dispatched with the next frame, before
# its callbacks, so the page's resize handlers have run by then, however slow the machine.
_FRAMES_ON = "() => new Promise((on) => requestAnimationFrame(() => requestAnimationFrame(on)))"

# (the phone's screen, its height with the keyboard open, the student)
PHONES = (
    ((360, 740), 400, "Casimir-Oyelaran"),
    ((390, 844), 508, "Casimir-Oyelaran-Tall"),
)


def test_the_newest_reply_stays_above_the_on_screen_keyboard(live_server, browser):
    """The keyboard, opened by a tap on the box, covered the box and the newest reply: the page
    kept its scroll as the window one reads in shrank by the keyboard's height, and the student
    typed blind under it. Emulated here as the page resized (the viewport meta asks for it,
    interactive-widget=resizes-content) with the box focused."""
    for (width, height), typing, name in PHONES:
        context = browser.new_context(
            viewport={"width": width, "height": height}, has_touch=True, is_mobile=True
        )
        try:
            page = context.new_page()
            join(page, live_server.url, name, "")
            start_roleplay(page)
            say(page, SEED_LINE)
            say(page, "What about the conference?")
            newest = page.locator("#rp-log > li:not(.mine)").last
            page.locator("#rp-line").tap()
            assert page.evaluate("document.activeElement.id") == "rp-line"
            page.set_viewport_size({"width": width, "height": typing})  # the keyboard opens
            wait_until(page, f"window.innerHeight === {typing}")
            page.evaluate(_FRAMES_ON)  # the resize's handlers have run
            box = page.locator("#rp-line").evaluate(_BOX)
            form = page.locator("#rp-say").evaluate(_BOX)
            reply = newest.evaluate(_BOX)
            assert box[0] >= 0 and form[1] <= typing, (box, form, typing)
            assert 0 < reply[1] <= box[0], (reply, box)  # the reply's last line above the box
            assert page.evaluate("document.activeElement.id") == "rp-line"
            meta = page.locator("meta[name=viewport]").get_attribute("content")
            assert "interactive-widget=resizes-content" in meta.split(", ")
        finally:
            context.close()


def test_a_pinch_zoom_with_the_box_focused_leaves_the_page_where_it_is(live_server, browser):
    """A pinch zoom shrinks the visual viewport as the keyboard does: taken for the keyboard, it
    scrolled the page to the box from wherever the student had zoomed in to read."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        join(page, live_server.url, "Casimir-Oyelaran-Zoom", "")
        start_roleplay(page)
        say(page, SEED_LINE)
        page.locator("#rp-line").tap()
        before = page.evaluate("window.scrollY")
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setPageScaleFactor", {"pageScaleFactor": 2})
        wait_until(page, "window.visualViewport.scale === 2")
        page.evaluate(_FRAMES_ON)  # the resize's handlers have run
        assert page.evaluate("window.scrollY") == before
        assert page.evaluate("document.activeElement.id") == "rp-line"
    finally:
        context.close()
