"""A class's sessions as CSV (one row per event, for a spreadsheet) and as JSON (everything).

Pure functions of what the store returns: the router does the I/O.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from server.store import Event, SessionSummary

CSV_COLUMNS = (
    "session",
    "student",
    "at",
    "kind",
    "text",
    "reply",
    "score",
    "closeness",
    "document",
    "turn",
    "pages",
    "url",
    "correct",
)
# Events a teacher reads in a spreadsheet; connects, starts and summaries are in the JSON.
CSV_KINDS = ("line", "reply", "roleplay.end", "quiz.result")


def _row(session: SessionSummary, event: Event) -> dict[str, Any]:
    data = event.data
    row: dict[str, Any] = {
        "session": session.id,
        "student": session.student,
        "at": event.at,
        "kind": event.kind,
    }
    if event.kind == "line":
        row["text"] = data.get("text", "")
    elif event.kind == "reply":
        match = data["matches"][0] if data.get("matches") else None
        script = data.get("script")
        row["score"] = data.get("score")
        if script:  # playing a conversation: the student was shown what the record has there
            turns = script["recorded_reply"]
            row.update(
                _cited(script["citation"]),
                reply="\n\n".join(
                    p for t in turns for p in (*t.get("editorial_before", ()), t["clean_text"])
                ),
                turn=turns[0]["index"] if turns else "",
                closeness=script.get("closeness"),
            )
        elif match is not None:
            row.update(
                _cited(match["citation"]),
                reply=match["reply"]["text"],
                turn=match["reply"]["turns"][0]["index"] if match["reply"]["turns"] else "",
            )
        else:
            row["reply"] = f"({data.get('status')}: nothing in the record is close)"
    elif event.kind == "roleplay.end":
        row.update(
            document=data["document"],
            closeness=(data.get("closeness") or {}).get("mean"),
            url=data["citation"]["url"],
        )
    elif event.kind == "quiz.result":
        prompt = data.get("prompt") or {}
        row.update(
            _cited(data["citation"]),
            text=prompt.get("text", ""),
            reply=f"answered {data['given']}, right answer {data['answer']}",
            turn=prompt.get("turn", ""),
            correct="true" if data["correct"] else "false",
        )
    return row


def _cited(citation: dict[str, Any]) -> dict[str, Any]:
    return {
        "document": citation["document"],
        "pages": " ".join(str(p) for p in citation["pages"]),
        "url": citation["url"],
    }


def to_csv(sessions: list[tuple[SessionSummary, list[Event]]]) -> str:
    """CSV text with a byte-order mark, so spreadsheets read the typographic quotes right."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    for session, events in sessions:
        for event in events:
            if event.kind in CSV_KINDS:
                writer.writerow(_row(session, event))
    return "\ufeff" + out.getvalue()


def session_json(
    session: SessionSummary, class_code: str | None, events: list[Event]
) -> dict[str, Any]:
    return {
        **asdict(session),
        "class": class_code,
        "events": [asdict(e) for e in events],
    }


def to_json(
    class_code: str, exported: str, sessions: list[tuple[SessionSummary, list[Event]]]
) -> dict[str, Any]:
    return {
        "class": class_code,
        "exported": exported,
        "sessions": [session_json(s, class_code, events) for s, events in sessions],
    }
