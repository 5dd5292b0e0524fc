"""Adding a class on the instructor page leaves focus on the class it opened. Found by a
teacher's walk: Add class disabled its own button while the server answered, so focus fell to
the page's body and a keyboard or screen-reader user was sent back to the top of the page, away
from the class just added and the address to give its students."""

from __future__ import annotations

from tests.web.flows import open_class

FOCUSED = "[document.activeElement.id, document.activeElement.textContent]"


def test_adding_a_class_by_button_or_enter_focuses_the_class_opened(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Ferreira-T43", "FOC100")
    page = open_page().page
    open_class(page, live_server.url, token, "FOC100")

    page.get_by_label("Add a class").fill("FOC200")
    page.get_by_role("button", name="Add class").click()
    page.locator("#new-class-status", has_text="Added FOC200.").wait_for()
    page.locator("#class-title", has_text="Class FOC200").wait_for()
    assert page.evaluate(FOCUSED) == ["class-title", "Class FOC200"]

    page.get_by_label("Add a class").fill("FOC300")
    page.get_by_label("Add a class").press("Enter")
    page.locator("#new-class-status", has_text="Added FOC300.").wait_for()
    page.locator("#class-title", has_text="Class FOC300").wait_for()
    assert page.evaluate(FOCUSED) == ["class-title", "Class FOC300"]
