"""What a screen reader says of a quiz answer: the verdict and the right answer, short.

The feedback was a live region, and each answer read out the explanation (the right line, its
place, every other choice's conversation) and the citation with its archival source, about
600 characters an answer; the choices marked said "check mark Correct answer", "ballot x Your
answer", and the score screen "ballot x Your answer", the mark the only word of which it was.
Now the feedback is no live region: a polite region of its own (#quiz-heard) says the verdict,
after a missed "What came next?" the right line verbatim, and the score; the marks are seen,
not heard, and the score screen says in words whether each answer was right.

The student's class is a new instructor's own (HEARDZ).
"""

from __future__ import annotations

import re

from tests.web.flows import join, start_quiz
from tests.web.heard import announced, heard_name, heard_text, watch_announced

# The right choice's recorded words without the editors' note the answer reveals under them
# (quiz-feedback.js appends a reply's editorial_after to its choice: "… affairs.[Omitted here
# is discussion of …]"), which is the editors', not part of the line said back.
_WORDS_ONLY = """(node) => {
  const words = node.cloneNode(true);
  for (const note of words.querySelectorAll(".record-note")) note.remove();
  return words.textContent;
}"""


def _answer(page, number: int, choice: int) -> tuple[bool, str, str, str]:
    """Answer question ``number`` of 2 with ``choice``: whether it was right, its letter's
    verdict words, and the right choice's text as a screen reader reads it (an editors' mark
    in it heard as "editorial note: … end of note", a revealed note after its words included)
    and its recorded words alone."""
    page.locator("#quiz-progress", has_text=f"Question {number} of 2").wait_for()
    page.locator("#quiz-choices button").nth(choice).click()
    page.locator("#quiz-feedback .verdict").wait_for()
    right = page.locator("#quiz-choices button.is-right")
    correct = "is-chosen" in right.get_attribute("class")
    verdict = page.locator("#quiz-feedback .verdict").text_content()
    text = right.locator(".text")
    return correct, verdict, heard_text(page, text), text.evaluate(_WORDS_ONLY)


def test_an_answer_is_said_short_and_its_marks_in_words(live_server, open_page, classroom):
    classroom.teacher("Prof. Adeyemi-Lindqvist", "HEARDZ")
    page = open_page().page
    join(page, live_server.url, "Rangi", "HEARDZ")
    watch_announced(page, "quiz-heard")
    feedback = page.locator("#quiz-feedback")
    assert feedback.get_attribute("aria-live") is None
    assert feedback.get_attribute("role") is None
    assert page.locator("#quiz-heard").get_attribute("aria-live") == "polite"
    start_quiz(page, "What came next?", 2)

    outcomes = []
    for number, choice in ((1, 0), (2, 1)):
        if number == 2:
            # the last answer's verdict is gone from the region: it stayed there, read after
            # the new question's choices by a screen reader moving through its card
            page.locator("#quiz-progress", has_text="Question 2 of 2").wait_for()
            assert page.locator("#quiz-heard").text_content() == ""
            card = heard_text(page, page.locator("#quiz-question"))
            assert "Score so far" not in card and "Correct." not in card
        correct, verdict, read, words = _answer(page, number, choice)
        outcomes.append(correct)
        score = f"Score so far: {outcomes.count(True)} of {number}."
        said = announced(page)[number - 1]
        if correct:
            assert verdict == "Correct."
            assert said == f"Correct. {score}"
        else:
            assert verdict.startswith("Not quite — the answer was ")
            # the right line, verbatim; our full stop only where its words end no sentence
            stop = "" if re.search(r"[.?!…][\"'”’)]*$", words.rstrip()) else "."
            assert said == f"{verdict[:-1]}: “{words}”{stop} {score}"
        # neither the explanation (who answered, each choice's conversation) nor the citation
        read_out = heard_text(page, feedback)
        assert "answered:" in read_out and "FRUS 1969–1976" in read_out
        assert "answered:" not in said and "FRUS" not in said and len(said) < len(read_out)
        # each marked choice named by its words and its note, the mark not read out
        # and its letter: the verdict, the explanation and the keys' help name choices by it
        # (the colon, CSS generated text, is set apart by Chromium as the pauses are: " , ")
        chosen = page.locator("#quiz-choices button.is-chosen")
        name = heard_name(page, chosen)
        assert name.startswith(f"{'AB'[choice]} : ")
        assert name.endswith(" Your answer — correct" if correct else " Your answer")
        assert "✓" not in name and "✗" not in name
        if not correct:
            right = heard_name(page, page.locator("#quiz-choices button.is-right"))
            letter = verdict.removeprefix("Not quite — the answer was ").removesuffix(".")
            assert right == f"{letter} : {read} Correct answer"
        page.locator("#quiz-next").click()

    page.locator("#quiz-summary").wait_for(state="visible")
    lines = page.locator("#quiz-review .answer-line")
    given = [line for line in lines.all() if "Your answer" in line.text_content()]
    assert len(given) == 2
    for line, correct in zip(given, outcomes, strict=True):
        heard = heard_text(page, line)
        assert heard.startswith("Right. Your answer: " if correct else "Wrong. Your answer: ")
        assert line.locator(".mark").text_content() == ("✓ " if correct else "✗ ")  # seen


# quiz-feedback.js missedSaid on a right choice's text, as the page's region is given it
_MISSED = """async (text) => {
  const m = await import('/js/quiz-feedback.js');
  const box = document.createElement('p');
  box.append(...m.missedSaid('Not quite — the answer was B.', { text, editorial: [] }));
  return box.textContent;
}"""


def test_a_missed_line_is_quoted_without_a_stray_full_stop(live_server, open_page):
    """The recorded words stay as printed; our full stop follows the quotation only where
    they end no sentence of their own (it read "…says it.”.")."""
    page = open_page().page
    page.goto(live_server.url + "/")
    said = {
        text: page.evaluate(_MISSED, text)
        for text in (
            "I think he says it.",
            "Comments by Col. Kennedy?",
            "That is just—",
            "Anatol, how are you. You know our Ambassador . . .",
            "Yes (laughter)",
        )
    }
    assert said == {
        "I think he says it.": "Not quite — the answer was B: “I think he says it.”",
        "Comments by Col. Kennedy?": "Not quite — the answer was B: “Comments by Col. Kennedy?”",
        "That is just—": "Not quite — the answer was B: “That is just—”.",
        "Anatol, how are you. You know our Ambassador . . .": (
            "Not quite — the answer was B: “Anatol, how are you. You know our Ambassador . . .”"
        ),
        "Yes (laughter)": "Not quite — the answer was B: “Yes (laughter)”.",
    }
