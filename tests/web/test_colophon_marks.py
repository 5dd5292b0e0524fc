"""The student page's footer says how the editors' notes look, and what it says is true.

It said "Bracketed and italic passages are the editors' notes, not speech", on a page that sets
in italics the recorded line a reply answers (Dobrynin's own words, under the reply), our
summaries of topics and the masthead's motto: a student taking the footer at its word read a
recorded line as the editors'. What sets a note apart everywhere is its shaded ground
(span.editorial); the footer now shows one, and a recorded line's words carry none.

Playing Dobrynin, the line answered is "What about the conference—this was a multilateral
[omission in original transcript] conference." (FRUS vol. XXXIX, doc. 107, p. 327), as in
test_match_marks. The class is this test's own (COLO107).
"""

from __future__ import annotations

from tests.web.flows import MARK

CLASS = "COLO107"
ANSWERED = "What about the conference? This was a multilateral conference."
FOOTER = (
    "Sources: Foreign Relations of the United States, 1969–1976, Office of the Historian, "
    "U.S. Department of State — public domain. The editors’ notes are set on a shaded ground, "
    "like [laughter]: they are not speech."
)
_STYLE = "(node) => [getComputedStyle(node).fontStyle, getComputedStyle(node).backgroundColor]"
CLEAR = "rgba(0, 0, 0, 0)"


def test_the_footer_names_the_shaded_ground_the_editors_notes_are_set_on(classroom):
    classroom.teacher("Prof. Colophon", CLASS)
    page = classroom.student("Colette Marks", CLASS, ANSWERED, as_="dobrynin")

    footer = page.locator("footer.colophon")
    assert " ".join(footer.inner_text().split()) == FOOTER
    sample = footer.locator("span.editorial")
    assert sample.all_text_contents() == ["[laughter]"]

    quoted = page.locator("#rp-log > li.reply").first.locator(".meta q")
    mark = quoted.locator("span.editorial")
    assert mark.all_text_contents() == [MARK]
    _, shaded = mark.evaluate(_STYLE)
    assert shaded != CLEAR
    assert sample.evaluate(_STYLE)[1] == shaded  # the footer's sample looks like the mark
    # the recorded words around the mark: italic, as the footer no longer says notes are,
    # and on no shaded ground, as it says notes are
    assert quoted.evaluate(_STYLE) == ["italic", CLEAR]
