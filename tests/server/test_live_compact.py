"""A reply's live entry (`/ws/live`, `GET /api/classes/{code}/live`) carries the exchange the
feed tells, without the lines shown beside the answer or offered for a refusal, which the feed
never shows and the transcript card does: they were four fifths of the entry, and a page
opening on a class of thirty was sent 220 KiB of history."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.server.test_instructor import LINE, TEACHER

NEAR = "when are you back from moscow, anatol?"  # refused, two recorded lines offered


def test_a_reply_s_entry_is_its_exchange_less_what_only_the_card_shows(
    client: TestClient, fixture_corpus: Any
) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Ottoline", "class": "HIST210"})
        session = ws.receive_json()["session"]
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        for line in (LINE, NEAR):
            ws.send_json({"type": "say", "text": line})
            ws.receive_json()
    feed = client.get("/api/classes/HIST210/live", headers=TEACHER).json()
    told = [m["exchange"] for m in feed if m["kind"] == "reply"]
    card = client.get(f"/api/sessions/{session}", headers=TEACHER).json()["exchanges"]
    assert [x["candidates"] != [] for x in card] == [True, False]
    assert [len(x["suggestions"]) for x in card] == [0, 2]
    left = ("candidates", "suggestions", "search", "answered_outside")
    shown = [{k: v for k, v in x.items() if k not in left} for x in card]
    # the line matched carries the page it is printed on besides, which the feed cites it by
    shown[0]["matched"] = {**shown[0]["matched"], "pages": [327]}
    assert told == shown
    assert (told[0]["matched"]["document"], told[1]["status"]) == (
        "frus1969-76v39/d107",
        "no_match",
    )
