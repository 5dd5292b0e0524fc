"""A server failure on the instructor page says what failed, that the server failed and not the
teacher, and what to do (the teacher's walk found a bare "500 Internal Server Error" under the
class, read as if the teacher had done something wrong). An answer refused for a reason the
teacher can act on (a 4xx with its ``detail``) still says that reason."""

from __future__ import annotations

from tests.web.flows import SEED_LINE, hold_live, open_class, wait_for_seen

WHY = (
    "the server failed (HTTP {status}), not anything you did. Try again; if it keeps failing, "
    "the server’s log says why."
)


def test_a_failure_to_load_the_sessions_goes_when_a_quiet_read_brings_them(
    live_server, open_page, classroom
):
    """The read after the live socket is ready may bring the sessions before (or instead of)
    the teacher's Refresh: the failure, or "Loading sessions…", is not left above the rows it
    brought (a CI run saw "Loading sessions…" over the rows a quiet read had drawn)."""
    token = classroom.teacher("Prof. Halvorsen-Q", "GEO311")
    classroom.student("Ines", "GEO311", SEED_LINE)
    page = open_page().page
    held = hold_live(page)
    page.route(
        "**/api/classes/GEO311/sessions",
        lambda route: route.fulfill(status=500, body="Internal Server Error"),
        times=1,
    )
    open_class(page, live_server.url, token, "GEO311")
    status = page.locator("#class-status")
    status.filter(has_text="Could not").wait_for()
    wait_for_seen(page, lambda: held, "the page's live socket, held back")
    assert page.locator("#sessions tbody tr").count() == 0

    # the socket drops; the page reconnects, and on its live.ready reads the sessions quietly
    held[0].close()
    page.locator("#sessions tbody tr", has_text="Ines").wait_for()
    assert status.text_content() == ""

    # the teacher's Refresh, held, says it loads; a quiet read that succeeds meanwhile ends that
    waiting: list = []
    page.route("**/api/classes/GEO311/sessions", lambda route: waiting.append(route), times=1)
    page.get_by_role("button", name="Refresh").click()
    status.filter(has_text="Loading sessions…").wait_for()
    wait_for_seen(page, lambda: waiting, "the Refresh's read, held")
    classroom.student("Jomo", "GEO311", SEED_LINE)  # on the live event, a quiet read
    page.locator("#sessions tbody tr", has_text="Jomo").wait_for()
    assert status.text_content() == ""
    waiting[0].continue_()


def test_a_server_failure_says_what_failed_whose_fault_and_what_to_do(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Halvorsen", "GEO310")
    classroom.student("Ines", "GEO310", SEED_LINE)
    watched = open_page()
    page = watched.page
    # no live.ready, so no quiet read of the sessions beside the ones this test makes (the test
    # above has those)
    hold_live(page)
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
