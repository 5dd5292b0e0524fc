""" "What came next?" and the editors' note printed after the right reply: kept out of the
choices (it would point at the answer), shown once the answer is revealed, marked as editorial
and apart from the recorded words, on the question's feedback and on the review after the quiz.

The class is a new instructor's own (QED107), set with the CLI to one conversation, FRUS vol.
XXXIX doc. 107, whose last line (Dobrynin's, p. 329) the source follows with the note.
"""

from __future__ import annotations

from tests.web.conftest import _cli, add_instructor
from tests.web.flows import join, received

CLASS = "QED107"
SEED = "frus1969-76v39/d107"
ASKED = "Well, try us. We may fool you."  # Kissinger, turn 54
REPLY = "I don’t want to interfere in your domestic affairs."  # Dobrynin, turn 55
NOTE = "[Omitted here is discussion of matters other than a European security conference or MBFR.]"
EDITORIAL = "editorial note, not speech"


def test_the_revealed_reply_shows_the_editors_note_after_it_as_editorial(live_server, open_page):
    add_instructor("Prof. Ruhl", CLASS, live_server.data, live_server.env)
    where = ("--data", str(live_server.data))
    scenario = ("instructor", "scenario", CLASS, f"conversation:{SEED}", *where)
    assert _cli(*scenario, env=live_server.env).returncode == 0

    watched = open_page()
    page = watched.page
    questions = received(page, "quiz.question")
    join(page, live_server.url, "Vera", CLASS)
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label("What came next?").check()
    page.get_by_label("Number of questions").fill("50")  # every question the conversation holds
    page.get_by_role("button", name="Start quiz").click()

    seen = 0
    while True:
        page.locator("#quiz-progress", has_text=f"Question {seen + 1} of").wait_for()
        question = questions[seen]
        seen += 1
        choices = page.locator("#quiz-choices button.choice")
        if question["prompt"]["text"] != ASKED:
            choices.first.click()
        else:
            texts = choices.locator(".text").all_text_contents()
            assert REPLY in texts and not any("Omitted" in t for t in texts)
            wrong = next(i for i, t in enumerate(texts) if t != REPLY)
            choices.nth(wrong).click()  # answered wrong: the right reply is revealed
            page.locator("#quiz-feedback .verdict").wait_for()
            right = page.locator("#quiz-choices button.is-right .text")
            assert right.evaluate("(s) => s.firstChild.textContent") == REPLY
            note = right.locator(".record-note .editorial")
            assert (note.text_content(), note.get_attribute("title")) == (NOTE, EDITORIAL)
            assert page.locator("#quiz-choices .record-note").count() == 1
            explanation = page.locator("#quiz-feedback .explanation").text_content()
            assert explanation.startswith(f"Anatoly Dobrynin answered: “{REPLY}” (vol. XXXIX")
            assert "Omitted" not in explanation
        page.locator("#quiz-next").wait_for(state="visible")
        if page.locator("#quiz-next").text_content() == "See your score":
            break
        page.locator("#quiz-next").click()
    assert ASKED in [q["prompt"]["text"] for q in questions]

    page.locator("#quiz-next").click()
    page.locator("#quiz-summary").wait_for(state="visible")
    item = page.locator(f'#quiz-review li[data-item="{SEED}#55"]')
    assert item.locator(".answer-line").all_text_contents()[1] == f"Right answer: {REPLY}"
    note = item.locator(".record-note .editorial")
    assert (note.text_content(), note.get_attribute("title")) == (NOTE, EDITORIAL)
    assert page.locator("#quiz-review .record-note").count() == 1
    assert watched.errors == []
