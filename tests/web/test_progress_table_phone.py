"""On a phone, each student's progress in the struggle view is a card of five lines, not eight.
Found by a teacher a week into the course reading the struggle view on a phone: each student
took eight labelled lines, one a count, so a class of 30 was 240 lines, screens of them before
the lines the record could not answer."""

from __future__ import annotations

from tests.web.test_instructor import _assert_fits_a_phone, _instructor_on_a_phone

HEADERS = ["Student", "Sessions", "Lines", "Answered", "No match", "Quiz", "Closeness", "Last seen"]
# Which line of the card each cell is on, counted from 0 (cells whose tops are level share one).
_WHERE = """tr => {
  const tops = [...tr.cells].map((td) => Math.round(td.getBoundingClientRect().top));
  const lines = [...new Set(tops)];
  return tops.map((t) => lines.indexOf(t));
}"""


def test_a_student_s_progress_is_five_lines_on_a_phone(live_server, open_page):
    student = "Wilhelmina Progress52"
    page = _instructor_on_a_phone(live_server, open_page, student)
    row = page.locator("#progress-table tbody tr", has_text=student)
    row.wait_for()
    _assert_fits_a_phone(page, "progress-table", row, HEADERS)
    # the student; sessions and lines; answered and no match; quiz and closeness; last seen
    assert row.evaluate(_WHERE) == [0, 1, 1, 2, 2, 3, 3, 4]  # was 0 to 7

    # too narrow for two labelled counts side by side (a 320-px phone, or 200% text): one a line
    page.set_viewport_size({"width": 320, "height": 700})
    assert row.evaluate(_WHERE) == list(range(8))
    _assert_fits_a_phone(page, "progress-table", row, HEADERS)
