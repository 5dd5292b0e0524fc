"""Missed "who said it?" items as Anki cards show the line before when the quiz did.

The quiz shows the recorded line before a line (unattributed) where that line is what makes
it answerable (:meth:`server.evidence.SpeakerEvidence.asked`); a card of the same item
without it asked a guess. A student takes a real quiz over the WebSocket and misses every
question; the learner's deck of missed items and the class's deck must each front every
card with exactly what the question showed: the line before where it had one, then the line.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.server.conftest import TEACHER_TOKEN
from tests.server.test_anki import notes

DOCUMENT = "frus1969-76v39/d107"
ASK = '<p class="ask">Who said this?</p>'


def miss_every_question(client: TestClient) -> tuple[str, list[dict[str, Any]]]:
    """The learner's token, and each question as the student read it (answered wrong)."""
    asked = []
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Ada", "class": "HIST210"})
        learner = ws.receive_json()["learner"]
        start = {"type": "quiz.start", "mode": "who_said", "count": 12}
        ws.send_json({**start, "document": DOCUMENT, "seed": 3})
        question = ws.receive_json()
        for n in range(question["total"]):
            if n:
                question = ws.receive_json()
            truth = client.get(f"/api/documents/{DOCUMENT}").json()["turns"]
            said = truth[question["prompt"]["turn"]]["speaker"]
            wrong = next(c["id"] for c in question["choices"] if c["id"] != said)
            ws.send_json({"type": "quiz.answer", "id": question["id"], "answer": wrong})
            assert ws.receive_json()["correct"] is False
            asked.append(question)
        assert ws.receive_json()["type"] == "quiz.summary"
    return learner, asked


def marked(text: str, spans: list[dict[str, Any]]) -> str:
    """``text`` escaped, each editors' mark the question sent beside it wrapped as theirs."""
    out, at = "", 0
    for span in spans:
        out += html.escape(text[at : span["start"]])
        out += f'<span class="editorial">{html.escape(text[span["start"] : span["end"]])}</span>'
        at = span["end"]
    return out + html.escape(text[at:])


def front(question: dict[str, Any]) -> str:
    """What the question showed, as a card's front: its context line, unattributed, then the
    line, each as the record prints it."""
    before = "".join(
        f'<p class="before"><span class="ask">The line before:</span> '
        f"“{marked(line['clean_text'], line['editorial'])}”</p>"
        for line in question["context"]
    )
    prompt = question["prompt"]
    return f"{ASK}{before}<p>“{marked(prompt['text'], prompt['editorial'])}”</p>"


def test_missed_who_said_cards_show_the_line_before_as_the_quiz_did(
    client: TestClient, tmp_path: Path
) -> None:
    learner, asked = miss_every_question(client)
    with_before = [q for q in asked if q["context"]]
    assert 0 < len(with_before) < len(asked)  # both kinds asked
    assert all(line["speaker"] == "" for q in with_before for line in q["context"])
    expected = {q["item"]: front(q) for q in asked}

    mine = client.get("/api/learner/missed.apkg", headers={"Authorization": f"Bearer {learner}"})
    teacher = client.get(
        "/api/classes/HIST210/deck.apkg", headers={"Authorization": f"Bearer {TEACHER_TOKEN}"}
    )
    for deck in (mine, teacher):
        assert deck.status_code == 200
        fronts = {
            fields[0] for _, fields in notes(deck.content, tmp_path) if fields[0].startswith(ASK)
        }
        assert fronts == set(expected.values())
    # one as a student reads it: Kissinger's "Right." before Dobrynin's line 44
    line_44 = expected[f"{DOCUMENT}#43"]
    assert line_44.startswith(
        f'{ASK}<p class="before"><span class="ask">The line before:</span> “Right.”</p><p>“'
    )
