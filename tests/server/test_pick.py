"""Did-you-mean over the WebSocket: every `say` gets one `reply`; a `pick` chooses one of the
lines that reply offered and gets a `picked` reply, stored with the exchange."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from tests.server.conftest import TEACHER_TOKEN, LiveServer, Student

NONSENSE = "zxqv plorb wug"  # nothing in the record comes near it: nothing is offered
# Refused (its judged fit, v12 d188 turn 13, has a fit probability of 0.61), and offered
# first v25 d172 turn 3 (0.82), which is never shown as its answer: the line asks when, and the
# reply to that turn names no time (embeddings/set_aside.py, ``shown``)
NEAR = "when are you back from moscow, anatol?"  # refused, two recorded lines offered


def start(student: Student, name: str) -> dict[str, Any]:
    welcome = student.ask({"type": "hello", "student": name, "class": "HIST210"})
    student.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
    return welcome


def test_a_refusal_offers_lines_and_a_pick_answers_with_what_followed(live: LiveServer) -> None:
    student = Student(live.url)
    welcome = start(student, "Abe")
    refused = student.ask({"type": "say", "text": NEAR, "seq": 7})
    assert (refused["status"], refused["matches"]) == ("no_match", [])
    offered = refused["suggestions"]
    assert [(s["prompt"]["document"], s["prompt"]["turn"]) for s in offered] == [
        ("frus1969-76v25/d172", 3),
        ("frus1969-76v12/d188", 13),
    ]
    for line in offered:  # each shaped like a match: the recorded line, its reply, a citation
        assert {"prompt", "reply", "citation", "score"} <= set(line)

    picked = student.ask({"type": "pick", "suggestion": len(offered) - 1, "seq": 8})
    assert picked == {
        "type": "reply",
        "seq": 8,
        "query": NEAR,
        "status": "picked",
        "matches": [offered[-1]],
        "suggestions": [],
        "picked": len(offered) - 1,
        "script": None,
    }
    again = student.ask({"type": "pick", "suggestion": 0})  # another of the same offer
    assert (again["status"], again["matches"], again["picked"]) == ("picked", [offered[0]], 0)
    student.close()

    events = [
        e
        for e in live.services.store.events(welcome["session"])
        if e.kind not in ("connect", "disconnect")
    ]
    kinds = [e.kind for e in events]
    assert kinds == ["roleplay.start", "line", "reply", "pick", "reply", "pick", "reply"]
    pick, reply = events[3], events[4]
    assert pick.data == {"suggestion": len(offered) - 1, "query": NEAR}
    assert reply.data["status"] == "picked"
    assert reply.data["matches"] == [offered[-1]]
    assert reply.data["picked"] == len(offered) - 1
    assert reply.data["score"] == offered[-1]["score"]


def test_an_ambiguous_line_may_be_answered_by_another_candidate(live: LiveServer) -> None:
    student = Student(live.url)
    start(student, "Bea")
    reply = student.ask({"type": "say", "text": "Yes."})
    assert reply["status"] == "ambiguous" and len(reply["matches"]) >= 2
    picked = student.ask({"type": "pick", "suggestion": 1})
    assert (picked["status"], picked["matches"]) == ("picked", [reply["matches"][1]])
    student.close()


def test_the_csv_of_a_pick_after_an_answer_lists_the_lines_shown(client: TestClient) -> None:
    """Its suggestions cell was empty, as if the student had picked from nothing."""
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Cai", "class": "HIST210"})
        ws.receive_json()
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        ws.send_json({"type": "say", "text": "Yes."})
        shown = ws.receive_json()
        ws.send_json({"type": "pick", "suggestion": 1})
        picked = ws.receive_json()
    assert (shown["status"], picked["status"]) == ("ambiguous", "picked")
    texts = [m["prompt"]["text"] for m in shown["matches"]]
    auth = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
    text = client.get("/api/classes/HIST210/export.csv", headers=auth).text
    [row] = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    assert (row["status"], row["picked"], row["matched_line"]) == ("picked", "1", texts[1])
    assert row["suggestions"] == " | ".join(texts)  # the search's answer first


def test_a_pick_survives_a_reconnect(live: LiveServer) -> None:
    first = Student(live.url)
    welcome = start(first, "Cy")
    refused = first.ask({"type": "say", "text": NEAR})
    first.close()
    again = Student(live.url)
    again.ask({"type": "hello", "resume": welcome["resume"]})
    picked = again.ask({"type": "pick", "suggestion": 0})
    assert picked["matches"] == [refused["suggestions"][0]]
    again.close()


def test_bad_picks_are_refused_and_the_session_goes_on(live: LiveServer) -> None:
    student = Student(live.url)
    student.ask({"type": "hello", "student": "Di", "class": "HIST210"})
    refused = student.ask({"type": "pick", "suggestion": 0})
    assert (refused["code"], refused.get("field")) == ("no_roleplay", None)
    student.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
    nothing = student.ask({"type": "pick", "suggestion": 0})
    assert (nothing["code"], nothing["field"]) == ("invalid_pick", "suggestion")
    assert nothing["message"].startswith("The last reply offered no lines to pick")

    answered = student.ask(
        {
            "type": "say",
            "text": "Anatol, two things about our discussions this morning. First on the MBFR "
            "Conference, we might be prepared to have just an exploratory meeting by ambassadors",
        }
    )
    assert answered["status"] == "match"  # a match offers nothing to pick
    assert student.ask({"type": "pick", "suggestion": 0})["code"] == "invalid_pick"

    refused = student.ask({"type": "say", "text": NONSENSE})
    assert (refused["status"], refused["matches"], refused["suggestions"]) == ("no_match", [], [])
    nothing = student.ask({"type": "pick", "suggestion": 0})  # a refusal that offered nothing
    assert nothing["message"].startswith("The last reply offered no lines to pick")

    refused = student.ask({"type": "say", "text": NEAR})
    count = len(refused["suggestions"])
    wrong = student.ask({"type": "pick", "suggestion": count})
    assert wrong["code"] == "invalid_pick"
    assert f"{count} is not one of them" in wrong["message"]
    negative = student.ask({"type": "pick", "suggestion": -1})
    assert (negative["code"], negative["field"]) == ("invalid_field", "suggestion")
    assert student.ask({"type": "pick", "suggestion": 0})["status"] == "picked"
    student.close()


def test_the_transcript_lists_every_pick_of_one_offer_in_order(client: TestClient) -> None:
    """Two lines picked in turn from one refusal's offer: the instructor's transcript said only
    the last. Read whole, and read on after the first pick (as the open page reads it), the
    exchange lists both, each with its time and the reply that followed it."""
    auth = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Ilse", "class": "HIST210"})
        session = ws.receive_json()["session"]
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        ws.send_json({"type": "say", "text": NEAR})
        offered = ws.receive_json()["suggestions"]
        ws.send_json({"type": "pick", "suggestion": 1})
        assert ws.receive_json()["picked"] == 1
        first = client.get(f"/api/sessions/{session}", headers=auth).json()
        ws.send_json({"type": "pick", "suggestion": 0})
        assert ws.receive_json()["picked"] == 0
    whole = client.get(f"/api/sessions/{session}", headers=auth).json()
    news = client.get(f"/api/sessions/{session}?after={first['last_seq']}", headers=auth).json()
    picks = [e for e in whole["events"] if e["kind"] == "pick"]
    replies = [e for e in whole["events"] if e["kind"] == "reply"]
    [exchange] = whole["exchanges"]
    assert news["exchanges"] == [exchange]  # the pick changed the exchange: given again, whole
    assert [len(x["picks"]) for x in first["exchanges"]] == [1]
    assert (exchange["seq"], exchange["status"], exchange["picked"]) == (
        replies[0]["seq"],
        "picked",
        0,
    )
    assert [
        (p["seq"], p["at"], p["picked"], p["matched"]["document"], p["matched"]["turn"])
        for p in exchange["picks"]
    ] == [
        (replies[1]["seq"], picks[0]["at"], 1, "frus1969-76v12/d188", 13),
        (replies[2]["seq"], picks[1]["at"], 0, "frus1969-76v25/d172", 3),
    ]
    for pick, line in zip(exchange["picks"], (offered[1], offered[0]), strict=True):
        assert pick["matched"]["text"] == line["prompt"]["text"]
        assert pick["reply"] == line["reply"] and pick["citation"] == line["citation"]
    assert exchange["reply"] == offered[0]["reply"]  # the exchange's own answer: the last pick
