"""A student's line of two lines (Shift+Enter, or a pasted paragraph) is shown in the student's
log as typed, its line break kept: it ran together ("Line one Line two"), where the README says
a line is "kept, shown and stored as typed" (the `say` event keeps the break)."""

from __future__ import annotations

from tests.web.flows import say

LINE = "Anatol, two things.\nFirst, the conference in Geneva."


def test_a_line_break_the_student_typed_is_shown_in_the_log(live_server, classroom):
    page = classroom.student("Zoe", live_server.class_code)
    say(page, LINE)
    mine = page.locator("#rp-log > li.mine .words").last
    assert mine.text_content() == LINE
    assert mine.inner_text() == LINE  # as drawn: two lines
    page.reload()  # and from the saved log
    mine = page.locator("#rp-log > li.mine .words").last
    mine.wait_for()
    assert mine.inner_text() == LINE
