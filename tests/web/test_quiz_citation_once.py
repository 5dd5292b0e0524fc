"""A quiz answer's feedback says where the line is once, in its citation: the explanation above
it said the place too ("Henry Kissinger said it (labelled “K” in the transcript), vol. XV, doc.
3, p. 9." over "FRUS 1969–1976, vol. XV, doc. 3, p. 9"), so the student read it twice."""

from __future__ import annotations

import re

from tests.web.flows import join, start_quiz

CLASS = "CITE39Q"


def _answered(page, number: int, total: int) -> tuple[str, str, str]:
    """Answer question ``number`` (its first choice): the explanation, the citation's link and
    the feedback's whole text."""
    page.locator("#quiz-progress", has_text=f"Question {number} of {total}").wait_for()
    page.locator("#quiz-choices button").first.click()
    page.locator("#quiz-next").wait_for(state="visible")
    feedback = page.locator("#quiz-feedback")
    links = feedback.locator(".citation a").all_text_contents()
    assert len(links) == 1, links
    return feedback.locator(".explanation").text_content(), links[0], feedback.text_content()


def _place(link: str) -> str:
    """The volume and document a citation's link names ("vol. XXXIX, doc. 107")."""
    found = re.match(r"FRUS 1969–1976, (vol\. [IVXL]+, doc\. \d+)", link)
    assert found, link
    return found.group(1)


def test_who_said_feedback_names_the_place_once(live_server, open_page, classroom):
    classroom.teacher("Prof. Cite39 Onceford", CLASS)
    watched = open_page()
    page = watched.page
    join(page, live_server.url, "Citra Onceford", CLASS)
    start_quiz(page, "Who said it?", 2)
    for number in (1, 2):
        explanation, link, text = _answered(page, number, 2)
        assert re.fullmatch(
            r"(Henry Kissinger|Anatoly Dobrynin) said it \(labelled “[^”]+” in the transcript\)\.",
            explanation,
        ), explanation
        assert text.count(_place(link)) == 1, text
        page.locator("#quiz-next").click()
    page.locator("#quiz-summary").wait_for(state="visible")
    assert watched.errors == []


def test_what_came_next_feedback_names_the_right_lines_place_once(
    live_server, open_page, classroom
):
    classroom.teacher("Prof. Cite39 Twiceless", CLASS + "N")
    watched = open_page()
    page = watched.page
    join(page, live_server.url, "Citra Twiceless", CLASS + "N")
    start_quiz(page, "What came next?", 1)
    explanation, link, text = _answered(page, 1, 1)
    # the quote, then where each other choice was said: those places only here
    said, others = explanation.split(" The other choices are ", 1)
    assert said.startswith(("Anatoly Dobrynin answered: ", "Henry Kissinger answered: ")), said
    assert re.search(r"[.?!…][\"'”’)]*$", said), said
    assert re.search(r"in other conversations: [A-D].* in vol\. [IVXL]+, doc\. \d+", others)
    assert text.count(_place(link)) == 1, text
    assert watched.errors == []
