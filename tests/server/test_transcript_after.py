"""`GET /api/sessions/{id}?after=N`: an open transcript reads only what is new since event N
(the instructor page read the whole session again every second its student typed)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.server.conftest import SEED, TEACHER_TOKEN

TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
LINE = (
    "Anatol, about this morning: we might accept an exploratory meeting of ambassadors in Geneva."
)
NEAR = "when are you back from moscow, anatol?"  # refused, with two recorded lines offered


def transcript(client: TestClient, session: str, after: int | None = None) -> dict[str, Any]:
    path = f"/api/sessions/{session}" + ("" if after is None else f"?after={after}")
    response = client.get(path, headers=TEACHER)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_transcript_read_on_holds_exactly_what_is_new(client: TestClient) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Oriane", "class": "HIST210"})
        session = ws.receive_json()["session"]
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        ws.send_json({"type": "say", "text": LINE})
        assert ws.receive_json()["status"] == "match"
        first = transcript(client, session)
        assert (first["after"], first["last_seq"]) == (None, 4)  # connect, start, line, reply
        assert [x["seq"] for x in first["exchanges"]] == [4]

        ws.send_json({"type": "say", "text": NEAR})
        assert ws.receive_json()["status"] == "no_match"
        ws.send_json({"type": "pick", "suggestion": 0})
        assert ws.receive_json()["status"] == "picked"
        new = transcript(client, session, after=4)
        whole = transcript(client, session)
        assert (new["after"], new["last_seq"], whole["last_seq"]) == (4, 8, 8)
        assert [(e["seq"], e["kind"]) for e in new["events"]] == [
            (5, "line"),
            (6, "reply"),
            (7, "pick"),
            (8, "reply"),
        ]
        assert new["events"] == whole["events"][4:]
        # the refused line, as picked from since: the one new exchange, as the whole reads it
        [picked] = new["exchanges"]
        assert (picked["seq"], picked["line"], picked["status"], picked["picked"]) == (
            6,
            NEAR,
            "picked",
            0,
        )
        assert picked["matched"]["document"] == "frus1969-76v25/d172"
        assert first["exchanges"] + new["exchanges"] == whole["exchanges"]
        assert (new["quiz"], new["unreadable"], new["corrections_now"]) == ([], [], [])
        assert (new["lines"], new["student"], new["class"]) == (2, "Oriane", "HIST210")
        assert new["corrections_version"] == first["corrections_version"]

        # nothing new: nothing sent
        idle = transcript(client, session, after=8)
        assert (idle["events"], idle["exchanges"], idle["last_seq"]) == ([], [], 8)

        # a pick of another offered line changes the exchange before `after`: it comes again
        ws.send_json({"type": "pick", "suggestion": 1})
        assert ws.receive_json()["status"] == "picked"
        again = transcript(client, session, after=8)
        assert [(e["seq"], e["kind"]) for e in again["events"]] == [(9, "pick"), (10, "reply")]
        [repicked] = again["exchanges"]
        assert (repicked["seq"], repicked["picked"]) == (6, 1)
        assert repicked["matched"]["document"] == "frus1969-76v12/d188"
        assert transcript(client, session)["exchanges"] == [first["exchanges"][0], repicked]


def test_a_correction_made_since_changes_the_corrections_version(client: TestClient) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Philippa", "class": "HIST210"})
        session = ws.receive_json()["session"]
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        ws.send_json({"type": "say", "text": LINE})
        ws.receive_json()
    before = transcript(client, session)
    made = client.post(
        "/api/classes/HIST210/corrections",
        json={"line": LINE, "document": SEED, "turn": 2},
        headers=TEACHER,
    )
    assert made.status_code == 201, made.text
    after = transcript(client, session, after=before["last_seq"])
    # nothing new in the session, but its earlier exchange is answered otherwise now: the
    # page, seeing another version, reads the whole transcript again
    assert (after["events"], after["exchanges"], after["corrections_now"]) == ([], [], [])
    assert after["corrections_version"] != before["corrections_version"]
    [now] = transcript(client, session)["corrections_now"]
    assert (now["seq"], now["correction"]) == (4, made.json()["id"])
