"""The note under a finished quiz ("2 items due for review — under “Take another quiz”, choose
“Review” …") sat on the "Take another quiz" button, its last line touching the button's top
edge: the note read as the button's caption. A line's gap now parts them.

The class is this test's own (GAPQ101).
"""

from __future__ import annotations

from tests.web.flows import join
from tests.web.test_quiz_review_screen import take_quiz

CLASS = "GAPQ101"
_BOX = "(node) => { const r = node.getBoundingClientRect(); return [r.top, r.bottom]; }"


def test_the_due_note_after_a_quiz_stands_apart_from_the_button_below(classroom, open_page):
    classroom.teacher("Prof. Gapwell", CLASS)
    page = open_page().page
    join(page, classroom.server.url, "Gaston Spacer", CLASS)
    take_quiz(page, "Who said it?", 1)

    note = page.locator("#quiz-due-after")
    assert note.inner_text().strip()  # a due count, or when the next review is due
    _, note_bottom = note.evaluate(_BOX)
    button_top, _ = page.locator("#quiz-again").evaluate(_BOX)
    assert button_top - note_bottom >= 12
