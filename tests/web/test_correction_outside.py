"""A line refused within a scenario that the rest of the record answers: the student was told
which conversation outside it answers the line, but the instructor's correction form offered
only the search's lines inside the scenario, so the teacher had to find that conversation and
its line again in the menus. The form now offers it first, said to be the rest of the record's
answer, with its recorded reply; choosing it answers the class's line with that reply.

The class is a new instructor's own (IR186), so the other browser tests' class is untouched.
"""

from __future__ import annotations

import re

from tests.web.flows import SEED, SEED_LINE, first_exchange, join, open_class, received, say

CLASS = "IR186"
WAR = "topic:war-1973"


def test_the_correction_form_offers_what_the_rest_of_the_record_answers_with(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Kertész", CLASS)
    student = open_page().page
    replies = received(student, "reply")
    join(student, live_server.url, "Zsofia", CLASS)
    student.locator("#rp-scenario").select_option(WAR)  # her own choice: the class has none
    student.locator("#rp-setup").get_by_role("button", name="Start").click()
    student.locator("#rp-say").wait_for(state="visible")
    say(student, SEED_LINE)  # the seed's words: its conversation lies outside the war
    refused = replies[-1]
    assert (refused["status"], refused["elsewhere"]["document"]) == ("no_match", SEED)
    recorded = {
        e["prompt"]["turn"]: e
        for e in live_server.get_json(f"/api/documents/{SEED}/exchanges?as=kissinger")
    }[0]  # the seed's first line, the whole record's answer to the student's

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    card = first_exchange(page, "Zsofia")
    card.locator(".correct-button").click()
    form = card.locator("form.correction")
    first = form.locator(".fix-choice").first
    first.wait_for()
    assert first.get_attribute("data-document") == SEED
    assert first.locator("label").text_content() == (
        f" “{recorded['prompt']['text']}” (vol. XXXIX, doc. 107, line 1) — the rest of the "
        "record answers the line with it, outside the scenario it was refused in"
    )
    assert first.locator(".fix-reply .record-turn .words").all_text_contents() == [
        t["clean_text"] for t in recorded["reply"]["turns"]
    ]
    # the scenario's own lines offered to the student follow it
    rest = form.locator(".fix-choice").evaluate_all("els => els.map(e => e.dataset.document)")
    assert rest[0] == SEED and SEED not in rest[1:]
    assert form.locator(".fix-outside-note").text_content() == ""  # the class has no scenario

    first.locator("input").check()
    form.get_by_role("button", name="Save correction").click()
    saved = form.locator(".saved")
    saved.wait_for()
    assert saved.text_content() == (
        f"Saved. From now on, “{SEED_LINE}” and close paraphrases of it, said in {CLASS} as "
        "Kissinger, are answered with Dobrynin’s reply to Kissinger’s recorded line "
        f"“{recorded['prompt']['text']}” (vol. XXXIX, doc. 107, line 1), below."
    )

    # Once the class is kept within the war, the form keeps to it: the line is held back with
    # the search's other lines outside, and the note says it is the one the record answers with
    form.get_by_role("button", name="Undo").click()
    page.get_by_label("Role-play within").select_option(WAR)
    page.get_by_role("button", name="Set for the class").click()
    page.locator("#class-scenario-status", has_text="Set.").wait_for()
    card.locator(".correct-button").click()
    note = form.locator(".fix-outside-note")
    note.filter(has_text="not shown").wait_for()
    assert note.text_content() == (
        "1 of the lines the search offered lies outside “The October 1973 war” (our summary), "
        "not shown: the one the rest of the record answers the line with."
    )
    assert first.is_hidden()
    form.get_by_label(re.compile("Show the whole record, not only “The October 1973 war”")).check()
    assert first.is_visible()
    assert watched.errors == []
