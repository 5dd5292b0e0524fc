"""An instructor marks a matched line as one the record does not answer: the correction form's
"None" choice, the corrections list, the transcript card and the student's next refusal.

The class is a new instructor's own (IR175), so the other browser tests' classes are untouched.
"""

from __future__ import annotations

from tests.web.flows import SEED, SEED_LINE, first_exchange, open_class

CLASS = "IR175"


def test_a_line_marked_unanswered_is_refused_to_the_class_with_the_closest_lines(
    live_server, open_page, classroom
):
    token = classroom.teacher("Prof. Lund", CLASS)
    first = classroom.student("Jonas", CLASS, SEED_LINE)
    answered = first.locator("#rp-log > li:not(.mine)").last
    assert "no-match" not in (answered.get_attribute("class") or "")

    watched = open_page()
    page = watched.page
    open_class(page, live_server.url, token, CLASS)
    card = first_exchange(page, "Jonas")
    card.locator(".correct-button").click()
    form = card.locator("form.correction")
    form.get_by_label("None: nothing in the record answers this line").check()
    form.get_by_role("button", name="Save correction").click()
    saved = form.locator(".saved")
    saved.wait_for()
    assert saved.text_content() == (
        f"Saved. From now on, “{SEED_LINE}” and close paraphrases of it, said in {CLASS} as "
        "Kissinger, are refused: your students read that you found nothing in the record that "
        "answers it, and are offered the closest recorded lines."
    )
    listed = page.locator("#corrections li")
    listed.first.wait_for()
    assert listed.count() == 1
    assert listed.first.text_content() == (
        f"{SEED_LINE} → nothing in the record answers it (refused, as Kissinger) Undo"
    )
    # the list's own words say it holds such lines too: it said only "Lines you gave the right
    # recorded answer. This class’s students get it …", above a line given none
    help_text = page.locator("#corrections-view > p.help").first.text_content()
    assert " ".join(help_text.split()) == (
        "Lines you gave the right recorded answer, or marked as lines nothing in the record "
        "answers. This class’s students get that answer, cited as always, or that refusal, for "
        "the line and close paraphrases of it; Undo gives the line back to the search."
    )

    # the next student of the class who says it is told so, the search's answer offered
    second = classroom.student("Karin", CLASS, SEED_LINE)
    refusal = second.locator("#rp-log > li.no-match").last
    assert refusal.locator(".verdict").text_content() == (
        "Your instructor found nothing in the record that answers this line."
    )
    # what to do is said once: the hint said "pick one to hear what followed it" above the
    # list's own "Did you mean one of these recorded lines? Pick one to hear what followed it"
    assert refusal.locator(".hint").text_content() == (
        "Try another line. A recorded line offered below is only the closest: what followed it "
        "may not answer yours either."
    )
    assert refusal.text_content().lower().count("pick one") == 1
    offered = refusal.locator(".pick-line")
    assert offered.count() >= 1
    seed_first = live_server.get_json(f"/api/documents/{SEED}")["turns"][0]["clean_text"]
    assert offered.first.text_content() == seed_first

    # and the instructor's transcript of that student says whose refusal it was
    page.reload()
    page.locator("#class-title", has_text=f"Class {CLASS}").wait_for()
    card = first_exchange(page, "Karin")
    card.locator(".refusal").wait_for()
    assert card.locator(".tier").text_content() == "your correction"
    assert card.locator(".refusal").text_content() == (
        "Refused: nothing was presented as the answer to this line. Your correction refused "
        "it: you marked the line (or one it rephrases) as one the record does not answer."
    )
    assert watched.errors == []
