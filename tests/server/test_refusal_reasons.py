"""A refused line says why: a ``no_match`` reply carries ``reason`` and the student's ``names``
behind it, on the WebSocket, over HTTP and in the instructor's exchange."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
from fastapi.testclient import TestClient

from server.session_read import read_session
from tests.server.conftest import SEED, TEACHER_TOKEN, LiveServer, Student, start

UNHELD = "The Chinese will protest about Cuba."  # the seed's "The Chinese will protest.", and Cuba
LATER = "putin's envoy will protest about the conference."
WEAK = "when are you back from moscow?"  # refused, and the line it fits offered to pick
OTHER = "Wann treffen wir uns in Berlin, Anatol?"  # German: the record is in English


def _play(student: Student, as_: str = "kissinger") -> dict[str, Any]:
    welcome = student.ask({"type": "hello", "student": "Ines", "class": "HIST210"})
    ready = student.ask({"type": "roleplay.start", "as": as_, "document": None})
    assert ready["type"] == "roleplay.ready"
    return welcome


def test_a_refusal_says_why_and_names_the_students_words(live: LiveServer) -> None:
    student = Student(live.url)
    welcome = _play(student)
    answered = student.ask({"type": "say", "text": "The Chinese will protest."})
    assert answered["status"] == "match"
    assert "reason" not in answered and "names" not in answered  # an answer gives no reason

    unheld = student.ask({"type": "say", "text": UNHELD})
    assert (unheld["status"], unheld["reason"], unheld["names"]) == ("no_match", "unheld", ["Cuba"])
    assert unheld["matches"] == []
    first = unheld["suggestions"][0]["prompt"]  # the seed's line is still offered
    assert (first["document"], first["turn"], first["text"]) == (
        SEED,
        52,
        "The Chinese will protest.",
    )

    later = student.ask({"type": "say", "text": LATER})
    # as typed: lower case, without the possessive
    assert (later["status"], later["reason"], later["names"]) == (
        "no_match",
        "anachronism",
        ["putin"],
    )
    weak = student.ask({"type": "say", "text": WEAK})
    assert (weak["status"], weak["reason"], weak["names"]) == ("no_match", "weak", [])

    picked = student.ask({"type": "pick", "suggestion": 0})
    assert picked["status"] == "picked" and "reason" not in picked
    student.close()

    # the instructor's exchanges keep why each line was refused, also after a pick
    events = live.services.store.events(welcome["session"])
    exchanges = read_session(welcome["session"], "Ines", events).exchanges
    assert [(x.status, x.reason, x.names) for x in exchanges] == [
        ("match", None, []),
        ("no_match", "unheld", ["Cuba"]),
        ("no_match", "anachronism", ["putin"]),
        ("picked", "weak", []),
    ]


def test_playing_dobrynin_a_refusal_says_why_too(live: LiveServer) -> None:
    student = Student(live.url)
    _play(student, "dobrynin")
    reply = student.ask({"type": "say", "text": "Henry, what does Watergate mean for Nixon?"})
    assert (reply["status"], reply["reason"], reply["names"]) == (
        "no_match",
        "unheld",
        ["Watergate"],
    )
    student.close()


def test_api_ask_says_why_a_line_is_refused(client: TestClient) -> None:
    data = client.get("/api/ask", params={"line": UNHELD}).json()
    assert (data["status"], data["reason"], data["names"]) == ("no_match", "unheld", ["Cuba"])
    data = client.get("/api/ask", params={"line": "Is Gaza part of the ceasefire?"}).json()
    assert (data["status"], data["reason"], data["names"]) == ("no_match", "anachronism", ["Gaza"])
    assert "topics" not in data  # only a weak refusal leads to a topic
    data = client.get("/api/ask", params={"line": "Beijing is going to object."}).json()
    assert data["status"] == "match" and "reason" not in data and "names" not in data
    schema = client.get("/openapi.json").json()["components"]["schemas"]["AskOut"]
    reason = schema["properties"]["reason"]["anyOf"][0]
    # "instructor" comes only in a class (a correction refused the line), never from /api/ask
    assert reason["enum"] == ["weak", "language", "anachronism", "unheld", "chatter", "instructor"]
    assert not {"reason", "names", "correction", "topics"} & set(schema["required"])
    assert "correction" not in data


def test_a_line_in_another_language_is_refused_for_its_language(live: LiveServer) -> None:
    """A line typed in German is refused as `language` (it was `weak`, like any line nothing
    fits), as typed and with no names; the instructor's exchange, the struggles view and the
    CSV export keep the reason, and /api/ask gives it too."""
    teacher = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
    with httpx.Client(base_url=f"http://127.0.0.1:{live.port}", timeout=30) as api:
        assert api.post("/api/classes", json={"code": "LNG101"}, headers=teacher).is_success
        student = Student(live.url)
        welcome = student.ask({"type": "hello", "student": "Jurgen", "class": "LNG101"})
        student.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
        reply = student.ask({"type": "say", "text": OTHER})
        student.close()
        assert (reply["query"], reply["status"], reply["reason"], reply["names"]) == (
            OTHER,
            "no_match",
            "language",
            [],
        )
        assert reply["matches"] == [] and "topics" not in reply and "elsewhere" not in reply
        asked = api.get("/api/ask", params={"line": "Анатолий, когда мы встретимся?"}).json()
        assert (asked["status"], asked["reason"]) == ("no_match", "language")
        struggles = api.get("/api/classes/LNG101/struggles", headers=teacher).json()
        exported = api.get("/api/classes/LNG101/export.csv", headers=teacher).text
    exchanges = read_session(
        welcome["session"], "Jurgen", live.services.store.events(welcome["session"])
    ).exchanges
    assert [(x.line, x.status, x.reason, x.names) for x in exchanges] == [
        (OTHER, "no_match", "language", [])
    ]
    assert [(u["line"], u["reason"]) for u in struggles["unanswered"]] == [(OTHER, "language")]
    rows = csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))
    assert [(r["line"], r["status"], r["reason"]) for r in rows] == [
        (OTHER, "no_match", "language")
    ]


def test_struggles_group_what_students_asked_about_by_topic_and_later_time(
    live: LiveServer,
) -> None:
    """``unheld`` refusals gathered by the period topic their names belong to, with the words
    typed ("Jordan" and "fedayeen" are one topic; a line naming two topics counts under each,
    one naming a topic twice once); a name of no topic (the list changed since the line was
    stored) stands on its own; ``anachronism`` refusals by name, case aside. A pick
    afterwards still counts, a weak refusal never."""
    teacher = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
    with httpx.Client(base_url=f"http://127.0.0.1:{live.port}", timeout=30) as api:
        assert api.post("/api/classes", json={"code": "UNH101"}, headers=teacher).is_success
        said = {
            "Rosa": [UNHELD, "What about Jordan and Cuba?", WEAK, LATER],
            "Tomas": [
                "the chinese will protest about cuba.",
                "The fedayeen will protest in Jordan.",
            ],
            "Ugo": ["Will the Chinese protest about Jordan?", "Putin will protest about Gaza."],
            "Vera": ["Putin will protest."],
        }
        for name, lines in said.items():
            student = Student(live.url)
            student.ask({"type": "hello", "student": name, "class": "UNH101"})
            student.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
            for line in lines:
                assert student.ask({"type": "say", "text": line})["status"] == "no_match"
            if name == "Ugo":
                assert student.ask({"type": "pick", "suggestion": 0})["status"] == "picked"
            student.close()
        # Vera's line of a topic list that named Biafra (this one does not)
        older = start(live.services.store, "Vera", "UNH101", "vera-older-session")
        live.services.store.record(older.id, "line", {"text": "And Biafra?"})
        live.services.store.record(
            older.id,
            "reply",
            {"query": "And Biafra?", "status": "no_match", "reason": "unheld", "names": ["Biafra"]},
        )
        body = api.get("/api/classes/UNH101/struggles", headers=teacher).json()
    jordan = "Jordan, September 1970: Syrian tanks and the fedayeen"
    cuba = "The Cienfuegos submarine base, Cuba (1970)"
    topic = {"topic": True, "held": False}  # the fixture index speaks of no topic
    assert body["unheld"] == [
        {"name": jordan, "students": 3, "lines": 3, **topic, "typed": ["Jordan", "fedayeen"]},
        # "Cuba" typed twice, "cuba" once
        {"name": cuba, "students": 2, "lines": 3, **topic, "typed": ["Cuba"]},
        {
            "name": "Biafra",
            "students": 1,
            "lines": 1,
            "topic": False,
            "held": False,
            "typed": ["Biafra"],
        },
    ]
    assert body["held_now"] == []
    assert body["anachronisms"] == [  # "putin" (Rosa's "putin's") once, "Putin" twice
        {"name": "Putin", "students": 3, "lines": 3},
        {"name": "Gaza", "students": 1, "lines": 1},
    ]
