"""A server failure on the instructor page says what failed, that the server failed and not the
teacher, and what to do (the teacher's walk found a bare "500 Internal Server Error" under the
class, read as if the teacher had done something wrong). An answer refused for a reason the
teacher can act on (a 4xx with its ``detail``) still says that reason."""

from __future__ import annotations

from tests.web.flows import SEED_LINE, open_class

WHY = (
    "the server failed (HTTP {status}), not anything you did. Try again; if it keeps failing, "
    "the server’s log says why."
)


def test_a_server_failure_says_what_failed_whose_fault_and_what_to_do(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Halvorsen", "GEO310")
    classroom.student("Ines", "GEO310", SEED_LINE)
    watched = open_page()
    page = watched.page
    # the class's sessions fail once, as an unhandled exception in the server answers
    page.route(
        "**/api/classes/GEO310/sessions",
        lambda route: route.fulfill(status=500, body="Internal Server Error"),
        times=1,
    )
    open_class(page, live_server.url, token, "GEO310")
    status = page.locator("#class-status")
    status.filter(has_text="Could not").wait_for()
    assert status.text_content() == "Could not load the class GEO310’s sessions: " + WHY.format(
        status=500
    )
    assert page.locator("#sessions tbody tr").count() == 0

    # trying again, as it says, brings the sessions
    page.get_by_role("button", name="Refresh").click()
    page.locator("#sessions tbody tr", has_text="Ines").wait_for()
    assert status.text_content() == ""

    # an export through a proxy that lost the server: its HTML page is not shown as the reason
    page.route(
        "**/api/classes/GEO310/export.csv",
        lambda route: route.fulfill(
            status=502, content_type="text/html", body="<html><h1>502 Bad Gateway</h1></html>"
        ),
        times=1,
    )
    page.get_by_role("button", name="CSV").click()
    status.filter(has_text="Could not").wait_for()
    assert status.text_content() == "Could not prepare the CSV export: " + WHY.format(status=502)

    # a change not saved for the server's fault says so after the control's own "Not saved"
    page.route(
        "**/api/classes/GEO310/strict",
        lambda route: route.fulfill(status=500, body="Internal Server Error"),
        times=1,
    )
    strict = page.locator("#class-strict")
    # click, not check(): the page unchecks the box as the refusal comes back, and under load
    # that came before check() looked, which failed ("Clicking the checkbox did not change
    # its state")
    strict.click()
    saved = page.locator("#class-strict-status")
    saved.filter(has_text="Not saved").wait_for()
    assert saved.text_content() == "Not saved: " + WHY.format(status=500)
    assert not strict.is_checked()

    # a 4xx keeps its detail, the server's words of what is wrong
    page.goto(live_server.url + "/instructor.html#session=no-such-session")
    title = page.locator("#session-title")
    title.filter(has_text="No transcript").wait_for()
    assert title.text_content() == "No transcript to show: No session 'no-such-session'."
    assert watched.errors == []
