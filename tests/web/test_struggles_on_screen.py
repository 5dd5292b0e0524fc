"""The struggle view follows a live class while it is on screen, and is not read again while
it is not: on every second a class was busy, the page asked the server for it, the class's
whole stored work read again (0.1–0.7 s of the server's time at 30 students of 30 lines, and
more as the lesson went on; benchmarks/bench_instructor_page.py), while the teacher read the
table or the live feed far above it. The class is the test's own (SOS228)."""

from __future__ import annotations

from tests.web.flows import (
    NEAR_LINE,
    NEAR_LINE_2,
    open_class,
    received,
    say,
    wait_for_seen,
    wait_until,
)

CLASS = "SOS228"


def test_the_struggle_view_is_read_again_only_on_screen(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Varga", CLASS)
    page = open_page(1280, 700).page
    asked: list[str] = []
    events = received(page, "live.event")
    table_read: list[int] = []  # at each read of the sessions table, the live events come by then

    def reading(request) -> None:
        # what each read asks: the whole view (opening the class), or a live refresh's, which
        # the server reads again only the sessions that moved on for (`?cached=true`)
        if "/struggles" in request.url:
            asked.append(request.url.split("/struggles")[1])
        elif request.url.endswith(f"/api/classes/{CLASS}/sessions"):
            table_read.append(len(events))

    page.on("request", reading)
    open_class(page, live_server.url, token, CLASS)
    page.locator("#progress-chart", has_text="No student has played yet.").wait_for()
    assert asked == [""]

    student = classroom.student("Abena", CLASS, NEAR_LINE)
    # the table follows (its refresh asks for the struggle view at the same moment, if at all)
    row = page.locator("#sessions tbody tr", has_text="Abena")
    wait_until(page, "document.querySelector('#sessions tbody tr td.num')?.textContent === '1'")
    # and the refresh its reply brought: a reply found over a second after its line (a loaded
    # machine) brings a second refresh, which, still to come once the view is on screen below,
    # reads it again beside the read the scroll makes
    wait_for_seen(page, lambda: any(e["kind"] == "reply" for e in events), "the line's reply")
    replied = next(n for n, event in enumerate(events) if event["kind"] == "reply")
    wait_for_seen(
        page, lambda: any(n > replied for n in table_read), "the table read after the reply"
    )
    assert row.locator("td.num").first.text_content() == "1"
    assert asked == [""]
    assert page.locator("#progress-chart").text_content() == "No student has played yet."

    # scrolled into view, it is read at once, and follows the class from then
    page.locator("#struggles-view").scroll_into_view_if_needed()
    page.locator("#unanswered q", has_text=NEAR_LINE).wait_for()
    assert asked == ["", "?cached=true"]
    say(student, NEAR_LINE_2)
    page.locator("#unanswered q", has_text=NEAR_LINE_2).wait_for()
    assert page.locator("#unanswered q").all_text_contents() == [NEAR_LINE_2, NEAR_LINE]
    assert set(asked[1:]) == {"?cached=true"}
