"""A reload while a question's feedback is shown: the student sees that feedback again (the
verdict, the recorded answer and its citation, the score so far), then goes on from there; no
answer is lost or counted twice."""

from __future__ import annotations

from tests.web.flows import heard, join, received, start_quiz


def answer(page, number: int, count: int, choice: str) -> None:
    """Answer question ``number`` with ``choice`` and wait for its feedback."""
    page.locator("#quiz-progress", has_text=f"Question {number} of {count}").wait_for()
    page.locator(f'#quiz-choices button[data-choice="{choice}"]').click()
    page.locator("#quiz-next").wait_for(state="visible")


def card(page) -> dict:
    """The question card as the student sees it: progress, prompt, each choice with its mark,
    the feedback's words and its citation's link, and the button under it."""
    choices = page.locator("#quiz-choices button.choice")
    return {
        "progress": page.locator("#quiz-progress").text_content(),
        "prompt": page.locator("#quiz-prompt").text_content(),
        "choices": [
            (b.get_attribute("data-choice"), b.get_attribute("class"), b.text_content())
            for b in choices.all()
        ],
        "feedback": page.locator("#quiz-feedback").text_content(),
        "class": page.locator("#quiz-feedback").get_attribute("class"),
        "links": [a.get_attribute("href") for a in page.locator("#quiz-feedback a").all()],
        "next": page.locator("#quiz-next").text_content(),
    }


def test_a_reload_on_the_feedback_shows_it_again(live_server, open_page):
    """Reloaded on question 1's feedback, the page showed question 2 (the server had moved
    on): whether the answer was right, the recorded answer and its citation were never seen."""
    watched = open_page()
    page = watched.page
    questions = received(page, "quiz.question")
    results = received(page, "quiz.result")
    join(page, live_server.url, "Quirinus", live_server.class_code)
    start_quiz(page, "Who said it?", 3)
    page.locator("#quiz-progress", has_text="Question 1 of 3").wait_for()
    first = heard(page, questions, 0)
    answer(page, 1, 3, first["choices"][0]["id"])
    shown = card(page)
    result = heard(page, results, 0)
    assert shown["progress"].startswith("Question 1 of 3")
    assert shown["feedback"].endswith(f"Score so far: {result['score']} of 1.")
    assert shown["next"] == "Next question"

    page.reload()
    page.locator("#quiz-next").wait_for(state="visible")
    assert page.locator("#quiz").is_visible() and page.locator("#roleplay").is_hidden()
    assert card(page) == shown
    assert len(results) == 1  # nothing answered again

    # From there on as before: the next question, then the score counts each answer once.
    page.locator("#quiz-next").click()
    page.locator("#quiz-progress", has_text="Question 2 of 3").wait_for()
    assert page.locator("#quiz-feedback").text_content() == ""
    second = heard(page, questions, 1)
    assert second["id"] != first["id"]
    answer(page, 2, 3, second["choices"][0]["id"])
    assert page.locator("#quiz-feedback .help").text_content() == (
        f"Score so far: {heard(page, results, 1)['score']} of 2."
    )
    assert results[1]["score"] - result["score"] == int(results[1]["correct"])

    # Moved on to question 3 and reloaded: question 3, not question 2's feedback again.
    page.locator("#quiz-next").click()
    page.locator("#quiz-progress", has_text="Question 3 of 3").wait_for()
    page.reload()
    page.locator("#quiz-progress", has_text="Question 3 of 3").wait_for()
    page.locator("#quiz-choices button.choice").first.wait_for()
    assert page.locator("#quiz-next").is_hidden()
    assert page.locator("#quiz-feedback").text_content() == ""
    assert watched.errors == []


def test_a_reload_on_the_last_feedback_shows_it_before_the_score(live_server, open_page):
    """Reloaded on the last question's feedback, the page showed the score screen: the
    feedback the student was reading (right or wrong, the recorded answer, its citation) was
    gone."""
    watched = open_page(width=390, height=844)
    page = watched.page
    questions = received(page, "quiz.question")
    results = received(page, "quiz.result")
    join(page, live_server.url, "Leocadia", live_server.class_code)
    start_quiz(page, "What came next?", 2)
    page.locator("#quiz-progress", has_text="Question 1 of 2").wait_for()
    answer(page, 1, 2, heard(page, questions, 0)["choices"][0]["id"])
    page.locator("#quiz-next").click()
    page.locator("#quiz-progress", has_text="Question 2 of 2").wait_for()
    last = heard(page, questions, 1)
    given = last["choices"][0]["id"]
    answer(page, 2, 2, given)
    shown = card(page)
    heard(page, results, 1)
    assert shown["next"] == "See your score"
    assert shown["feedback"].endswith(f"Score so far: {results[1]['score']} of 2.")
    assert shown["links"] == [results[1]["citation"]["url"]]

    page.reload()
    page.locator("#quiz-next").wait_for(state="visible")
    assert card(page) == shown
    assert page.locator("#quiz-summary").is_hidden()

    page.locator("#quiz-next").click()
    page.locator("#quiz-summary").wait_for(state="visible")
    total = results[0]["correct"] + results[1]["correct"]
    assert page.locator("#quiz-score").text_content() == f"{total} of 2 correct"
    assert page.locator("#quiz-review li.review-item").count() == 2

    # Reloaded on the score screen after that: the score screen, as before.
    page.reload()
    page.locator("#quiz-summary").wait_for(state="visible")
    assert page.locator("#quiz-score").text_content() == f"{total} of 2 correct"
    assert page.locator("#quiz-question").is_hidden()
    assert watched.errors == []
