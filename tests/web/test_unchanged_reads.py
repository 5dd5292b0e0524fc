"""The instructor page reads its class's sessions table and its class list again on every
live event of the class; what has not changed since its last read comes back as a 304 without
a body (the page sends the ETag it was given), and the page shows what it had. Whole, they
were sent every second of a busy class (5 KiB, 0.7 KiB gzipped), unchanged or not."""

from __future__ import annotations

from tests.web.flows import open_class, received, start_quiz, wait_for_seen, wait_until

CODE = "UNCH17"
ROW = "document.querySelectorAll('#sessions tbody tr').length === 1"


def test_reads_that_changed_nothing_are_answered_unchanged(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Ferreira-Lindahl", CODE)
    watched = open_page()
    page = watched.page
    paths = {f"/api/classes/{CODE}/sessions", "/api/classes"}
    events = received(page, "live.event")
    # each read: its path, status and ETag sent, and how many live events the page had been
    # sent when it asked (a read answers the events before it, not one that came after)
    reads: list[tuple[str, int, str | None, int]] = []
    asked: dict[object, int] = {}

    def asking(request) -> None:
        asked[request] = len(events)

    def heard(response) -> None:
        path = response.url.split(live_server.url, 1)[-1]
        if path in paths:
            sent = response.request.headers.get("if-none-match")
            reads.append((path, response.status, sent, asked.get(response.request, -1)))

    page.on("request", asking)
    page.on("response", heard)
    open_class(page, live_server.url, token, CODE)
    page.locator("#live-state", has_text="following your classes").wait_for()
    student = classroom.student("Hildegard Osei-Marlowe", CODE)
    wait_until(page, ROW)
    # the join's refresh read both: the row is drawn, and the counts say the student (a read
    # after them changes neither; the role-play begun is news to the feed alone)
    button = page.locator(f'#classes button[data-code="{CODE}"]')
    button.filter(has_text="1 student").wait_for()
    row = page.locator("#sessions tbody tr").text_content()
    label = button.text_content()
    assert label == f"{CODE} · 1 student · 1 session"

    del reads[:]
    start_quiz(student, "Who said it?", 1)  # its start is news to the feed, not to the table
    wait_until(page, "document.querySelector('#live-feed li[data-kind=\"quiz.start\"]') !== null")
    # the reads the quiz's start brought, asked a second after it came (at most one refresh a
    # second): both answered, however long a loaded machine took to ask and hear
    wait_for_seen(page, lambda: any(e["kind"] == "quiz.start" for e in events), "the quiz.start")
    start = next(n for n, event in enumerate(events) if event["kind"] == "quiz.start")
    wait_for_seen(
        page,
        lambda: {path for path, _, _, after in reads if after > start} == paths,
        "the sessions and the class list read again after the quiz's start",
    )
    assert sorted({(path, status) for path, status, _, _ in reads}) == [
        ("/api/classes", 304),
        (f"/api/classes/{CODE}/sessions", 304),
    ]
    assert all(sent and sent.startswith('W/"') for _, _, sent, _ in reads)
    assert page.locator("#sessions tbody tr").text_content() == row
    assert page.locator(f'#classes button[data-code="{CODE}"]').text_content() == label
    assert watched.errors == []
