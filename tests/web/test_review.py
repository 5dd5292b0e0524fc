"""Instructor review in a real browser: the live class, the correction flow, the struggle view."""

from __future__ import annotations

import itertools
import re

from tests.web.conftest import screenshot
from tests.web.flows import sign_in_at

OTHER_DOCUMENT = "frus1969-76v13/d63"
# A line the corrections test gives its own answer (no other test says it).
CORRECTED_LINE = "Anatoly, tell me honestly how your leadership sees the negotiations now."
OFF_TOPIC = "whats for lunch today"
CLOSENESS = (
    "Closeness: how close in meaning a student’s lines came to the recorded line at the same "
    "point, in conversations played through line by line, from 0 (unrelated) to 1 (the same), "
    "averaged; — if the student played none through. Free play is not counted: there a "
    "transcript card’s closeness says how close the line came to the recorded line matched to it, "
    "or, where your correction chose that line, to the line you corrected."
)


def _record_order(document: str) -> list[int | str]:
    """A sort key: "frus1969-76v13/d25" before "…/d145", the numbers in an id as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", document)]


def sign_in(page, base_url: str, token: str) -> None:
    sign_in_at(page, base_url + "/instructor.html", token)
    page.locator("#dashboard").wait_for(state="visible")
    page.locator("#live-state", has_text="following your classes").wait_for()


def test_live_view_shows_a_students_line_as_it_is_said(live_server, open_page, classroom):
    watched = open_page()
    teacher = watched.page
    sign_in(teacher, live_server.url, live_server.token)
    student = classroom.student("Livia", live_server.class_code)
    line = "Anatol, the summit is on our minds; is Moscow still ready for May?"
    student.locator("#rp-line").fill(line)
    student.locator("#rp-say").get_by_role("button", name="Say it").click()
    entry = teacher.locator('#live-feed li[data-kind="line"]', has_text=line)
    entry.wait_for()
    assert entry.locator("strong").text_content() == "Livia"
    # the exchange follows, and the sessions table updates without a reload
    teacher.locator('#live-feed li[data-kind="reply"]').first.wait_for()
    teacher.locator("#sessions tbody tr", has_text="Livia").wait_for()
    assert watched.errors == []
    # the bearer token never appears in a URL the page opened
    assert live_server.token not in teacher.evaluate(
        "performance.getEntries().map(e => e.name).join(' ')"
    )


def test_correction_flow_changes_the_next_students_answer(live_server, open_page, classroom):
    detail = live_server.get_json(f"/api/documents/{OTHER_DOCUMENT}")
    turns = detail["turns"]
    turn = next(
        t["index"]
        for t, after in itertools.pairwise(turns)
        if t["speaker"] == "kissinger" and after["speaker"] == "dobrynin"
    )
    first = classroom.student("Corrado", live_server.class_code, CORRECTED_LINE)
    before = first.locator("#rp-log > li:not(.mine)").last.text_content()

    watched = open_page()
    teacher = watched.page
    sign_in(teacher, live_server.url, live_server.token)
    teacher.locator("#sessions tbody tr", has_text="Corrado").get_by_role("button").click()
    card = teacher.locator('#transcript li[data-kind="exchange"]', has_text=CORRECTED_LINE)
    card.wait_for()
    card.locator(".correct-button").click()
    form = card.locator("form.correction")
    form.locator(".fix-document").select_option(OTHER_DOCUMENT)
    # the conversations in the record's order, as their names read ("vol. XIII, doc. 25"
    # before "doc. 145"), not sorted as text
    dialogues = [d["id"] for d in live_server.get_json("/api/documents") if d["dialogue"]]
    offered = form.locator(".fix-document option").evaluate_all("os => os.map(o => o.value)")
    assert offered == ["", *sorted(dialogues, key=_record_order)]
    form.locator(f'.fix-turn option[value="{turn}"]').wait_for(state="attached")
    form.locator(".fix-turn").select_option(str(turn))
    # the conversations and lines as a teacher reads them: topic, volume and document, lines
    # counted from 1 (never the volume's id, or turns counted from 0)
    chosen = form.locator(".fix-document option:checked").text_content()
    assert chosen.startswith("vol. ") and "frus" not in chosen
    line = form.locator(".fix-turn option:checked").text_content()
    assert line.startswith(f"Line {turn + 1}: ")
    form.get_by_role("button", name="Save correction").click()
    form.locator(".saved").wait_for()
    assert CORRECTED_LINE in form.locator(".saved").text_content()
    listed = teacher.locator("#corrections li", has_text=CORRECTED_LINE)
    listed.wait_for()
    screenshot(teacher, "instructor-correction")

    second = classroom.student("Corinna", live_server.class_code, CORRECTED_LINE)
    answer = second.locator("#rp-log > li.reply").last
    assert answer.locator(".citation a").first.get_attribute("href").endswith(OTHER_DOCUMENT)
    assert answer.text_content() != before
    # what the page says of the line answered: the instructor chose it (it said "very close
    # (similarity 100%)", the line's closeness to the corrected one, beside another text)
    assert answer.locator("p.meta").text_content() == (
        "Answering Kissinger’s recorded line, which your instructor chose for lines like "
        f"yours: {turns[turn]['clean_text']}"
    )
    # and the teacher's card of it says what its score measures: closeness to the line corrected
    teacher.get_by_role("button", name="Refresh").click()
    teacher.locator("#sessions tbody tr", has_text="Corinna").get_by_role("button").click()
    corrected = teacher.locator('#transcript li[data-kind="exchange"]', has_text=CORRECTED_LINE)
    corrected.locator(".tier", has_text="your correction").wait_for()
    assert (
        corrected.locator(".score").text_content(),
        corrected.locator(".score").get_attribute("title"),
    ) == (
        "closeness 1.00",
        "How close in meaning the student’s line is to the line you corrected (1: the same "
        "line): your correction chose the recorded line, not the search.",
    )

    listed.get_by_role("button", name="Undo").click()
    listed.wait_for(state="detached")
    third = classroom.student("Cormac", live_server.class_code, CORRECTED_LINE)
    assert third.locator("#rp-log > li:not(.mine)").last.text_content() == before
    assert watched.errors == []


def test_struggle_view_lists_unanswered_lines_and_charts_progress(
    live_server, open_page, classroom
):
    student = classroom.student("Strugo", live_server.class_code, OFF_TOPIC)
    student.locator("#rp-log > li.no-match").last.wait_for()

    watched = open_page()
    page = watched.page
    sign_in(page, live_server.url, live_server.token)
    unanswered = page.locator("#unanswered li", has_text=OFF_TOPIC)
    unanswered.first.wait_for()
    assert "Strugo, as Kissinger" in unanswered.first.text_content()
    bar = page.locator('#progress-chart svg g[data-student="Strugo"]')
    bar.wait_for()
    assert bar.locator("rect.bar-refused").get_attribute("width") != "0"
    row = page.locator("#progress-table tbody tr", has_text="Strugo")
    assert row.locator("td").nth(4).text_content() == "1"  # one line with no match
    # what the Closeness column measures, under the table and as its heading's tooltip
    assert page.locator("#closeness-legend").text_content() == CLOSENESS
    assert page.locator("#progress-table th", has_text="Closeness").get_attribute("title") == (
        CLOSENESS
    )
    page.locator("#struggles-view").scroll_into_view_if_needed()
    screenshot(page, "instructor-struggles")
    # from the list to the line's card in its transcript, ready to be given an answer
    unanswered.first.get_by_role("button", name="Open in the transcript").click()
    card = page.locator('#transcript li[data-kind="exchange"].is-selected')
    card.wait_for()
    assert card.get_attribute("data-status") == "no_match"
    assert card.locator(".student-line").text_content() == OFF_TOPIC
    assert "nothing was presented as the answer" in card.locator(".refusal").text_content()
    assert card.locator(".correct-button").text_content() == "Give this line an answer"
    assert watched.errors == []
