"""Undo in the corrections list says what it undid and keeps focus on the list. Found by a
teacher's walk: the Undo button went with its item, focus fell to the page's body (a keyboard
user was sent back to the top of the page) and nothing said which line the search answers again;
an Undo the server refused said nothing at all."""

from __future__ import annotations

from tests.web.flows import open_class, wait_until
from tests.web.test_corrections_list import correct

CLASS = "UNDO43"
FIRST = "What about the conference? It is multilateral, you know."
SECOND = "Anatol, an exploratory meeting of ambassadors in Geneva, perhaps?"
FOCUSED = "[document.activeElement.id, document.activeElement.textContent]"


def test_undo_in_the_list_says_what_it_undid_and_focuses_the_list(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Kowalczyk-T43", CLASS)
    correct(live_server.url, token, FIRST, 1, CLASS)
    correct(live_server.url, token, SECOND, 0, CLASS)
    page = open_page().page
    open_class(page, live_server.url, token, CLASS)
    items = page.locator("#corrections li")
    items.nth(1).wait_for()

    undo = items.filter(has_text=SECOND).get_by_role("button", name="Undo")
    undo.focus()
    page.keyboard.press("Enter")
    status = page.locator("#corrections-status")
    status.filter(has_text="Undone").wait_for()
    assert status.text_content() == f"Undone: the search answers “{SECOND}” again."
    # the list is read again after the status is said: under load it may still show both
    wait_until(page, "document.querySelectorAll('#corrections li').length === 1")
    assert items.count() == 1 and FIRST in items.first.text_content()
    assert page.evaluate(FOCUSED) == ["corrections-title", "Corrections"]

    # an Undo the server refuses says so, and the correction stays listed
    page.route("**/corrections/*", lambda route: route.fulfill(status=503, body="{}"))
    items.first.get_by_role("button", name="Undo").click()
    error = page.locator("#corrections-error")
    error.filter(has_text="Not undone").wait_for()
    assert items.count() == 1 and FIRST in items.first.text_content()
