"""Strict answers per class: the instructor sets them (REST), and a student of the class gets an
honest refusal, with the closest lines offered, where a student of another class is answered.

``LOOSE`` is a loose line whose best recorded line the tier model gives a fit probability
between the default threshold (0.7) and the strict one (0.8) on the fixture index (0.76):
answered by default, refused when strict. Its best recorded line is v25 d172's "The British are
reluctant because they think that Sadat will not agree to it." (The line this test first used,
"I have a message from the President for Mr. Brezhnev", was carried there by the four word
pieces of Brezhnev's name to "Don’t you pull any of these Brezhnev tricks on me."; a name the
record says now counts once, and that line is refused: tests/embeddings/test_piece_weights.py.
The next, "The Europeans doubt the Egyptians will go along", fell to 0.59 when a line of
Kissinger's came to be supported only by the words said around it: docs/quality.md, "Support
from the turns around Kissinger's line". The third, "The allies doubt the Egyptians will go
along", fell to 0.57 when the tier model was refitted with the bar at 0.7, and its best line
became v25 d172 turn 11.)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from embeddings.tiers import STRICT_THRESHOLD, THRESHOLD
from server.app import create_app
from server.roleplay import RoleplayEngine
from server.session_read import read_session
from server.store import Store
from tests.server.conftest import OTHER_TOKEN, TEACHER_TOKEN, LiveServer, Student, start

LOOSE = "The allies are wary since the Egyptians may refuse"
TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
OTHER = {"Authorization": f"Bearer {OTHER_TOKEN}"}


@pytest.fixture
def rest(live: LiveServer) -> Iterator[TestClient]:
    """The REST API on the live server's services; the class is not strict after."""
    client = TestClient(create_app(live.services))
    yield client
    live.services.store.set_class_strict("HIST210", False)


def put(rest: TestClient, strict: Any, headers: dict[str, str] = TEACHER) -> Any:
    return rest.put("/api/classes/hist210/strict", json={"strict": strict}, headers=headers)


def test_the_loose_line_lies_between_the_two_thresholds(roleplay: Any) -> None:
    answered = roleplay.respond(LOOSE)
    assert THRESHOLD <= answered.confidence < STRICT_THRESHOLD
    assert answered.status == "match"
    best = answered.matches[0].prompt
    assert (best.document, best.index) == ("frus1969-76v25/d172", 7)
    assert best.spoken_text.startswith("The British are reluctant because they think that Sadat")
    refused = roleplay.respond(LOOSE, threshold=STRICT_THRESHOLD)
    assert (refused.status, refused.reason, refused.matches) == ("no_match", "weak", ())
    assert refused.confidence == answered.confidence
    # The line that would have been the answer is offered to pick, first.
    assert refused.suggestions[0].prompt == answered.matches[0].prompt


def test_a_threshold_that_is_no_probability_is_refused_saying_what_to_give(
    roleplay: Any,
) -> None:
    with pytest.raises(ValueError, match=r"^The threshold 80 is not a probability between 0 and 1"):
        roleplay.respond(LOOSE, threshold=80)


def test_strict_answers_never_answer_more_than_the_servers_threshold(
    roleplay: Any, fixture_index_dir: Any, encoder: Any
) -> None:
    from embeddings import Index, RolePlay

    assert RoleplayEngine(roleplay).strict_bar() == STRICT_THRESHOLD
    stricter_school = RolePlay(Index.load(fixture_index_dir), encoder, cached=True, threshold=0.9)
    assert RoleplayEngine(stricter_school).strict_bar() == 0.9


def test_instructor_sets_and_clears_strict_answers(rest: TestClient) -> None:
    assert rest.get("/api/classes", headers=TEACHER).json()[0]["strict"] is False
    response = put(rest, True)
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["strict"], body["scenario"]) == ("HIST210", True, None)
    assert rest.get("/api/classes", headers=TEACHER).json() == [body]
    cleared = put(rest, False)
    assert cleared.status_code == 200 and cleared.json()["strict"] is False
    assert rest.get("/api/classes", headers=TEACHER).json()[0]["strict"] is False


def test_a_body_that_is_not_true_or_false_is_refused(rest: TestClient) -> None:
    for body in ({"strict": "yes"}, {"strict": None}, {}, {"strict": True, "level": 2}):
        response = rest.put("/api/classes/HIST210/strict", json=body, headers=TEACHER)
        assert response.status_code == 422, body
    assert rest.get("/api/classes", headers=TEACHER).json()[0]["strict"] is False


def test_only_the_class_instructor_may_set_strict_answers(rest: TestClient) -> None:
    response = put(rest, True, headers=OTHER)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "You do not teach this class; one of its instructors can share it with you."
    }
    assert put(rest, True, headers={}).status_code == 401
    nope = rest.put("/api/classes/NOPE/strict", json={"strict": True}, headers=TEACHER)
    assert (nope.status_code, nope.json()) == (404, {"detail": "No class 'NOPE'."})
    assert rest.get("/api/classes", headers=TEACHER).json()[0]["strict"] is False


def test_the_schema_types_strict_answers(rest: TestClient) -> None:
    schemas = rest.get("/openapi.json").json()["components"]["schemas"]
    assert "strict" in schemas["ClassOut"]["required"]
    assert schemas["ClassStrictIn"]["required"] == ["strict"]


def test_a_strict_class_refuses_the_loose_line_another_class_answers(
    live: LiveServer, rest: TestClient
) -> None:
    put(rest, True)
    strict, other = Student(live.url), Student(live.url)
    strict.ask({"type": "hello", "student": "Olga", "class": "HIST210"})
    other.ask({"type": "hello", "student": "Ivo", "class": "IR101"})
    for student in (strict, other):
        assert (
            student.ask({"type": "roleplay.start", "as": "kissinger"})["type"] == "roleplay.ready"
        )

    answered = other.ask({"type": "say", "text": LOOSE})
    assert answered["status"] == "match"
    best = answered["matches"][0]["prompt"]
    refused = strict.ask({"type": "say", "text": LOOSE})
    assert (refused["status"], refused["reason"], refused["matches"]) == ("no_match", "weak", [])
    assert refused["suggestions"][0]["prompt"] == best
    assert 1 <= len(refused["suggestions"]) <= 3

    # Turned off: the same role-play's next line is answered, no new start needed.
    put(rest, False)
    assert strict.receive() == {"type": "class.strict", "class": "HIST210", "strict": False}
    again = strict.ask({"type": "say", "text": LOOSE})
    assert (again["status"], again["matches"][0]["prompt"]) == ("match", best)
    strict.close()
    other.close()


def test_open_sessions_of_the_class_are_told_at_once_when_strict_answers_change(
    live: LiveServer, rest: TestClient
) -> None:
    """The bar applies from a student's next line, so their page must say so then, not at the
    next role-play's start (the note showed only then, found by the teacher's walk): every open
    session of the class is sent ``class.strict``, unasked; another class's hears nothing."""
    olga, piet, ivo = Student(live.url), Student(live.url), Student(live.url)
    assert olga.ask({"type": "hello", "student": "Olga", "class": "HIST210"})["strict"] is False
    assert piet.ask({"type": "hello", "student": "Piet", "class": "hist210"})["strict"] is False
    assert ivo.ask({"type": "hello", "student": "Ivo", "class": "IR101"})["strict"] is False
    assert olga.ask({"type": "roleplay.start", "as": "kissinger"})["strict"] is False

    assert put(rest, True).status_code == 200
    told = {"type": "class.strict", "class": "HIST210", "strict": True}
    assert (olga.receive(), piet.receive()) == (told, told)
    refused = olga.ask({"type": "say", "text": LOOSE, "id": "l1"})
    assert (refused["type"], refused["status"]) == ("reply", "no_match")
    # Ivo's next message is the answer to his own: nothing was pushed to IR101.
    assert ivo.ask({"type": "ping", "seq": 7}) == {"type": "pong", "seq": 7}

    assert put(rest, False).status_code == 200
    told = {"type": "class.strict", "class": "HIST210", "strict": False}
    assert (olga.receive(), piet.receive()) == (told, told)
    assert ivo.ask({"type": "ping", "seq": 8}) == {"type": "pong", "seq": 8}
    piet.close()
    # one connection closed, the class's others are still told
    assert put(rest, True).status_code == 200
    assert olga.receive()["strict"] is True
    olga.close()
    ivo.close()


def test_each_reply_keeps_the_bar_it_was_held_to_and_the_exports_show_it(
    live: LiveServer, rest: TestClient
) -> None:
    put(rest, True)
    strict, other = Student(live.url), Student(live.url)
    welcome = strict.ask({"type": "hello", "student": "Olga", "class": "HIST210"})
    elsewhere = other.ask({"type": "hello", "student": "Ivo", "class": "IR101"})
    assert (welcome["strict"], elsewhere["strict"]) == (True, False)
    assert strict.ask({"type": "roleplay.start", "as": "kissinger"})["strict"] is True
    assert other.ask({"type": "roleplay.start", "as": "kissinger"})["strict"] is False
    assert strict.ask({"type": "say", "text": LOOSE})["status"] == "no_match"
    assert other.ask({"type": "say", "text": LOOSE})["status"] == "match"
    put(rest, False)
    assert strict.receive()["type"] == "class.strict"
    assert strict.ask({"type": "say", "text": LOOSE})["status"] == "match"
    strict.close()
    other.close()

    def kept(session: str) -> list[tuple[str, float, bool]]:
        events = live.services.store.events(session)
        return [
            (e.data["status"], e.data["threshold"], e.data["strict"])
            for e in events
            if e.kind == "reply"
        ]

    assert kept(welcome["session"]) == [("no_match", 0.8, True), ("match", 0.7, False)]
    assert kept(elsewhere["session"]) == [("match", 0.7, False)]

    detail = rest.get(f"/api/sessions/{welcome['session']}", headers=TEACHER).json()
    assert [
        (x["status"], x["reason"], x["threshold"], x["strict"]) for x in detail["exchanges"]
    ] == [
        ("no_match", "weak", 0.8, True),
        ("match", None, 0.7, False),
    ]
    exported = rest.get("/api/classes/HIST210/export.csv", headers=TEACHER).text.lstrip("\ufeff")
    rows = [r for r in csv.DictReader(io.StringIO(exported)) if r["session"] == welcome["session"]]
    assert [(r["status"], r["reason"], r["threshold"], r["strict"]) for r in rows] == [
        ("no_match", "weak", "0.8", "true"),
        ("match", "", "0.7", "false"),
    ]


def test_both_stores_keep_the_bar_exactly(store: Store) -> None:
    session = start(store, "Ada", None, "bcr_bar")
    refused = {"query": LOOSE, "status": "no_match", "matches": [], "score": None}
    store.record(session.id, "reply", {**refused, "threshold": 0.8, "strict": True})
    store.record(session.id, "reply", refused)  # stored before the bar was kept
    exchanges = read_session(session.id, "Ada", store.events(session.id)).exchanges
    assert [(x.threshold, x.strict) for x in exchanges] == [(0.8, True), (None, None)]
