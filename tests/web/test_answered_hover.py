"""An answered question's choices keep their marks under the pointer: after the answer the
choices are disabled, and a choice the student did not pick turned the pink of a wrong answer
while the mouse rested on it (the plain button hover colour), as if the student had chosen it."""

from __future__ import annotations

from tests.web.flows import heard, join, received, start_quiz


def test_a_choice_under_the_pointer_after_the_answer_keeps_its_colour(live_server, open_page):
    watched = open_page()
    page = watched.page
    questions = received(page, "quiz.question")
    results = received(page, "quiz.result")
    join(page, live_server.url, "Hovering Hortense", live_server.class_code)
    start_quiz(page, "What came next?", 2)
    page.locator("#quiz-choices button.choice").first.wait_for()
    picked = heard(page, questions, 0)["choices"][0]["id"]
    page.locator(f'#quiz-choices button[data-choice="{picked}"]').click()
    page.locator("#quiz-next").wait_for(state="visible")
    answer = heard(page, results, 0)["answer"]
    # a choice neither picked nor right: plain, as before the answer, with the pointer on it
    other = next(c["id"] for c in questions[0]["choices"] if c["id"] not in (picked, answer))
    untouched = page.locator(f'#quiz-choices button[data-choice="{other}"]')
    assert untouched.get_attribute("class") == "choice"
    page.mouse.move(0, 0)  # the pointer off every choice: the click may leave it on this one
    assert not untouched.evaluate("b => b.matches(':hover')")
    plain = untouched.evaluate("b => getComputedStyle(b).backgroundColor")
    untouched.hover(force=True)
    assert untouched.evaluate("b => b.matches(':hover') && b.disabled")
    assert untouched.evaluate("b => getComputedStyle(b).backgroundColor") == plain
    assert watched.errors == []
