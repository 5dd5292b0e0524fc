"""A page whose session another tab took over sends nothing more: what it showed of the session
stays readable, and "Continue here" takes the session back.

The page said so in a banner, but its box and buttons still worked: a line typed there waited,
never sent, under "Searching the record…", and after "Continue here" (a reload) it stood in the
restored log as said, never answered, where the server (and the instructor) had no such line.
"""

from __future__ import annotations

from tests.web.flows import NEAR_LINE, SEED_LINE, say, start_roleplay


def test_a_line_cannot_be_said_in_a_tab_whose_session_moved(live_server, browser):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    try:
        first = context.new_page()
        first.goto(live_server.url + "/")
        first.get_by_label("Your name").fill("Tove")
        first.get_by_label("Class code").fill(live_server.class_code)
        first.get_by_role("button", name="Join").click()
        start_roleplay(first)
        say(first, SEED_LINE)

        second = context.new_page()  # the same browser: it resumes the same session
        second.goto(live_server.url + "/")
        second.locator("#rp-log > li.mine").first.wait_for()
        here = first.get_by_role("button", name="Continue here")
        here.wait_for()

        first.locator("#rp-line").focus()  # refused: nothing inside the page takes focus now
        first.keyboard.type(NEAR_LINE)
        first.keyboard.press("Enter")
        assert first.locator("#rp-log > li.mine").all_text_contents() == [
            f"You, as Kissinger{SEED_LINE}"
        ]
        assert first.locator("#rp-line").input_value() == ""
        assert first.locator("#rp-status").text_content() != "Searching the record…"
        assert first.locator("#app").evaluate("(app) => app.inert") is True

        here.click()  # a reload: the session is back here, its one line and reply
        first.locator("#rp-log > li.mine").first.wait_for()
        first.locator("#connection", has_text="Connected").wait_for()
        assert first.locator("#rp-log > li.mine").count() == 1
        assert first.locator("#app").evaluate("(app) => app.inert") is False
    finally:
        context.close()
