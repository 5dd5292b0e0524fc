"""The CSV's moments as a spreadsheet reads a date and time: `at_utc` beside `at`.

`at` is ISO 8601 with its zone (`2026-11-28T20:00:03.120Z`), which LibreOffice and Excel
read as text: a teacher could not sort or filter the class's work by time. `at_utc` is the
same moment as `2026-11-28 20:00:03`, a form both read as a date and time, in UTC (the
column's name says so, as the spreadsheet would not).
"""

from __future__ import annotations

import csv
import io

from server.export import CSV_COLUMNS, to_csv
from server.store import Event, SessionSummary
from tests.server.test_export import SESSION, rows_of, said_yes


def test_a_moment_is_written_as_a_spreadsheet_reads_a_date_and_time_in_utc() -> None:
    from server.spreadsheet import spreadsheet_time

    assert spreadsheet_time("2026-12-07T19:38:24.937Z") == "2026-12-07 19:38:24"
    assert spreadsheet_time("2026-11-28T20:00:01Z") == "2026-11-28 20:00:01"
    # a moment given in another zone is written in UTC, as the column's name says
    assert spreadsheet_time("2026-12-07T14:38:24-05:00") == "2026-12-07 19:38:24"
    # none to write: the cell stays empty rather than holding a wrong date
    assert spreadsheet_time("") == ""
    assert spreadsheet_time("not a time") == ""


def test_every_row_has_at_utc_right_after_at() -> None:
    assert CSV_COLUMNS[2:5] == ("at", "at_utc", "activity")
    unreadable = Event(4, "2026-11-28T20:00:09.5Z", "reply", {}, "not JSON", "{")
    events = [*said_yes("match", []), unreadable]
    events[2] = Event(3, "2026-11-28T20:00:03.120Z", events[2].kind, events[2].data)
    text = to_csv([(SESSION, events)])
    assert text.splitlines()[0] == "\ufeff" + ",".join(CSV_COLUMNS)
    rows = rows_of(events)
    assert [(r["activity"], r["at"], r["at_utc"]) for r in rows] == [
        ("free", "2026-11-28T20:00:03.120Z", "2026-11-28 20:00:03"),
        ("unreadable", "2026-11-28T20:00:09.5Z", "2026-11-28 20:00:09"),
    ]


def test_a_quiz_answer_row_has_at_utc() -> None:
    prompt = {"speaker": "kissinger", "text": "Yes.", "document": "frus1969-76v39/d107"}
    prompt["turn"] = 4
    question = {"quiz": "z", "id": "q", "mode": "who_said", "prompt": prompt, "answer": "k"}
    result = {"quiz": "z", "id": "q", "correct": True, "given": "k", "answer": "k"}
    events = [
        Event(1, "2026-11-28T20:01:00Z", "quiz.question", {**question, "choices": []}),
        Event(2, "2026-11-28T20:01:04.999Z", "quiz.result", {**result, "prompt": prompt}),
    ]
    text = to_csv([(SessionSummary("s2", "Bo", "2026-11-28T20:00:00Z", None, 1, 0, 0), events)])
    [row] = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert (row["activity"], row["at"], row["at_utc"]) == (
        "quiz.who_said",
        "2026-11-28T20:01:04.999Z",
        "2026-11-28 20:01:04",
    )


def test_the_documented_threshold_is_the_servers() -> None:
    """docs/protocol.md said the CSV's `threshold` is `0.6` (or 0.8 under strict answers), and
    its example rows and JSON carried 0.6: the server's default has been the tier model's 0.7
    since session 48, so a teacher's file (0.7) disagreed with the page describing it."""
    from pathlib import Path

    from embeddings.tiers import THRESHOLD

    doc = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text()
    row = next(line for line in doc.splitlines() if line.startswith("| **threshold** |"))
    assert f"the server's threshold (`{THRESHOLD}`" in row
    rows = [line for line in doc.splitlines() if line.startswith("7f3c9a1e2b4d4e0f,Ada,")]
    exchanges = [line for line in rows if ",free," in line]  # the quiz answer's row has none
    assert [f",{THRESHOLD},false," in line for line in exchanges] == [True] * 4
    assert f'"threshold": {THRESHOLD}, "strict": false' in doc
