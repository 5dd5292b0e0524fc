"""From *What the class struggled with* to the line's card, on a classroom projector (1280×720
at 150 %: 853×480 CSS pixels). "Open in the transcript" centred the card, then focused its
button at the card's foot: a card taller than the screen (a refusal and the lines it offered)
was scrolled on to the button, and the student's line, which the teacher had chosen to read,
was out of sight above. The card's top now stands under the page's bar, its button focused."""

from __future__ import annotations

from tests.web.flows import NEAR_LINE_2, open_class, say

# Where the student's line and the card's button stand in the view, and the bar over the page.
_PLACES = """() => {
  const card = document.querySelector('#transcript li[data-kind="exchange"].is-selected');
  if (!card) return null;  // the transcript drawn again (the class's list came in): not yet
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; };
  return { line: box(card.querySelector('.student-line')), card: box(card),
           bar: document.querySelector('#page-parts').getBoundingClientRect().bottom,
           focused: document.activeElement.textContent, view: innerHeight };
}"""


def test_open_in_the_transcript_shows_the_students_line_on_a_projector(classroom):
    code = "PROJ533"
    token = classroom.teacher("Prof. Proj533 Ubaldini", code)
    student = classroom.student("Proj533 Ines", code, NEAR_LINE_2)  # refused, 3 lines offered
    page = classroom.open_page(853, 480).page
    open_class(page, classroom.server.url, token, code)
    page.locator("#unanswered > li", has_text=NEAR_LINE_2).get_by_role(
        "button", name="Open in the transcript"
    ).click()
    page.locator('#transcript li[data-kind="exchange"].is-selected').wait_for()
    places = page.wait_for_function(_PLACES, polling=100).json_value()
    top, bottom = places["card"]
    assert bottom - top > places["view"] - places["bar"]  # a card taller than the screen's room
    assert places["focused"] == "Give this line an answer"
    line_top, line_bottom = places["line"]
    assert places["bar"] <= line_top and line_bottom <= places["view"], places

    # the student goes on: the transcript, drawn again with the new line, keeps the card chosen
    # (a read drawn over it dropped its mark, and the measure above found no card)
    say(student, "What about the Berlin agreement?")
    page.locator('#transcript li[data-kind="exchange"]').nth(1).wait_for()
    chosen = page.locator('#transcript li[data-kind="exchange"].is-selected')
    assert chosen.count() == 1
    assert chosen.locator(".student-line").text_content() == NEAR_LINE_2
