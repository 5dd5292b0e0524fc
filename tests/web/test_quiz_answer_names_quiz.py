"""The student page's quiz answer names its quiz (``quiz.question``'s ``quiz``) beside its
question's id: question ids count from ``q1`` in every quiz, so an answer sent late for an
earlier quiz (a message held, then sent again) was taken as one to the quiz running."""

from __future__ import annotations

import json

from tests.web.flows import heard, join, received, start_quiz, wait_for_seen


def test_the_page_names_the_quiz_its_answer_is_of(live_server, open_page):
    watched = open_page()
    page = watched.page
    answers: list[dict] = []

    def sent(frame: str) -> None:
        msg = json.loads(frame)
        if msg.get("type") == "quiz.answer":
            answers.append(msg)

    page.on("websocket", lambda ws: ws.on("framesent", sent))
    questions = received(page, "quiz.question")
    join(page, live_server.url, "Quintilla Quizname", live_server.class_code)
    start_quiz(page, "Who said it?", 2)
    page.locator("#quiz-progress", has_text="Question 1 of 2").wait_for()
    first = heard(page, questions, 0)
    choice = first["choices"][1]["id"]
    page.locator(f'#quiz-choices button[data-choice="{choice}"]').click()
    page.locator("#quiz-next").wait_for(state="visible")
    wait_for_seen(page, lambda: answers, "the answer sent")
    assert [{k: v for k, v in a.items() if k != "seq"} for a in answers] == [
        {"type": "quiz.answer", "quiz": first["quiz"], "id": "q1", "answer": choice}
    ]
    assert watched.errors == []
