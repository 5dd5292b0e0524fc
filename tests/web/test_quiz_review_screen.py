"""The review screen after a quiz: each line asked about quoted as the record prints it, who
spoke it named before the quotation marks, never inside them as if part of his words."""

from __future__ import annotations

from tests.web.flows import join, received

NAMES = {"kissinger": "Kissinger", "dobrynin": "Dobrynin"}  # as the page names them


def take_quiz(page, mode: str, count: int) -> None:
    """A quiz of ``mode``, each question answered with its first choice."""
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label(mode).check()
    page.get_by_label("Number of questions").fill(str(count))
    page.get_by_role("button", name="Start quiz").click()
    for number in range(1, count + 1):
        page.locator("#quiz-progress", has_text=f"Question {number} of {count}").wait_for()
        page.locator("#quiz-choices button.choice").first.click()
        page.locator("#quiz-next").wait_for(state="visible")
        page.locator("#quiz-next").click()
    page.locator("#quiz-summary").wait_for(state="visible")


def test_what_came_next_names_the_speaker_before_the_quoted_line(live_server, open_page):
    watched = open_page()
    page = watched.page
    questions = received(page, "quiz.question")  # from the page's connection, opened on joining
    join(page, live_server.url, "Quentin", live_server.class_code)
    take_quiz(page, "What came next?", 3)

    assert len(questions) == 3
    for question in questions:
        prompt = question["prompt"]
        item = page.locator(f'#quiz-review li[data-item="{question["item"]}"]')
        said = f"{NAMES[prompt['speaker']]}: "
        # the quotation marks (the q element's) hold exactly the record's words
        assert item.locator(".review-ask q").text_content() == prompt["text"]
        assert item.locator(".review-ask").text_content() == (
            f"What came next? {said}{prompt['text']}"
        )
    assert watched.errors == []
