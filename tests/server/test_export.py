import csv
import io

from server.export import to_csv
from server.store import Event, SessionSummary

SESSION = SessionSummary("s1", "Ada", "2026-11-28T20:00:00", None, 1, 0, 0)
CITATION = {
    "document": "frus1969-76v39/d107",
    "pages": [327, 328],
    "url": "https://history.state.gov/historicaldocuments/frus1969-76v39/d107",
}


def turn(index: int, speaker: str, clean_text: str) -> dict:
    return {"index": index, "speaker": speaker, "clean_text": clean_text, "pages": [327]}


def test_play_through_row_carries_the_recorded_reply_the_student_was_shown() -> None:
    nearest_elsewhere = {
        "reply": {"text": "A line from another call.", "turns": [turn(4, "dobrynin", "x")]},
        "citation": {**CITATION, "document": "frus1969-76v13/d63", "pages": [201]},
    }
    script = {
        "closeness": 0.91,
        "recorded_reply": [turn(11, "dobrynin", "Yeah, but this was my understanding.")],
        "citation": CITATION,
    }
    reply = Event(
        2,
        "2026-11-28T20:00:05",
        "reply",
        {
            "status": "match",
            "score": 0.8,
            "matches": [nearest_elsewhere],
            "script": script,
        },
    )
    rows = list(csv.DictReader(io.StringIO(to_csv([(SESSION, [reply])]).lstrip("\ufeff"))))
    assert [(r["reply"], r["document"], r["turn"], r["pages"], r["closeness"]) for r in rows] == [
        ("Yeah, but this was my understanding.", "frus1969-76v39/d107", "11", "327 328", "0.91")
    ]
