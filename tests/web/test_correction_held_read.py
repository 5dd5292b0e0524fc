"""A correction form a teacher opens while a quiet read of the open transcript is on its way
survives the read's coming back, with what the teacher chose in it (6878db6).

Each live event of the open transcript's student, and each live.ready, reads the transcript
again (web/js/instructor-refresh.js). A read that went out before the teacher opened the form
and came back after drew the transcript again over it: the form, and the line the teacher had
ticked in it, were gone (found once in a fresh clone's CI, test_correction_unanswered). Here
the read is held by a Playwright route until the form is open, so the race is run every time.

Whether the read that came back has been dealt with cannot be seen when it rightly does
nothing, so the test has the page ask for the transcript once more meanwhile: the open
transcript's reads go one at a time (instructor-read-on.js readingOn), and the one asked for
while the held one was out goes only once the held one is dealt with. That next read seen,
the form is looked at. The classes are the tests' own (CHR460, CHR461).
"""

from __future__ import annotations

import re

from tests.web.flows import (
    NEAR_LINE,
    NEAR_LINE_2,
    SEED_LINE,
    open_class,
    received,
    say,
    wait_for_seen,
)

NONE = "None: nothing in the record answers this line"


class Following:
    """A teacher's page following class ``code`` live, and its student's page, the student's
    first line (SEED_LINE, answered) said."""

    def __init__(self, live_server, open_page, classroom, code: str, teacher: str, student: str):
        token = classroom.teacher(teacher, code)
        self.watched = open_page()
        page = self.page = self.watched.page
        self.events = received(page, "live.event")
        # how many live events the page had been sent as it read the class's sessions, each time
        self.asked: list[int] = []
        path = f"/api/classes/{code}/sessions"
        page.on(
            "request",
            lambda r: self.asked.append(len(self.events)) if r.url.endswith(path) else None,
        )
        open_class(page, live_server.url, token, code)
        page.locator("#live-state", has_text="following your classes").wait_for()
        self.pupil = classroom.student(student, code, SEED_LINE)
        row = page.locator("#sessions tbody tr", has_text=student)
        row.wait_for()
        self.session = row.get_attribute("data-session")


def _refreshed_after(class_: Following, line: str) -> None:
    """Wait until the page has refreshed the class (read its sessions again) after the live
    event of the reply to ``line``: that refresh asked for the open transcript to be read too."""
    page, events, asked, session = class_.page, class_.events, class_.asked, class_.session

    def replied() -> int | None:
        for n, e in enumerate(events):
            if e["session"] == session and e["kind"] == "reply" and e["exchange"]["line"] == line:
                return n
        return None

    wait_for_seen(page, lambda: replied() is not None, f"the live reply to {line!r}")
    wait_for_seen(
        page, lambda: any(n > replied() for n in asked), f"a refresh after the reply to {line!r}"
    )


def _open_form(page):
    """Open the correction form on the transcript's first card and tick "None" in it."""
    card = page.locator('#transcript li[data-kind="exchange"]').first
    card.locator(".correct-button").click()
    form = card.locator("form.correction")
    form.get_by_label(NONE).check()
    return form


def _hold(page, pattern: str) -> tuple[list[str], list, list[bool]]:
    """Route the reads of the transcript matching ``pattern``: each read's query in ``reads``
    ("" for a whole read), each held in ``held`` while ``holding[0]``, let through after."""
    reads: list[str] = []
    held: list = []
    holding = [True]

    def route(r) -> None:
        reads.append(r.request.url.partition("?")[2])
        if holding[0]:
            held.append(r)
        else:
            r.continue_()

    page.route(re.compile(pattern), route)
    return reads, held, holding


def _survives(page, form, reads: list[str], n: int) -> None:
    """Once the page has asked for its ``n``th read of the transcript (counted from 1), the
    read held before it has been dealt with: the form is there, "None" still ticked."""
    wait_for_seen(page, lambda: len(reads) >= n, f"read {n} of the transcript")
    assert form.count() == 1
    assert form.get_by_label(NONE).is_checked()
    assert form.get_by_role("button", name="Save correction").is_visible()


def test_a_whole_read_sent_before_the_form_opened_leaves_it_be(live_server, open_page, classroom):
    class_ = Following(
        live_server, open_page, classroom, "CHR460", "Prof. Aldana-Whitcombe", "Isolde"
    )
    watched, page, pupil, session = class_.watched, class_.page, class_.pupil, class_.session
    reads, held, holding = _hold(page, rf"/api/sessions/{session}(\?.*)?$")
    # the teacher opens the transcript: its read (1) is held, nothing drawn yet
    page.locator("#sessions tbody tr", has_text="Isolde").get_by_role("button").click()
    wait_for_seen(page, lambda: len(held) == 1, "the transcript's first read")
    # the student's next line: the refresh reads the transcript quietly, whole (2), the page
    # keeping none yet to read on from
    say(pupil, NEAR_LINE)
    wait_for_seen(page, lambda: len(held) == 2, "the refresh's quiet read of the transcript")
    # and another: a read asked for while that one is out goes once it is dealt with
    say(pupil, NEAR_LINE_2)
    _refreshed_after(class_, NEAR_LINE_2)
    assert reads == ["", ""]

    held[0].continue_()
    page.locator("#session-title", has_text="Transcript: Isolde").wait_for()
    form = _open_form(page)
    holding[0] = False
    held[1].continue_()  # the quiet read comes back with the form open
    _survives(page, form, reads, 3)
    assert reads[2].startswith("after=")
    assert watched.errors == []


def test_a_read_on_sent_before_the_form_opened_leaves_it_be(live_server, open_page, classroom):
    class_ = Following(
        live_server, open_page, classroom, "CHR461", "Prof. Brandvold-Achebe", "Ottokar"
    )
    watched, page, pupil, session = class_.watched, class_.page, class_.pupil, class_.session
    page.locator("#sessions tbody tr", has_text="Ottokar").get_by_role("button").click()
    page.locator('#transcript li[data-kind="exchange"]').first.wait_for()
    reads, held, holding = _hold(page, rf"/api/sessions/{session}\?after=")
    # the student's next line: the refresh reads on from the transcript drawn (held), and
    # another asks for one more read meanwhile
    say(pupil, NEAR_LINE)
    wait_for_seen(page, lambda: len(held) == 1, "the refresh's read on of the transcript")
    say(pupil, NEAR_LINE_2)
    _refreshed_after(class_, NEAR_LINE_2)
    assert len(reads) == 1

    form = _open_form(page)
    holding[0] = False
    held[0].continue_()  # it brings the student's two new exchanges, with the form open
    _survives(page, form, reads, 2)
    assert reads[1] == reads[0]  # read on from the transcript as drawn: it was not drawn again
    assert page.locator('#transcript li[data-kind="exchange"]').count() == 1
    assert watched.errors == []
