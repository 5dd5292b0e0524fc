"""Editors' marks inside the recorded line a student's line was matched to: sent as spans.

The real lines: Dobrynin's "What about the conference—this was a multilateral [omission in
original transcript] conference." (FRUS vol. XXXIX, doc. 107, turn 1, p. 327) and Kissinger's
"I just talked to Hume [Home]. …" (vol. XXV, doc. 172, turn 1). A reply quotes the line it
answered ("Answering Dobrynin's recorded line …"), a refusal offers lines to pick, and the
instructor reads both on the transcript card and in the live feed: each time the bracket must
reach the page as the editors' words, not the speaker's.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from server.exchanges import exchange_of
from server.store import Event
from tests.server.conftest import SEED, TEACHER_TOKEN

LINE = (
    "What about the conference—this was a multilateral [omission in original transcript] "
    "conference."
)
SPAN = {"start": 50, "end": 83, "kind": "bracket", "text": "[omission in original transcript]"}
MATCHED = {"speaker": "dobrynin", "text": LINE, "document": SEED, "turn": 1, "editorial": [SPAN]}
ANSWERED = "What about the conference? This was a multilateral conference."
REFUSED = "what about the multilateral conference in cuba"  # "Cuba": no recorded call speaks of it
HOME = (
    "I just talked to Hume [Home]. They have been talking to Sadat and Sadat says they will "
    "never accept a straight ceasefire."
)
HOME_SPAN = {"start": 22, "end": 28, "kind": "bracket", "text": "[Home]"}
V25 = "frus1969-76v25/d172"
PLAYED = {
    "speaker": "kissinger",
    "text": HOME,
    "document": V25,
    "turn": 1,
    "editorial": [HOME_SPAN],
}


def _say(ws: Any, text: str) -> dict[str, Any]:
    ws.send_json({"type": "say", "text": text})
    reply: dict[str, Any] = ws.receive_json()
    return reply


def test_the_matched_line_and_the_lines_offered_carry_their_marks_to_the_instructor(
    client: TestClient,
) -> None:
    """As Dobrynin: a line answered from the marked turn, a refusal that offers it, the pick
    of it; then a play-through of v25 d172 as Kissinger, whose line there holds "[Home]"."""
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Ada", "class": "HIST210"})
        session = ws.receive_json()["session"]
        ws.send_json({"type": "roleplay.start", "as": "dobrynin", "document": None})
        ws.receive_json()
        answered = _say(ws, ANSWERED)
        refused = _say(ws, REFUSED)
        ws.send_json({"type": "pick", "suggestion": 0})
        picked = ws.receive_json()
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": V25})
        ws.receive_json()
        played = _say(ws, "I just talked to Home. Sadat will never accept a straight ceasefire.")
    assert (answered["status"], answered["matches"][0]["prompt"]) == ("match", MATCHED)
    assert (refused["status"], refused["reason"], refused["names"]) == (
        "no_match",
        "unheld",
        ["cuba"],
    )
    assert [s["prompt"] for s in refused["suggestions"]] == [MATCHED]
    assert (picked["status"], picked["matches"][0]["prompt"]) == ("picked", MATCHED)
    assert played["script"]["said"]["editorial"] == [HOME_SPAN]
    assert played["matches"][0]["prompt"] == PLAYED

    auth = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
    exchanges = client.get(f"/api/sessions/{session}", headers=auth).json()["exchanges"]
    assert [(x["status"], x["matched"]) for x in exchanges] == [
        ("match", MATCHED),
        ("picked", MATCHED),
        ("match", PLAYED),  # the play-through's line: the record's at that point
    ]
    assert exchanges[0]["candidates"][0]["prompt"] == MATCHED
    assert [s["prompt"] for s in exchanges[1]["suggestions"]] == [MATCHED]
    assert exchanges[2]["activity"] == "play"
    assert exchanges[2]["search"]["prompt"] == PLAYED

    feed = client.get("/api/classes/HIST210/live?limit=200", headers=auth).json()
    replies = sorted((m["seq"], m["exchange"]) for m in feed if m["kind"] == "reply")
    # each line with the page it is printed on besides, which the feed cites it by
    assert [(x["status"], x["matched"]) for _, x in replies] == [
        ("match", {**MATCHED, "pages": [327]}),
        ("no_match", None),  # the refusal as it came
        ("picked", {**MATCHED, "pages": [327]}),
        ("match", {**PLAYED, "pages": []}),  # the shipped copy of v25 d172 marks no pages
    ]
    # its offer is the transcript card's to show (above), not the feed's, which never did
    assert "suggestions" not in replies[1][1]
    exported = client.get("/api/classes/HIST210/export.json", headers=auth).json()
    assert exported["sessions"][0]["exchanges"] == exchanges

    # The CSV prints the recorded words as the record does, the bracket in place, and says in
    # its editorial column which of them are the editors'
    text = client.get("/api/classes/HIST210/export.csv", headers=auth).text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["status"], r["matched_line"], r["suggestions"]) for r in rows] == [
        ("match", LINE, ""),
        ("picked", LINE, LINE),
        ("match", HOME, ""),
    ]
    # (the reply to "[Home]", "They discussed directly with Sadat? …", has no marks)
    assert [r["editorial"] for r in rows] == [SPAN["text"], SPAN["text"], HOME_SPAN["text"]]


def test_a_reply_stored_before_prompts_carried_marks_gets_them_from_its_text() -> None:
    """A reply event stored without spans beside its recorded lines (before they were sent):
    the matched line, the runners-up and a play-through's line read with the spans the parser
    gives their texts, so the instructor still sees the mark as editorial."""
    old = {key: value for key, value in MATCHED.items() if key != "editorial"}
    plain = {"speaker": "dobrynin", "text": "Yes, I understand.", "document": SEED, "turn": 3}
    match = {"prompt": old, "reply": {"speaker": "kissinger", "text": "…", "turns": []}}
    data = {"query": ANSWERED, "status": "ambiguous", "matches": [match, {"prompt": plain}]}
    exchange = exchange_of(Event(4, "2026-11-28T19:02:30Z", "reply", data), **_who())
    assert exchange.matched == MATCHED
    assert [c["prompt"] for c in exchange.candidates] == [MATCHED, {**plain, "editorial": []}]

    refused = {"query": REFUSED, "status": "no_match", "matches": [], "suggestions": [match]}
    exchange = exchange_of(Event(5, "2026-11-28T19:02:31Z", "reply", refused), **_who())
    assert [s["prompt"] for s in exchange.suggestions] == [MATCHED]

    said = {"index": 1, "speaker": "kissinger", "clean_text": HOME}
    script = {"document": V25, "said": said, "recorded_reply": [], "closeness": 0.8}
    played = {"query": HOME, "status": "no_match", "matches": [], "script": script}
    exchange = exchange_of(Event(6, "2026-11-28T19:02:32Z", "reply", played), **_who())
    assert exchange.matched == PLAYED


def _who() -> dict[str, Any]:
    return {"session": "s1", "student": "Ada", "as_": "dobrynin"}


def test_the_csv_says_which_parentheses_in_a_reply_are_the_transcribers(
    client: TestClient,
) -> None:
    """Dobrynin's "(laughter)" (v39 d107 turn 51, p. 329) reads in a CSV cell like his own
    words, as a parenthesis of speech would; the editors' paragraph after turn 55 is in the
    reply cell too. The cells keep both verbatim; the editorial column names them."""
    laughter = "But really I am afraid you will not. (laughter) You said it as a trick behind us."
    omitted = (
        "[Omitted here is discussion of matters other than a European security conference or MBFR.]"
    )
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Ada", "class": "HIST210"})
        ws.receive_json()
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        replies = [
            _say(ws, "No, we will accept it. Try us."),
            _say(ws, "Well, try us. We may fool you."),
        ]
    assert [(r["status"], r["matches"][0]["prompt"]["turn"]) for r in replies] == [
        ("match", 50),
        ("match", 54),
    ]
    auth = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
    text = client.get("/api/classes/HIST210/export.csv", headers=auth).text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["reply"], r["editorial"]) for r in rows] == [
        (laughter, "(laughter)"),
        (f"I don’t want to interfere in your domestic affairs.\n\n{omitted}", omitted),
    ]
