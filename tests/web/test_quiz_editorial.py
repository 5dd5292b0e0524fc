""" "What came next?" and the editors' note printed after the right reply: kept out of the
choices (it would point at the answer), shown once the answer is revealed, marked as editorial
and apart from the recorded words, on the question's feedback and on the review after the quiz.

The class is a new instructor's own (QED107), set with the CLI to one conversation, FRUS vol.
XXXIX doc. 107, whose last line (Dobrynin's, p. 329) the source follows with the note.

The instructor of the class reads the same note, as editorial, after the right answer: on the
answer's entry in the live feed (as it comes and after a reload) and on its transcript card,
which also gives the feedback Milo read, where each wrong choice was said.

An editors' mark *inside* a line (Dobrynin's "… a multilateral [omission in original
transcript] conference.", turn 1) is shown as theirs wherever the quiz quotes the line.
"""

from __future__ import annotations

from tests.served import _cli
from tests.web.flows import MARK, SPOKEN_JS, heard, join, live_feed, open_class, received
from tests.web.flows import MARKED_SPOKEN as SPOKEN

CLASS = "QED107"
SEED = "frus1969-76v39/d107"
ASKED = "Well, try us. We may fool you."  # Kissinger, turn 54
REPLY = "I don’t want to interfere in your domestic affairs."  # Dobrynin, turn 55
BEFORE = (  # Dobrynin, turn 53, with the transcriber's "(laughter)"
    "This is so, they will and you will make a statement—if not you, but maybe some other "
    "person will tell it—it’s a dirty trick. (laughter)"
)
NOTE = "[Omitted here is discussion of matters other than a European security conference or MBFR.]"
EDITORIAL = "editorial note, not speech"


def _class_set_to_d107(classroom, teacher: str, code: str) -> str:
    """A new instructor's class set to the one conversation: the instructor's token."""
    token = classroom.teacher(teacher, code)
    where = ("--data", str(classroom.server.data))
    scenario = ("instructor", "scenario", code, f"conversation:{SEED}", *where)
    assert _cli(*scenario, env=classroom.server.env).returncode == 0
    return token


def _start_every_question(page) -> None:
    page.get_by_role("button", name="Quiz").click()
    page.get_by_label("What came next?").check()
    page.get_by_label("Number of questions").fill("50")  # every question the conversation holds
    page.get_by_role("button", name="Start quiz").click()


# Dobrynin's line 2 (turn 1, p. 327): the editors' bracket inside it is theirs, not his words
LINE = (
    "What about the conference—this was a multilateral [omission in original transcript] "
    "conference."
)


def _marked(node, spoken: str) -> None:
    """``node`` shows the mark as the editors' (one span.editorial, labelled so) and its
    other words, the spoken ones, outside it."""
    mark = node.locator("span.editorial")
    assert mark.all_text_contents() == [MARK]
    assert mark.get_attribute("title") == EDITORIAL
    assert node.evaluate(SPOKEN_JS) == spoken


def test_the_editors_note_and_mark_are_editorial_on_every_page_of_a_quiz(
    live_server, open_page, classroom
):
    """One student plays every question of the conversation once, the instructor's page open
    (the quiz was played three times, by three tests, one student and class each: what each
    checked is checked here, on the one play).

    The note: kept out of the choices, shown as editorial after the revealed right reply, in
    the explanation's words never; on the review after the quiz; to the instructor, on the
    answer's entry in the live feed (as it comes and after a reload) and on its transcript
    card, with the feedback the student read. The mark inside Dobrynin's line 2: the editors'
    on the prompt, the choice, the explanation, the review, the live feed, the transcript
    cards and the list of what the class struggled with."""
    token = _class_set_to_d107(classroom, "Prof. Ruhl", CLASS)
    teacher = open_page().page
    open_class(teacher, live_server.url, token, CLASS)

    watched = open_page()
    student = watched.page
    questions = received(student, "quiz.question")
    join(student, live_server.url, "Milo", CLASS)
    _start_every_question(student)
    seen, wrong, told, checked = 0, "", "", []
    while True:
        student.locator("#quiz-progress", has_text=f"Question {seen + 1} of").wait_for()
        question = heard(student, questions, seen)
        seen += 1
        choices = student.locator("#quiz-choices button.choice")
        texts = choices.locator(".text").all_text_contents()
        asked_it = question["prompt"]["text"] == ASKED
        if asked_it:
            assert REPLY in texts and not any("Omitted" in t for t in texts)
            wrong = next(t for t in texts if t != REPLY)
            choices.nth(texts.index(wrong)).click()  # answered wrong: the right reply is revealed
            student.locator("#quiz-feedback .verdict").wait_for()
            right = student.locator("#quiz-choices button.is-right .text")
            assert right.evaluate("(s) => s.firstChild.textContent") == REPLY
            note = right.locator(".record-note .editorial")
            assert (note.text_content(), note.get_attribute("title")) == (NOTE, EDITORIAL)
            assert student.locator("#quiz-choices .record-note").count() == 1
            explanation = student.locator("#quiz-feedback .explanation").text_content()
            assert explanation.startswith(f"Anatoly Dobrynin answered: “{REPLY}” The other choices")
            assert "Omitted" not in explanation
        elif question["prompt"]["text"] == LINE:  # what came after the marked line
            prompt = student.locator("#quiz-prompt .record-turn:not(.context-line)")
            _marked(prompt, f"Dobrynin: {SPOKEN}")
            checked.append("prompt")
            choices.first.click()
        elif LINE in texts:  # the marked line is the right reply: missed, it is revealed
            _marked(choices.nth(texts.index(LINE)).locator(".text"), SPOKEN)
            # a wrong choice without a mark of its own: the live feed shows the one given
            unmarked = next(i for i, t in enumerate(texts) if t != LINE and "[" not in t)
            choices.nth(unmarked).click()
            explanation = student.locator("#quiz-feedback .explanation")
            explanation.wait_for()
            said = explanation.evaluate(SPOKEN_JS)
            assert said.startswith(f"Anatoly Dobrynin answered: “{SPOKEN}” The other choices"), said
            _marked(explanation, said)
            checked.append("choice")
        else:
            choices.first.click()
        student.locator("#quiz-next").wait_for(state="visible")
        if asked_it:  # where each other choice was said: the card cites them so
            told = student.locator("#quiz-feedback .explanation").text_content()
        if student.locator("#quiz-next").text_content() == "See your score":
            break
        student.locator("#quiz-next").click()
    assert ASKED in [q["prompt"]["text"] for q in questions]
    assert wrong  # the question was asked
    assert sorted(checked) == ["choice", "prompt"]

    # the review after the quiz
    student.locator("#quiz-next").click()
    student.locator("#quiz-summary").wait_for(state="visible")
    item = student.locator(f'#quiz-review li[data-item="{SEED}#55"]')
    right = item.locator(".answer-line").nth(1)
    assert right.text_content() == f"Right answer: Dobrynin: {REPLY}"
    assert right.locator("q").text_content() == REPLY  # his name before the quotation marks
    note = item.locator(".record-note .editorial")
    assert (note.text_content(), note.get_attribute("title")) == (NOTE, EDITORIAL)
    assert student.locator("#quiz-review .record-note").count() == 1
    asked = student.locator(f'#quiz-review li[data-item="{SEED}#2"] .review-ask')
    _marked(asked.locator("q"), SPOKEN)  # his name before the quotation marks, not in them
    _marked(asked, f"What did Kissinger say next after Dobrynin: {SPOKEN}")
    missed = student.locator(f'#quiz-review li[data-item="{SEED}#1"] .answer-line').nth(1)
    _marked(missed, f"Right answer: Dobrynin: {SPOKEN}")
    _marked(missed.locator("q"), SPOKEN)
    assert watched.errors == []

    # the instructor's live feed: the marked line's entry as it comes
    entry = teacher.locator("#live-feed li", has_text=f"right answer: “{LINE}”")
    entry.wait_for()
    _marked(entry, entry.evaluate(SPOKEN_JS))
    assert entry.evaluate(SPOKEN_JS).endswith(
        f"— right answer: “{SPOKEN}”; FRUS 1969–1976, vol. XXXIX, doc. 107, p. 327)"
    )
    # the question as Milo read it, after the line before it, as the transcript card shows it
    said = (
        f"Milo missed What did Dobrynin say next after Dobrynin: “{BEFORE}”, then Kissinger: "
        f"“{ASKED}” "
        f"(answered “{wrong}” — right answer: “{REPLY}”; FRUS 1969–1976, vol. XXXIX, doc. 107, "
        "p. 329)"
    )
    entry = teacher.locator("#live-feed li", has_text=f"Kissinger: “{ASKED}”")
    for reloaded in (False, True):  # as it comes, then from the class's history
        if reloaded:
            teacher.reload()
        entry.wait_for()
        assert ("quiz.result", said + NOTE) in live_feed(teacher)
        note = entry.locator(".record-note .editorial")
        assert (note.text_content(), note.get_attribute("title")) == (NOTE, EDITORIAL)
        assert teacher.locator("#live-feed .record-note").count() == 1

    # Milo's transcript
    teacher.locator("#sessions tbody tr", has_text="Milo").get_by_role("button").click()
    asked = teacher.locator(".student-line", has_text=f"“{ASKED}”")
    card = teacher.locator('#transcript li[data-kind="quiz"]', has=asked)
    card.wait_for()
    answer = card.locator(".ex-row").nth(2)
    assert answer.locator(".ex-label").text_content() == "Answer"
    assert answer.locator("p").all_text_contents() == [
        wrong,
        f"Right answer: {REPLY}",
        NOTE,
    ]
    note = card.locator(".record-note .editorial")
    assert (note.text_content(), note.get_attribute("title")) == (NOTE, EDITORIAL)
    assert card.locator(".choices li.right").text_content() == f"{REPLY} — right answer"
    assert teacher.locator("#transcript .record-note").count() == 1
    # the wrong choices are recorded words from other conversations: cited as Milo read them
    feedback = card.locator(".ex-row").nth(3)
    assert feedback.locator(".ex-label").text_content() == "Feedback"
    assert told.startswith(f"Anatoly Dobrynin answered: “{REPLY}” The other choices are ")
    assert feedback.locator(".explanation").text_content() == told

    cards = teacher.locator('#transcript li[data-kind="quiz"]')
    asked = cards.locator(".student-line", has_text=LINE)
    asked.wait_for()
    _marked(asked, f"Dobrynin: “{SPOKEN}”")  # his name before the quotation marks, as asked
    card = cards.filter(has=teacher.locator(".choices li.right", has_text=LINE))
    _marked(card.locator(".choices li.right"), f"{SPOKEN} — right answer")
    _marked(card.locator("p", has_text="Right answer:"), f"Right answer: {SPOKEN}")

    # What the class struggled with (read again once scrolled to): the item missed, its right
    # answer quoted with the mark
    teacher.locator("#struggles-view").scroll_into_view_if_needed()
    item = teacher.locator("#missed li").filter(has=teacher.locator("strong", has_text=LINE))
    item.wait_for()
    _marked(item.locator("strong"), SPOKEN)
