"""A quiz row of the CSV export gives the question as the student read it: the recorded line
shown before the one asked about, and who said each where the question named him. Found by a
teacher's walk: the CSV gave a missed "Who said it?" as "Yeah, I understand. Okay, thank you."
alone, where the page, the transcript card, the JSON export and the class's Anki deck show the
line before it that makes it answerable."""

from server.store import Event
from tests.server.test_export import CITATION, rows_of

BEFORE = "They were waiting for [omission in transcript] on this particular point."
SPAN = {"start": 24, "end": 50, "text": "[omission in transcript]"}


def _answered(mode: str, prompt: dict, context: list[dict], given: str, right: str) -> list:
    choices = [
        {"id": "kissinger", "text": "Henry Kissinger", "speaker": None},
        {"id": "dobrynin", "text": "Anatoly Dobrynin", "speaker": None},
    ]
    if mode == "what_next":
        choices = [
            {"id": "a", "speaker": "dobrynin", "text": "It’s already in Moscow."},
            {"id": "b", "speaker": "dobrynin", "text": "I will send to Moscow and see."},
        ]
    asked = {"quiz": "z1", "id": "q1", "mode": mode, "prompt": prompt, "choices": choices}
    result = {
        "quiz": "z1",
        "id": "q1",
        "correct": given == right,
        "given": given,
        "answer": right,
        "citation": CITATION,
        "prompt": prompt,
    }
    return [
        Event(1, "2026-12-06T18:23:52Z", "quiz.question", {**asked, "context": context}),
        Event(
            2, "2026-12-06T18:23:53Z", "quiz.answer", {"quiz": "z1", "id": "q1", "answer": given}
        ),
        Event(3, "2026-12-06T18:23:54Z", "quiz.result", result),
    ]


def test_a_who_said_row_gives_the_line_shown_before_it_unattributed_with_its_marks() -> None:
    prompt = {"text": "Yeah, I understand. Okay, thank you.", "document": CITATION["document"]}
    before = {"index": 7, "speaker": "", "label": "", "clean_text": BEFORE, "editorial": [SPAN]}
    [row] = rows_of(_answered("who_said", {**prompt, "turn": 8}, [before], "kissinger", "dobrynin"))
    assert (row["question_before_speaker"], row["question_before"]) == ("", BEFORE)
    assert (row["question_speaker"], row["question"]) == ("", prompt["text"])
    assert (row["answer"], row["right_answer"]) == ("Henry Kissinger", "Anatoly Dobrynin")
    assert row["editorial"] == "[omission in transcript]"


def test_a_what_next_row_names_who_said_the_line_before_and_the_line_asked_about() -> None:
    prompt = {
        "speaker": "kissinger",
        "text": "This is strictly between us.",
        "document": CITATION["document"],
        "turn": 8,
    }
    before = {
        "index": 7,
        "speaker": "dobrynin",
        "label": "D",
        "clean_text": "It is clear now. But was it cleared by the White House?",
        "editorial": [],
    }
    [row] = rows_of(_answered("what_next", prompt, [before], "b", "a"))
    assert (row["question_before_speaker"], row["question_before"]) == (
        "dobrynin",
        "It is clear now. But was it cleared by the White House?",
    )
    assert (row["question_speaker"], row["question"]) == ("kissinger", prompt["text"])
    assert (row["answer"], row["right_answer"]) == (
        "I will send to Moscow and see.",
        "It’s already in Moscow.",
    )
    assert row["editorial"] == ""


def test_a_question_shown_alone_leaves_the_cells_empty() -> None:
    prompt = {"text": "Anatol, I am sending over an interim answer.", "turn": 0}
    [row] = rows_of(_answered("who_said", prompt, [], "kissinger", "kissinger"))
    assert (row["question_before_speaker"], row["question_before"], row["question_speaker"]) == (
        "",
        "",
        "",
    )
