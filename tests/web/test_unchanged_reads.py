"""The instructor page reads its class's sessions table and its class list again on every
live event of the class; what has not changed since its last read comes back as a 304 without
a body (the page sends the ETag it was given), and the page shows what it had. Whole, they
were sent every second of a busy class (5 KiB, 0.7 KiB gzipped), unchanged or not."""

from __future__ import annotations

from tests.web.flows import open_class, start_quiz, wait_until

CODE = "UNCH17"
ROW = "document.querySelectorAll('#sessions tbody tr').length === 1"


def test_reads_that_changed_nothing_are_answered_unchanged(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Ferreira-Lindahl", CODE)
    watched = open_page()
    page = watched.page
    reads: list[tuple[str, int, str | None]] = []

    def heard(response) -> None:
        path = response.url.split(live_server.url, 1)[-1]
        if path in (f"/api/classes/{CODE}/sessions", "/api/classes"):
            sent = response.request.headers.get("if-none-match")
            reads.append((path, response.status, sent))

    page.on("response", heard)
    open_class(page, live_server.url, token, CODE)
    page.locator("#live-state", has_text="following your classes").wait_for()
    student = classroom.student("Hildegard Osei-Marlowe", CODE)
    wait_until(page, ROW)
    page.wait_for_timeout(2500)  # the refreshes the join and the role-play begun brought
    row = page.locator("#sessions tbody tr").text_content()
    label = page.locator(f'#classes button[data-code="{CODE}"]').text_content()
    assert label == f"{CODE} · 1 student · 1 session"

    del reads[:]
    start_quiz(student, "Who said it?", 1)  # its start is news to the feed, not to the table
    wait_until(page, "document.querySelector('#live-feed li[data-kind=\"quiz.start\"]') !== null")
    page.wait_for_timeout(2500)
    assert sorted({(path, status) for path, status, _ in reads}) == [
        ("/api/classes", 304),
        (f"/api/classes/{CODE}/sessions", 304),
    ]
    assert all(sent and sent.startswith('W/"') for _, _, sent in reads)
    assert page.locator("#sessions tbody tr").text_content() == row
    assert page.locator(f'#classes button[data-code="{CODE}"]').text_content() == label
    assert watched.errors == []
