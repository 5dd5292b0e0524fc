"""The connection's state is said in words alone: the dot before "Connected" (its colour, the
state's) was read out with it, "black circle Connected", each time the state changed, in the
status line a screen reader reads out.

The student's class is a new instructor's own (HEARDN).
"""

from __future__ import annotations

from tests.web.flows import join
from tests.web.heard import heard_text


def test_the_connection_is_said_without_its_dot(live_server, open_page, classroom):
    classroom.teacher("Prof. Zabolotnaya-Reyes", "HEARDN")
    page = open_page().page
    join(page, live_server.url, "Kaimana", "HEARDN")
    connection = page.locator("#connection", has_text="Connected")
    connection.wait_for()
    assert connection.get_attribute("role") == "status"
    assert connection.evaluate("(c) => getComputedStyle(c, '::before').content").startswith('"● "')
    assert heard_text(page, connection) == "Connected"
