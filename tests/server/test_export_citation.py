"""The CSV's `citation`: where each row's answer (or the line a quiz asked about) is printed, as
a reader finds it in FRUS. Found by a teacher opening the class's file in a spreadsheet a week
into the course: the lines offered had "vol. XXXIX, doc. 107, p. 328, line 21" in
`suggested_citations`, the answer itself only `frus1969-76v39/d107`, `327 328` and a link."""

from server.store import Event
from tests.server.test_export import CITATION, match, rows_of, said_yes


def test_an_answered_row_says_where_its_answer_is_printed() -> None:
    answered, refused = (
        rows_of(said_yes("match", [match(4, "Yes.", "Good.", 0.9)]))[0],
        rows_of(said_yes("no_match", []))[0],
    )
    assert answered["citation"] == "vol. XXXIX, doc. 107, pp. 327–328, line 5"
    assert (answered["document"], answered["doc_line"]) == ("frus1969-76v39/d107", "5")
    assert refused["citation"] == ""  # nothing was presented as the answer


def test_a_quiz_row_says_where_the_line_asked_about_is_printed() -> None:
    prompt = {"speaker": "kissinger", "text": "Exactly.", "document": CITATION["document"]}
    question = {
        "quiz": "z1",
        "id": "q1",
        "mode": "who_said",
        "prompt": {**prompt, "turn": 30},
        "choices": [{"id": "kissinger", "text": "Henry Kissinger"}],
        "answer": "kissinger",
    }
    result = {
        "quiz": "z1",
        "id": "q1",
        "correct": True,
        "given": "kissinger",
        "answer": "kissinger",
        "citation": {**CITATION, "pages": [329]},
        "prompt": {**prompt, "turn": 30},
    }
    [row] = rows_of(
        [
            Event(1, "2026-11-28T20:01:00Z", "quiz.question", question),
            Event(2, "2026-11-28T20:01:02Z", "quiz.answer", {"quiz": "z1", "id": "q1"}),
            Event(3, "2026-11-28T20:01:03Z", "quiz.result", result),
        ]
    )
    assert (row["activity"], row["citation"]) == (
        "quiz.who_said",
        "vol. XXXIX, doc. 107, p. 329, line 31",
    )
