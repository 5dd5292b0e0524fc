"""Join when the server cannot be reached (stopped since the page loaded, or behind a proxy that
passes no WebSocket): the form says so and what to do. The bar that says the connection's
state is hidden until a session starts, so Join did nothing, without a word; the page goes on
trying and joins once the server answers, the words gone."""

from __future__ import annotations

import re

UNREACHABLE = (
    "The server cannot be reached; trying again… If this goes on, tell your instructor: this "
    "page loaded, but its connection to the server (a WebSocket) does not get through."
)


def test_join_says_when_the_server_cannot_be_reached(live_server, open_page):
    page = open_page().page
    blocked = [True]

    def route(ws) -> None:
        if blocked[0]:
            ws.close()  # as a proxy passing no WebSocket, or a server gone
        else:
            ws.connect_to_server()

    page.route_web_socket(re.compile(r"/ws$"), route)
    page.goto(live_server.url + "/")
    page.get_by_label("Your name").fill("Eratosthenes")
    page.get_by_label("Class code").fill(live_server.class_code)
    page.get_by_role("button", name="Join").click()

    error = page.locator("#join-error")
    error.wait_for(state="visible")  # was empty: nothing said
    assert error.text_content() == UNREACHABLE
    assert page.locator("#join").is_visible() and page.locator("#app").is_hidden()

    blocked[0] = False  # the server answers again: the page's next try joins
    page.locator("#app").wait_for(state="visible")
    assert page.locator("#session-who").text_content() == (
        f"Eratosthenes · class {live_server.class_code}"
    )
    assert page.locator("#join").is_hidden() and error.text_content() == ""
