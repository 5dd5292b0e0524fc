"""A quiz row of the CSV export says who spoke the line a "What came next?" asked for
(``right_answer_speaker``), as the instructor's transcript, missed items and live feed do
(:func:`server.quiz_items.speaker_of`): "What did Dobrynin say next?" was asked by name, and
the file left a teacher to guess whose line the right answer was. Empty for "Who said it?",
whose answers are the names."""

from server.export import CSV_COLUMNS, to_csv
from tests.server.test_export import SESSION
from tests.server.test_export_quiz_before import _answered

PROMPT = {
    "speaker": "kissinger",
    "text": "This is strictly between us.",
    "document": "frus1969-76v39/d107",
    "turn": 8,
}


def _lines(events: list) -> list[str]:
    return to_csv([(SESSION, events)]).lstrip("\ufeff").split("\r\n")


def test_a_what_next_row_names_who_spoke_the_right_answer() -> None:
    header, row, end = _lines(_answered("what_next", PROMPT, [], "b", "a"))
    assert header.split(",")[23:27] == [
        "answer",
        "right_answer",
        "right_answer_speaker",
        "correct",
    ]
    assert header.split(",") == list(CSV_COLUMNS)
    assert row == (
        "s1,Ada,2026-12-06T18:23:54Z,2026-12-06 18:23:54,quiz.what_next,,,,,,,"
        "frus1969-76v39/d107,8,9,327 328,,,"
        "https://history.state.gov/historicaldocuments/frus1969-76v39/d107,"
        '"vol. XXXIX, doc. 107, pp. 327–328, line 9",,,kissinger,'
        "This is strictly between us.,I will send to Moscow and see.,It’s already in Moscow.,"
        "dobrynin,false" + "," * 18  # level, as, chosen_by … stored: empty
    )
    assert end == ""


def test_a_who_said_row_leaves_it_empty() -> None:
    prompt = {**PROMPT, "speaker": None}
    _, row, _ = _lines(_answered("who_said", prompt, [], "kissinger", "dobrynin"))
    assert row == (
        "s1,Ada,2026-12-06T18:23:54Z,2026-12-06 18:23:54,quiz.who_said,,,,,,,"
        "frus1969-76v39/d107,8,9,327 328,,,"
        "https://history.state.gov/historicaldocuments/frus1969-76v39/d107,"
        '"vol. XXXIX, doc. 107, pp. 327–328, line 9",,,,'
        "This is strictly between us.,Henry Kissinger,Anatoly Dobrynin,,false" + "," * 18
    )
