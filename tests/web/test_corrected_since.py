"""A transcript card after a correction: what the student saw stays as it was, and below it
the card says what the class gets for the line now (found by the teacher's walk: the card
read as before, "Mark this match wrong" and all, so a teacher could not tell the line was
corrected already).

The class is a new instructor's own (IR235), so the other browser tests' class is untouched.
"""

from __future__ import annotations

from tests.web.conftest import screenshot
from tests.web.flows import SEED, SEED_LINE, first_exchange, open_class

CLASS = "IR235"


def test_a_corrected_line_s_card_keeps_what_the_student_saw_and_says_what_the_class_gets_now(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Ferreira", CLASS)
    classroom.student("Nia", CLASS, SEED_LINE)
    exchanges = live_server.get_json(f"/api/documents/{SEED}/exchanges?as=kissinger")
    first = next(e for e in exchanges if e["prompt"]["turn"] == 0)
    other = next(e for e in exchanges if e["prompt"]["turn"] != 0)
    turn = other["prompt"]["turn"]

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    card = first_exchange(page, "Nia")
    assert card.locator(".matched-line").text_content() == (
        f"Kissinger: {first['prompt']['text']} (vol. XXXIX, doc. 107, line 1)"
    )
    assert card.locator(".corrected-since").count() == 0
    card.locator(".correct-button").click()
    form = card.locator("form.correction")
    form.locator(".fix-document option").nth(1).wait_for(state="attached")
    form.locator(".fix-document").select_option(SEED)
    form.locator(f'.fix-turn option[value="{turn}"]').wait_for(state="attached")
    form.locator(".fix-turn").select_option(str(turn))
    form.get_by_role("button", name="Save correction").click()
    form.locator(".saved").wait_for()

    # read again later (the transcript's own address, reloaded; the tab keeps the sign-in):
    # the card as the student saw it
    page.reload()
    card = page.locator('#transcript li[data-kind="exchange"]').first
    now = card.locator(".corrected-since")
    now.wait_for()
    assert card.locator(".matched-line").text_content() == (
        f"Kissinger: {first['prompt']['text']} (vol. XXXIX, doc. 107, line 1)"
    )
    assert card.locator(".tier").text_content() != "your correction"
    said = card.locator(".ex-row", has_text="Reply, Dobrynin (verbatim)")
    assert said.locator(".record-turn .words").all_text_contents() == [
        t["clean_text"] for t in first["reply"]["turns"]
    ]
    # and below it, what the class gets now, cited
    lead = now.locator(".ex-body > p").first.text_content()
    assert lead.startswith("Corrected since (")
    assert lead.endswith(
        "): for this line your class now gets the reply that followed "
        f"Kissinger: “{other['prompt']['text']}” (vol. XXXIX, doc. 107, line {turn + 1}):"
    )
    assert now.locator(".record-turn .words").all_text_contents() == [
        t["clean_text"] for t in other["reply"]["turns"]
    ]
    assert now.locator(".citation a").first.get_attribute("href") == other["citation"]["url"]
    assert now.locator(".help").text_content() == "What the student saw above is kept as it was."
    assert card.locator(".correct-button").text_content() == "Change your correction"
    screenshot(page, "instructor-corrected-since")

    # undone from the corrections list: the card is as it was, the search answering the line
    page.locator("#corrections li", has_text=SEED_LINE).get_by_role("button", name="Undo").click()
    page.locator("#corrections-empty").wait_for()
    card.locator(".corrected-since").wait_for(state="detached")
    assert card.locator(".correct-button").text_content() == "Mark this match wrong"
    assert watched.errors == []
