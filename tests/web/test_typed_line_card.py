"""The instructor's transcript card shows a student's line as typed: written over two lines, it
read as one ("Anatol, two things. First, …"), the line break lost, where the README says a
line is "kept, shown and stored as typed". The class is the test's own (TYP226)."""

from __future__ import annotations

from tests.server.test_typed_line import TYPED
from tests.web.flows import open_class

CLASS = "TYP226"


def test_the_transcript_card_keeps_the_students_line_break(live_server, open_page, classroom):
    token = classroom.teacher("Prof. Okonkwo", CLASS)
    classroom.student("Wanjiru", CLASS, TYPED)
    page = open_page().page
    open_class(page, live_server.url, token, CLASS)
    page.locator("#sessions tbody tr", has_text="Wanjiru").get_by_role("button").click()
    line = page.locator("#transcript .student-line").first
    line.wait_for()
    assert line.text_content() == TYPED
    assert line.inner_text() == TYPED  # drawn on two lines, not run together
