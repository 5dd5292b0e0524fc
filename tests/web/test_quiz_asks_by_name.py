""" "What came next?" asks for the line by the name of the one who spoke it: the question showed
a recorded line and asked "What came next?", and the student was not told whether Kissinger
went on or Dobrynin answered. The question now reads "What did Dobrynin say next?" (the
quiz.question's `answer_speaker`), after a reload on its feedback too, and so does its entry
on the review screen ("What did Dobrynin say next after Kissinger: “…”").

Who spoke the line asked for is read here from the record (GET /api/documents/ID: the turn
after the prompt), not from the message the page was sent.
"""

from __future__ import annotations

from tests.web.flows import heard, join, received, start_quiz

NAMES = {"kissinger": "Kissinger", "dobrynin": "Dobrynin"}  # as the page names them


def _next_speaker(live_server, prompt: dict) -> str:
    """The page's name of who spoke the recorded turn after ``prompt``'s."""
    turns = live_server.get_json(f"/api/documents/{prompt['document']}")["turns"]
    return NAMES[turns[prompt["turn"] + 1]["speaker"]]


def test_what_came_next_asks_by_the_name_of_whose_line_is_wanted(live_server, open_page):
    watched = open_page()
    page = watched.page
    questions = received(page, "quiz.question")
    join(page, live_server.url, "Aristarchus", live_server.class_code)
    start_quiz(page, "What came next?", 3)

    asked = []
    for number in range(1, 4):
        page.locator("#quiz-progress", has_text=f"Question {number} of 3").wait_for()
        question = heard(page, questions, number - 1)
        name = _next_speaker(live_server, question["prompt"])
        asked.append((question, name))
        # was "What came next?", whoever's line was wanted
        assert page.locator("#quiz-ask").text_content() == f"What did {name} say next?"
        assert page.locator("#quiz-prompt .record-turn:not(.context-line)").text_content() == (
            f"{NAMES[question['prompt']['speaker']]}: {question['prompt']['text']}"
        )
        page.locator("#quiz-choices button.choice").first.click()
        page.locator("#quiz-next").wait_for(state="visible")
        if number == 2:
            # reloaded on the answer's feedback: the question shown again, asked by name
            page.reload()
            page.locator("#quiz-next").wait_for(state="visible")
            assert page.locator("#quiz-ask").text_content() == f"What did {name} say next?"
        page.locator("#quiz-next").click()
    page.locator("#quiz-summary").wait_for(state="visible")

    for question, name in asked:
        prompt = question["prompt"]
        item = page.locator(f'#quiz-review li[data-item="{question["item"]}"] .review-ask')
        # his words inside the quotation marks, exactly as recorded
        assert item.locator("q").text_content() == prompt["text"]
        assert item.text_content() == (
            f"What did {name} say next after {NAMES[prompt['speaker']]}: {prompt['text']}"
        )
    assert watched.errors == []
