"""A transcript open on the instructor page shows its student's new exchange as it comes,
reading only what is new (`GET /api/sessions/{id}?after=N`): it read the whole session again
every second the student typed, 300 KiB at 30 lines. What it draws is what the whole session
read at once draws. The class is the test's own (TRO318)."""

from __future__ import annotations

from tests.web.flows import NEAR_LINE, SEED_LINE, open_class, say, wait_until

CLASS = "TRO318"


def test_an_open_transcript_shows_a_new_exchange_read_on(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Amadou-Lindqvist", CLASS)
    page = open_page().page
    open_class(page, live_server.url, token, CLASS)
    student = classroom.student("Berengar", CLASS, SEED_LINE)
    page.locator("#sessions tbody button", has_text="Berengar").click()
    cards = page.locator("#transcript li.exchange")
    cards.first.wait_for()
    assert cards.count() == 1
    reads: list[str] = []
    page.on(
        "request",
        lambda r: (
            reads.append(r.url.split("/api/sessions/")[1]) if "/api/sessions/" in r.url else None
        ),
    )

    say(student, NEAR_LINE)  # refused, the closest lines offered
    student.locator("#rp-log > li.no-match").last.locator("button.pick").first.click()
    student.locator("#rp-log > li.picked").wait_for()
    wait_until(page, "document.querySelector('#transcript li.exchange[data-seq=\"6\"]') !== null")
    wait_until(
        page,
        "document.querySelector('#transcript li.exchange[data-seq=\"6\"]').dataset.status"
        " === 'picked'",
    )
    new = cards.nth(1)
    assert new.locator(".student-line").first.text_content() == NEAR_LINE
    assert new.locator(".tier").text_content() == "picked by the student"
    assert new.locator(".matched-line").text_content() == (
        "Kissinger: I appreciate all of this—how long will you be gone? "
        "(vol. XII, doc. 188, line 14)"
    )
    assert cards.count() == 2
    # only what was new was read: after the first exchange's reply (event 4), then on
    assert reads and all("?after=" in read for read in reads), reads
    assert reads[0].endswith("?after=4"), reads
    assert page.locator("#session-meta").text_content().endswith("· 2 lines")

    # the same transcript read whole, as opening it again does, is drawn the same
    drawn = page.locator("#transcript").inner_html()
    page.locator("#sessions tbody button", has_text="Berengar").click()
    wait_until(page, "document.querySelectorAll('#transcript li.exchange').length === 2")
    assert page.locator("#transcript").inner_html() == drawn
