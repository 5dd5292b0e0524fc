"""An editors' mark inside the recorded line a student's line was matched to, on the page.

Playing Dobrynin, a student's line is answered from his "What about the conference—this was a
multilateral [omission in original transcript] conference." (FRUS vol. XXXIX, doc. 107, p. 327):
the reply quotes the line it answered, a refusal offers it to pick, and the instructor reads it
on the transcript card and in the live feed. Each time the bracket is the editors' (one
span.editorial, labelled so), apart from his words.

The class is a new instructor's own (MARK327), so the other browser tests' class is untouched.
"""

from __future__ import annotations

from tests.web.flows import MARK, SPOKEN_JS, open_class
from tests.web.flows import MARKED_SPOKEN as SPOKEN

CLASS = "MARK327"
ANSWERED = "What about the conference? This was a multilateral conference."
REFUSED = "what about the multilateral conference in cuba"  # "Cuba": offered the line, refused
EDITORIAL = "editorial note, not speech"


def _marked(node) -> str:
    """``node`` shows the mark as the editors' (one span.editorial, labelled so); its words
    outside the span, the spoken ones."""
    mark = node.locator("span.editorial")
    assert mark.all_text_contents() == [MARK]
    assert mark.get_attribute("title") == EDITORIAL
    return node.evaluate(SPOKEN_JS)


def test_the_matched_line_shows_its_editors_mark_to_the_student_and_the_instructor(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Szymborska", CLASS)
    student = classroom.student("Oksana", CLASS, ANSWERED, REFUSED, as_="dobrynin")

    answered = student.locator("#rp-log > li.reply").first
    assert _marked(answered.locator(".meta q")) == SPOKEN
    lead = answered.locator("p.meta", has=student.locator("q"))
    said = lead.evaluate(SPOKEN_JS)
    assert said.startswith("Answering Dobrynin’s recorded line, very close") and said.endswith(
        f"): {SPOKEN}"
    )
    offered = student.locator("#rp-log > li.no-match").last.locator("button.pick")
    assert offered.count() == 1
    assert _marked(offered.locator(".pick-line")) == SPOKEN
    offered.click()
    picked = student.locator("#rp-log > li.picked")
    picked.wait_for()
    lead = picked.locator("p.meta", has=student.locator("q"))
    assert _marked(lead) == f"Following Dobrynin’s recorded line you picked: {SPOKEN}"

    watched = open_page()
    teacher = watched.page
    open_class(teacher, live_server.url, token, CLASS)
    place = "(vol. XXXIX, doc. 107, line 2)"
    fed = "(vol. XXXIX, doc. 107, p. 327, line 2)"  # the feed says the page it is printed on
    entry = teacher.locator("#live-feed li", has_text=f"→ “{ANSWERED}” matched")
    entry.wait_for()
    said = f"Oksana → “{ANSWERED}” matched Dobrynin’s recorded line “{SPOKEN}” {fed}."
    assert said in _marked(entry)  # after its time, before the reply
    entry = teacher.locator("#live-feed li", has_text=f"→ for “{REFUSED}”, picked")
    entry.wait_for()
    said = f"→ for “{REFUSED}”, picked Dobrynin’s recorded line “{SPOKEN}” {fed} from the"
    assert f"Oksana {said} lines offered." in _marked(entry)

    teacher.locator("#sessions tbody tr", has_text="Oksana").get_by_role("button").click()
    card = teacher.locator('#transcript li[data-kind="exchange"]', has_text=ANSWERED)
    card.wait_for()
    assert _marked(card.locator(".matched-line")) == f"Dobrynin: {SPOKEN} {place}"
    card = teacher.locator('#transcript li[data-status="picked"]')
    assert _marked(card.locator(".matched-line")) == f"Dobrynin: {SPOKEN} {place}"
    assert _marked(card.locator(".suggestions .record-line")) == f"Dobrynin: “{SPOKEN}” {place}"
    assert watched.errors == []
