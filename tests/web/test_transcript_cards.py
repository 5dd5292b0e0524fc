"""Transcript cards as the instructor reads them: a pick named as the student's choice, each
line offered cited as the student read it, and the correction form offering the lines the
student may have meant, never the match being marked wrong (choosing it again would change
nothing)."""

from __future__ import annotations

from tests.web.flows import NEAR_LINE, SEED, SEED_LINE, cited
from tests.web.test_review import sign_in

# The first line offered for NEAR_LINE (vol. XII, doc. 188, line 14), cited as the student's
# page cites it: FRUS volume, document and page, the date, the archival source.
FIRST_DOC = "frus1969-76v12/d188"
OFFERED_FIRST = (
    "FRUS 1969–1976, vol. XII, doc. 188, p. 580 · July 27, 1970, 8:45 a.m. · Library of "
    "Congress, Manuscript Division, Kissinger Papers, Box 364, Telephone Conversations, "
    "Chronological File. No classification marking."
)


def test_the_correction_form_leaves_out_the_match_marked_wrong(live_server, open_page, classroom):
    student = classroom.student("Quillon", live_server.class_code, SEED_LINE)
    assert (
        student.locator("#rp-log > li.reply")
        .last.locator(".citation a")
        .first.get_attribute("href")
        .endswith(SEED)
    )

    watched = open_page()
    teacher = watched.page
    sign_in(teacher, live_server.url, live_server.token)
    teacher.locator("#sessions tbody tr", has_text="Quillon").get_by_role("button").click()
    card = teacher.locator('#transcript li[data-kind="exchange"]', has_text=SEED_LINE)
    card.wait_for()
    assert card.locator(".matched-line .help").text_content() == " (vol. XXXIX, doc. 107, line 1)"
    card.get_by_role("button", name="Mark this match wrong").click()
    form = card.locator("form.correction")
    form.wait_for()
    values = form.locator('input[type="radio"]').evaluate_all("els => els.map(e => e.value)")
    assert f"{SEED}#0" not in values
    assert values[-1] == "any" and len(values) >= 2  # other lines offered, and any line
    assert watched.errors == []


def test_a_picked_line_reads_as_the_students_choice_and_counts_once(
    live_server, open_page, classroom
):
    student = classroom.student("Rosalind", live_server.class_code, NEAR_LINE)
    offer = student.locator("#rp-log > li.no-match").last
    seen = [cited(c) for c in offer.locator(".picks > li > .citation").all()]
    assert seen[0] == (OFFERED_FIRST, "https://history.state.gov/historicaldocuments/" + FIRST_DOC)
    offer.locator("button.pick").first.click()
    student.locator("#rp-log > li.picked").wait_for()

    teacher = open_page().page
    sign_in(teacher, live_server.url, live_server.token)
    row = teacher.locator("#sessions tbody tr", has_text="Rosalind")
    # One line typed: its refusal and the pick's reply are one line, not two.
    assert row.locator("td").nth(2).text_content() == "1"
    row.get_by_role("button").click()
    card = teacher.locator('#transcript li[data-status="picked"]')
    card.wait_for()
    labels = card.locator(".ex-label").all_text_contents()
    assert "Recorded line the student picked" in labels and "Matched recorded line" not in labels
    # each line offered cited as the student read it: it gave "(vol. XII, doc. 188, line 14)"
    # alone, without the page, date and archival source
    offered = card.locator(".suggestions > li")
    assert (
        offered.first.locator(".record-line")
        .text_content()
        .endswith("(vol. XII, doc. 188, line 14)")
    )
    assert [cited(c) for c in offered.locator(".citation").all()] == seen
    assert teacher.locator("#session-meta").text_content().endswith(" · 1 line")
