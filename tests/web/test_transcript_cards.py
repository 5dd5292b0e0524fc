"""Transcript cards as the instructor reads them: a pick named as the student's choice, and
the correction form offering the lines the student may have meant, never the match being
marked wrong (choosing it again would change nothing)."""

from __future__ import annotations

from tests.web.flows import NEAR_LINE, SEED, SEED_LINE
from tests.web.test_review import sign_in


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
    student.locator("#rp-log > li.no-match").last.locator("button.pick").first.click()
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
    assert teacher.locator("#session-meta").text_content().endswith(" · 1 line")
