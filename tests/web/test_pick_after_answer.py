"""A student answered from the record who then picks another of the lines shown beside the
answer: the instructor reads that the line was answered, and what was picked instead.

It read, on the transcript card, "No close match in the record: nothing was presented as the
answer to this line. No lines were offered." under the picked line, and the line was listed
among the lines the record could not answer: both untrue of a line the student saw answered.
"""

from __future__ import annotations

from tests.web.flows import cited, join, open_class, received, say, start_roleplay

CODE = "PICK210"
LINE = "Yes."  # said many times over in the record: answered, with other lines shown beside


def test_a_pick_after_an_answer_is_not_read_as_a_refusal(classroom, open_page):
    token = classroom.teacher("Prof. Adler", CODE)
    student = classroom.open_page().page
    replies = received(student, "reply")
    join(student, classroom.server.url, "Pia", CODE)
    start_roleplay(student)
    say(student, LINE)
    shown = replies[-1]
    assert shown["status"] == "ambiguous", "the server no longer finds 'Yes.' ambiguous"
    entry = student.locator("#rp-log > li.reply.ambiguous").last
    # the answer's citation, then each line's shown beside it, as the student read them
    seen = [cited(c) for c in entry.locator(".citation").all()]
    assert len(seen) == len(shown["matches"]) > 1
    entry.locator(".picks button.pick").first.click()
    student.locator("#rp-log > li.reply", has_text="You picked a recorded line").wait_for()
    assert replies[-1]["status"] == "picked"
    answer, picked = shown["matches"][0], shown["matches"][1]

    page = open_page().page
    open_class(page, classroom.server.url, token, CODE)
    page.locator("#sessions tbody tr", has_text="Pia").get_by_role("button").click()
    card = page.locator('#transcript li[data-kind="exchange"]')
    card.wait_for()
    assert card.get_attribute("data-status") == "picked"
    # no refusal where there was none: the search's answer, then the line picked instead
    assert card.locator(".refusal").count() == 0
    assert "No lines were offered" not in card.text_content()
    first = card.locator(".shown-first")
    assert (
        first.locator(".record-line")
        .first.text_content()
        .startswith(f"Kissinger: “{answer['prompt']['text']}”")
    )
    assert (
        first.locator("li.is-picked .record-line")
        .text_content()
        .startswith(f"Kissinger: “{picked['prompt']['text']}”")
    )
    assert (
        card.locator(".matched-line")
        .text_content()
        .startswith(f"Kissinger: {picked['prompt']['text']}")
    )
    # each line shown cited as the student read it, not by "(vol. …, doc. …, line …)" alone
    assert [cited(c) for c in first.locator("li > .citation").all()] == seen
    cite = answer["citation"]
    assert seen[0][1] == cite["url"] and f"doc. {cite['number']}, p" in seen[0][0]
    assert seen[0][0].endswith(" ".join(cite["source"].removeprefix("Source:").split()))
    # and the class's struggles do not list it as a line the record could not answer
    page.locator("#unanswered-empty").wait_for(state="visible")
    assert page.locator("#unanswered li").count() == 0
    assert page.locator("#unanswered-empty").text_content() == (
        "Every line so far had an answer in the record."
    )
