"""A long role-play on a phone: the tabs, and through "Role-play" the conversation picker, stay
within reach at the top of the screen, and hide nothing the page brings into view."""

from __future__ import annotations

from tests.web.flows import NEAR_LINE, SEED_LINE, join, say, start_roleplay

# The tabs' box, and for each tab whether a tap at its middle lands on it (nothing over it).
_TABS = """() => {
  const bar = document.querySelector(".modes").getBoundingClientRect();
  const tabs = [...document.querySelectorAll(".mode")].map((b) => {
    const r = b.getBoundingClientRect();
    return b.contains(document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2));
  });
  return [Math.round(bar.top), Math.round(bar.bottom), tabs];
}"""
_TOP = "(e) => Math.round(e.getBoundingClientRect().top)"


def test_the_tabs_stay_at_the_top_of_a_long_role_play_on_a_phone(live_server, browser):
    """Two lines into a role-play the log was twice a phone's screen: the tabs had scrolled
    away with the conversation picker, a long swipe back up to the quiz or another
    conversation."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        join(page, live_server.url, "Leopoldine-Szabo", "")
        start_roleplay(page)
        say(page, SEED_LINE)
        say(page, NEAR_LINE)  # refused, with the recorded lines near it offered: a long entry
        assert page.evaluate("window.scrollY") > 740
        top, bottom, tabs = page.evaluate(_TABS)
        assert top == 0 and 40 <= bottom <= 74, (top, bottom)  # one row, a tenth of the screen
        assert tabs == [True, True, True]
        # the newest entry, brought into view from its top, stops under the tabs
        newest = page.locator("#rp-log > li").last
        assert bottom <= newest.evaluate(_TOP) < 740
        # the quiz and back: the box for the next line, as before
        page.get_by_role("button", name="Quiz").tap()
        page.locator("#quiz-setup").wait_for()
        page.get_by_role("button", name="Role-play").tap()
        assert page.evaluate("document.activeElement.id") == "rp-line"
        # "Role-play" pressed again: the conversation picker, under the tabs
        page.get_by_role("button", name="Role-play").tap()
        setup = page.locator("#rp-setup").evaluate(_TOP)
        assert bottom <= setup < bottom + 30, (bottom, setup)
        assert page.evaluate("document.activeElement.value") == "kissinger"
        assert page.evaluate(_TABS)[0] == 0
    finally:
        context.close()


def test_at_200_percent_text_the_tabs_scroll_with_the_page(live_server, browser):
    """At 200% text the tabs take two rows (a seventh of the screen): they stay in the page,
    as before, and cover nothing."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        join(page, live_server.url, "Leopoldine-Szabo-Large", "")
        start_roleplay(page)
        say(page, NEAR_LINE)
        newest = page.locator("#rp-log > li").last
        assert page.locator(".modes").evaluate("(e) => getComputedStyle(e).position") == "static"
        assert newest.evaluate(_TOP) == 0  # brought into view from its top, nothing over it
        assert page.evaluate(_TABS)[1] < 0
    finally:
        context.close()


# The page's "pick" messages, held while window.holdPicks is true and sent when released.
_HOLD_PICKS = """(() => {
  const send = WebSocket.prototype.send;
  const held = [];
  WebSocket.prototype.send = function (data) {
    if (window.holdPicks && JSON.parse(data).type === "pick") return void held.push([this, data]);
    return send.call(this, data);
  };
  window.releasePicks = () => {
    window.holdPicks = false;
    held.splice(0).forEach(([ws, data]) => send.call(ws, data));
  };
})()"""
_EDGES = """(e) => {
  const r = e.getBoundingClientRect();
  return [Math.round(r.top), Math.round(r.bottom)];
}"""


def test_a_line_picked_on_a_phone_says_at_once_that_its_reply_is_coming(live_server, browser):
    """A line offered after a refusal was tapped far above the box: "Finding what followed that
    line in the record…" was said under the log, out of sight (878 px down a 740-px screen),
    and nothing in view changed until the reply came."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        page.add_init_script(_HOLD_PICKS)
        join(page, live_server.url, "Anselm-Rautenberg", "")
        start_roleplay(page)
        say(page, NEAR_LINE)
        replies = page.locator("#rp-log > li:not(.mine)").count()
        page.evaluate("window.holdPicks = true")
        page.locator("#rp-log button.pick").first.tap()
        waiting = page.locator("#rp-waiting")
        assert waiting.text_content() == "Finding what followed that line in the record…"
        top, bottom = waiting.evaluate(_EDGES)
        assert top >= 0 and bottom <= 740, (top, bottom)
        assert page.locator("#rp-line").evaluate(_EDGES)[1] <= 740  # the box under it, too
        page.evaluate("window.releasePicks()")
        reply = page.locator("#rp-log > li:not(.mine)").nth(replies)
        reply.locator(".verdict").wait_for()
        assert reply.locator(".verdict").text_content() == (
            "You picked a recorded line; this is what followed it."
        )
        assert waiting.text_content() == ""
    finally:
        context.close()
