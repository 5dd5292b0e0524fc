"""An editors' mark inside a recorded line is heard as the editors', not only seen as theirs.

Dobrynin's "What about the conference—this was a multilateral [omission in original
transcript] conference." (FRUS vol. XXXIX, doc. 107, p. 327) is answered to a student playing
Kissinger and offered to one playing Dobrynin. The mark is drawn apart (span.editorial, grey
italic), but a screen reader reading the line heard "a multilateral omission in original
transcript conference" (brackets are not read at its usual punctuation level). Its words stay
as recorded; the page has the screen reader say where the editors' note begins and ends.

The class is a new instructor's own (HEARD1).
"""

from __future__ import annotations

from tests.web.flows import MARK, SEED_LINE
from tests.web.heard import heard_name, heard_text

CLASS = "HEARD1"
REFUSED = "what about the multilateral conference in cuba"  # offered the line, refused
SPOKEN_WITH_MARK = f"What about the conference—this was a multilateral {MARK} conference."
MARKED = (
    "What about the conference—this was a multilateral editorial note: "
    f"{MARK} end of note conference."
)


def test_an_editors_mark_is_heard_as_the_editors(classroom):
    classroom.teacher("Prof. Quillfeather", CLASS)
    kissinger = classroom.student("Wiremu", CLASS, SEED_LINE)
    # the record's words, as they were (the entry's head names Dobrynin: not named again)
    turn = kissinger.locator("#rp-log > li.reply").first.locator(".record-turn")
    assert turn.text_content() == SPOKEN_WITH_MARK
    assert heard_text(kissinger, turn) == MARKED

    dobrynin = classroom.student("Tavita", CLASS, REFUSED, as_="dobrynin")
    offered = dobrynin.locator("#rp-log > li.no-match").last.locator("button.pick")
    # the words drawn in small capitals heard in their own case (style.css)
    assert heard_name(dobrynin, offered).startswith(f"Dobrynin, in the record: “{MARKED}” ")
