"""The quiz's feedback marks as the student's the answer the server kept for the question, not
the choice pressed where the server kept another: an answer of the question's first try,
stored before the connection was lost, is the answer (tests/server/test_quiz_resumed_answers.py),
and the result says so (``given``). The choice pressed stayed marked as chosen beside the kept
one, marked "Your answer": two answers shown as the student's."""

from __future__ import annotations

import json
import re

from tests.web.flows import heard, join, received, start_quiz


def test_the_feedback_marks_the_answer_the_server_kept(live_server, open_page):
    watched = open_page()
    page = watched.page
    questions = received(page, "quiz.question")
    results = received(page, "quiz.result")

    def route(ws) -> None:
        """The page's socket to the server, its first answer given as the other choice: the
        choice the server holds for the question, as after a first try kept before a drop."""
        server = ws.connect_to_server()

        def to_server(message) -> None:
            msg = json.loads(message)
            if msg.get("type") == "quiz.answer" and not results:
                ids = [c["id"] for c in questions[0]["choices"]]
                msg["answer"] = next(i for i in ids if i != msg["answer"])
            server.send(json.dumps(msg))

        ws.on_message(to_server)

    page.route_web_socket(re.compile(r"/ws$"), route)
    join(page, live_server.url, "Theodolinda", live_server.class_code)
    start_quiz(page, "Who said it?", 2)
    page.locator("#quiz-progress", has_text="Question 1 of 2").wait_for()
    first = heard(page, questions, 0)
    pressed, kept = (c["id"] for c in first["choices"])
    page.locator(f'#quiz-choices button[data-choice="{pressed}"]').click()
    page.locator("#quiz-next").wait_for(state="visible")
    result = heard(page, results, 0)
    assert result["given"] == kept
    chosen = page.locator("#quiz-choices button.is-chosen")
    assert [b.get_attribute("data-choice") for b in chosen.all()] == [kept]
    mine = page.locator("#quiz-choices button", has_text="Your answer")
    assert [b.get_attribute("data-choice") for b in mine.all()] == [kept]
    assert watched.errors == []
