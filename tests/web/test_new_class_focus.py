"""Adding a class on the instructor page leaves focus on the class it opened, and the form ready
for the next. Found by a teacher's walk: Add class disabled its own button while the server
answered, so focus fell to the page's body and a keyboard or screen-reader user was sent back to
the top of the page, away from the class just added and the address to give its students.

Then found by CI under load: the button stayed disabled until the added class's sessions had
loaded, and Enter in a form whose button is disabled does nothing, so a second code typed while
the first class loaded was silently not added. And a class's views loaded slowly were drawn
under the title of the class the teacher had opened since (its students in another's table).
Signing in, a teacher meets the class taught last, not the alphabetically first."""

from __future__ import annotations

import re

from tests.web.flows import open_class, wait_for_seen

FOCUSED = "[document.activeElement.id, document.activeElement.textContent]"
SESSIONS = re.compile(r"/api/classes/FOC(900|200)/sessions$")
LISTED = (
    "[...document.querySelectorAll('#classes button')].map((b) => [b.textContent, b.ariaPressed])"
)
ROWS = "[...document.querySelectorAll('#sessions tbody tr')].map((tr) => tr.textContent)"


def _release(page, route) -> None:
    """Let a held request go, and give the page the time to draw what it brings."""
    with page.expect_response(route.request.url) as answered:
        route.continue_()
    answered.value.finished()
    page.wait_for_timeout(300)


def test_adding_a_class_by_button_or_enter_focuses_the_class_opened(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Ferreira-T43", "FOC900")
    classroom.student("Foc Student-T44", "FOC900", "Good morning, Anatoly.")
    page = open_page().page
    held = []  # the sessions of FOC900 and FOC200, held back as a slow network would
    page.route(SESSIONS, lambda r: held.append(r))
    open_class(page, live_server.url, token, "FOC900")

    page.get_by_label("Add a class").fill("FOC200")
    page.get_by_role("button", name="Add class").click()
    page.locator("#new-class-status", has_text="Added FOC200.").wait_for()
    page.locator("#class-title", has_text="Class FOC200").wait_for()
    assert page.evaluate(FOCUSED) == ["class-title", "Class FOC200"]

    # FOC200's sessions are still loading: Enter adds the next class all the same
    page.get_by_label("Add a class").fill("FOC300")
    page.get_by_label("Add a class").press("Enter")
    page.locator("#new-class-status", has_text="Added FOC300.").wait_for()
    page.locator("#class-title", has_text="Class FOC300").wait_for()
    assert page.evaluate(FOCUSED) == ["class-title", "Class FOC300"]
    page.locator("#sessions-empty").wait_for()

    # FOC900's sessions come in late: its student is not listed under FOC300
    assert len(held) == 2
    for route in held:
        _release(page, route)
        assert page.evaluate(ROWS) == [], route.request.url
        assert page.locator("#sessions-caption").text_content().startswith("0 sessions")
    page.unroute(SESSIONS)
    assert page.locator("#class-title").text_content() == "Class FOC300"

    # nor what FOC900 struggled with, opened and left while it loaded
    late = []
    page.route("**/api/classes/FOC900/struggles", lambda r: late.append(r))
    page.locator("#classes button", has_text="FOC900").click()
    page.locator("#sessions tbody tr", has_text="Foc Student-T44").wait_for()
    wait_for_seen(page, lambda: late, "the page's request for FOC900's struggles")
    page.locator("#classes button", has_text="FOC300").click()
    page.locator("#progress-chart", has_text="No student has played yet.").wait_for()
    assert len(late) == 1
    _release(page, late[0])
    assert page.locator("#progress-chart").text_content() == "No student has played yet."
    assert page.evaluate(ROWS) == []

    # signing in again later opens the class taught last, not the alphabetically first
    again = open_page().page
    open_class(again, live_server.url, token, "FOC900")
    assert again.evaluate(LISTED) == [
        ["FOC200 · 0 students · 0 sessions", "false"],
        ["FOC300 · 0 students · 0 sessions", "false"],
        ["FOC900 · 1 student · 1 session", "true"],
    ]
