"""A class's scenario: the instructor sets it (REST), its students' role-plays answer from it.

The same line answers from the seed conversation (vol. XXXIX) across the whole record; within
vol. XXV (one conversation, on the 1973 war) it is refused with nothing of the record shown and
the seed named as where the rest of the record answers it, so the reply shows which scope the
server searched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from tests.server.conftest import OTHER_TOKEN, SEED, TEACHER_TOKEN, LiveServer, Student

SHORT = "frus1969-76v25/d172"  # the fixture's one conversation of FRUS vol. XXV (1973 war)
VOLUME = "volume:frus1969-76v25"
SEED_LINE = (
    "Anatol, two things about our discussions this morning. First on the MBFR Conference, we "
    "might be prepared to have just an exploratory meeting by ambassadors"
)
TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
OTHER = {"Authorization": f"Bearer {OTHER_TOKEN}"}


@pytest.fixture
def rest(live: LiveServer) -> Iterator[TestClient]:
    """The REST API on the live server's services; the class's scenario is cleared after."""
    client = TestClient(create_app(live.services))
    yield client
    live.services.store.set_class_scenario("HIST210", None)


def put(rest: TestClient, scenario: str | None, headers: dict[str, str] = TEACHER) -> Any:
    return rest.put("/api/classes/hist210/scenario", json={"scenario": scenario}, headers=headers)


def within_the_volume(reply: dict[str, Any]) -> tuple[Any, ...]:
    """What a reply searched within vol. XXV shows of the record, and where it names."""
    return (
        reply["status"],
        reply["reason"],
        reply["matches"],
        reply["suggestions"],
        reply["elsewhere"]["document"],
    )


REFUSED = ("no_match", "weak", [], [], SEED)  # the seed's line, refused within vol. XXV


def test_instructor_sets_and_clears_the_class_scenario(rest: TestClient) -> None:
    assert rest.get("/api/classes", headers=TEACHER).json()[0]["scenario"] is None
    response = put(rest, VOLUME)
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "HIST210"
    scenario = body["scenario"]
    assert (scenario["id"], scenario["kind"], scenario["documents"]) == (
        VOLUME,
        "volume",
        [SHORT],
    )
    assert scenario["title"].startswith("FRUS 1969–1976, vol. XXV") and not scenario["editorial"]
    assert rest.get("/api/classes", headers=TEACHER).json() == [body]

    war = put(rest, "topic:war-1973").json()["scenario"]
    assert (war["kind"], war["title"], war["editorial"]) == (
        "topic",
        "The October 1973 war",
        True,
    )
    cleared = put(rest, None)
    assert cleared.status_code == 200 and cleared.json()["scenario"] is None
    assert rest.get("/api/classes", headers=TEACHER).json()[0]["scenario"] is None


def test_a_learner_reads_their_class_scenario(rest: TestClient, live: LiveServer) -> None:
    """GET /api/learner/scenario: what the record page offers a student to play by."""
    welcomes = []
    for code in ("HIST210", None):
        student = Student(live.url)
        welcomes.append(student.ask({"type": "hello", "student": "Ada", "class": code}))
        student.close()
    ada, solo = welcomes
    mine = {"Authorization": f"Bearer {ada['learner']}"}
    assert rest.get("/api/learner/scenario", headers=mine).json() == {
        "class": "HIST210",
        "scenario": None,
    }
    put(rest, "topic:war-1973")
    war = next(s for s in rest.get("/api/scenarios").json() if s["id"] == "topic:war-1973")
    assert rest.get("/api/learner/scenario", headers=mine).json() == {
        "class": "HIST210",
        "scenario": war,
    }
    alone = {"Authorization": f"Bearer {solo['learner']}"}
    assert rest.get("/api/learner/scenario", headers=alone).json() == {
        "class": None,
        "scenario": None,
    }
    refused = rest.get("/api/learner/scenario", headers={"Authorization": "Bearer bcl_nobody"})
    assert refused.status_code == 401
    assert refused.json()["detail"] == (
        "Missing or unknown learner token; the page keeps it after you join (welcome.learner)."
    )


def test_an_unknown_scenario_is_refused_saying_how_to_list_them(rest: TestClient) -> None:
    put(rest, VOLUME)
    response = put(rest, "topic:golf")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("No scenario 'topic:golf'")
    assert "GET /api/scenarios lists them" in detail
    assert rest.get("/api/classes", headers=TEACHER).json()[0]["scenario"]["id"] == VOLUME
    missing = rest.put("/api/classes/HIST210/scenario", json={}, headers=TEACHER)
    assert missing.status_code == 422  # null clears; a body without `scenario` is a mistake


def test_only_the_class_instructor_may_set_it(rest: TestClient) -> None:
    response = put(rest, VOLUME, headers=OTHER)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "You do not teach this class; one of its instructors can share it with you."
    }
    assert put(rest, VOLUME, headers={}).status_code == 401
    nope = rest.put("/api/classes/NOPE/scenario", json={"scenario": None}, headers=TEACHER)
    assert nope.status_code == 404
    assert rest.get("/api/classes", headers=TEACHER).json()[0]["scenario"] is None


def test_the_schema_types_the_class_and_its_scenario(rest: TestClient) -> None:
    schemas = rest.get("/openapi.json").json()["components"]["schemas"]
    assert set(schemas["ClassOut"]["required"]) >= {"code", "students", "sessions", "scenario"}
    assert schemas["ClassScenarioIn"]["required"] == ["scenario"]


def test_a_student_of_the_class_plays_within_its_scenario(
    live: LiveServer, rest: TestClient
) -> None:
    put(rest, VOLUME)
    student = Student(live.url)
    welcome = student.ask({"type": "hello", "student": "Olga", "class": "HIST210"})
    assert welcome["scenario"]["id"] == VOLUME

    ready = student.ask({"type": "roleplay.start", "as": "kissinger"})
    assert ready["scenario"]["id"] == VOLUME
    assert within_the_volume(student.ask({"type": "say", "text": SEED_LINE})) == REFUSED

    # null names no narrower scope either: the class's scenario still applies
    ready = student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": None})
    assert ready["scenario"]["id"] == VOLUME
    assert within_the_volume(student.ask({"type": "say", "text": SEED_LINE})) == REFUSED

    # narrowing it to one of its conversations is allowed
    narrow = f"conversation:{SHORT}"
    ready = student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": narrow})
    assert ready["scenario"]["id"] == narrow

    # leaving it is not, for a scope or a conversation played through
    for start, field in (
        ({"scenario": "topic:salt"}, "scenario"),
        ({"scenario": f"conversation:{SEED}"}, "scenario"),
        ({"document": SEED}, "document"),
    ):
        error = student.ask({"type": "roleplay.start", "as": "kissinger", **start})
        assert (error["type"], error["code"], error["field"]) == (
            "error",
            "outside_class_scenario",
            field,
        )
        assert error["message"].startswith(
            "Your instructor set class HIST210 to role-play within “FRUS 1969–1976, vol. XXV"
        )
    played = student.ask({"type": "roleplay.start", "as": "kissinger", "document": SHORT})
    assert (played["document"]["id"], played["scenario"]["id"]) == (SHORT, VOLUME)

    starts = [
        e.data["scenario"]
        for e in live.services.store.events(welcome["session"])
        if e.kind == "roleplay.start"
    ]
    assert starts == [VOLUME, VOLUME, narrow, VOLUME]
    student.close()


def test_a_change_applies_to_role_plays_started_after_it(
    live: LiveServer, rest: TestClient
) -> None:
    put(rest, VOLUME)
    student = Student(live.url)
    student.ask({"type": "hello", "student": "Pia", "class": "HIST210"})
    assert student.ask({"type": "roleplay.start", "as": "kissinger"})["scenario"]["id"] == VOLUME

    put(rest, None)
    # the role-play in progress keeps its scope ...
    assert within_the_volume(student.ask({"type": "say", "text": SEED_LINE})) == REFUSED
    # ... the next one answers from the whole record
    assert student.ask({"type": "roleplay.start", "as": "kissinger"})["scenario"] is None
    reply = student.ask({"type": "say", "text": SEED_LINE})
    assert reply["matches"][0]["prompt"]["document"] == SEED
    student.close()


def test_other_classes_and_solo_practice_choose_freely(live: LiveServer, rest: TestClient) -> None:
    put(rest, VOLUME)
    for joined in ({"class": "IR101"}, {"class": None}):
        student = Student(live.url)
        welcome = student.ask({"type": "hello", "student": "Ivo", **joined})
        assert welcome["scenario"] is None
        ready = student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": "topic:salt"})
        assert ready["scenario"]["id"] == "topic:salt"
        assert student.ask({"type": "roleplay.start", "as": "kissinger"})["scenario"] is None
        student.close()


def test_ready_names_the_class_scenario_as_it_is_at_each_start(
    live: LiveServer, rest: TestClient
) -> None:
    """``class_scenario``: the class's scenario when the role-play started, whatever narrower
    scope the student asked for, so a page opened before a change can follow it."""
    volume = {
        "id": VOLUME,
        "title": "FRUS 1969–1976, vol. XXV: Arab-Israeli Crisis and War, 1973",
        "editorial": False,
    }
    war = {"id": "topic:war-1973", "title": "The October 1973 war", "editorial": True}
    narrow = {"as": "kissinger", "scenario": f"conversation:{SHORT}"}
    put(rest, VOLUME)
    student = Student(live.url)
    student.ask({"type": "hello", "student": "Rui", "class": "HIST210"})
    ready = student.ask({"type": "roleplay.start", "as": "kissinger"})
    assert (ready["scenario"], ready["class_scenario"]) == (volume, volume)
    ready = student.ask({"type": "roleplay.start", **narrow})
    assert (ready["scenario"]["id"], ready["class_scenario"]) == (narrow["scenario"], volume)
    played = student.ask({"type": "roleplay.start", "as": "dobrynin", "document": SHORT})
    assert (played["document"]["id"], played["class_scenario"]) == (SHORT, volume)

    put(rest, "topic:war-1973")  # the conversation lies inside the war too
    ready = student.ask({"type": "roleplay.start", **narrow})
    assert (ready["scenario"]["id"], ready["class_scenario"]) == (narrow["scenario"], war)
    put(rest, None)
    ready = student.ask({"type": "roleplay.start", **narrow})
    assert (ready["scenario"]["id"], ready["class_scenario"]) == (narrow["scenario"], None)
    assert student.ask({"type": "roleplay.start", "as": "kissinger"})["class_scenario"] is None
    student.close()

    solo = Student(live.url)
    solo.ask({"type": "hello", "student": "Ivo"})
    put(rest, VOLUME)  # another class's scenario is not this student's
    ready = solo.ask({"type": "roleplay.start", "as": "kissinger", "scenario": VOLUME})
    assert (ready["scenario"], ready["class_scenario"]) == (volume, None)
    solo.close()
