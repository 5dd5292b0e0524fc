"""``GET /api/ask`` within a scenario answers as a role-play within it does.

It took no ``scenario``: the parameter was dropped unread, so a script asking "within the
1973 war" got the whole record's answer (the seed's European-security call) and never the
refusal, nor its ``elsewhere``, that a student in that scenario reads.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.server.conftest import SEED, LiveServer, Student

SEED_LINE = (
    "Anatol, two things about our discussions this morning. First on the MBFR Conference, we "
    "might be prepared to have just an exploratory meeting by ambassadors"
)
WAR = "topic:war-1973"


def _reply_as_asked(reply: dict[str, Any]) -> dict[str, Any]:
    """The ``reply`` message in ``ask --json``'s shape: without its type and the session's
    own fields (the play's script, the instructor's exchange number)."""
    return {k: v for k, v in reply.items() if k not in {"type", "exchange", "script"}}


def test_ask_within_a_scenario_refuses_and_names_the_conversation_outside(
    live: LiveServer, client: TestClient
) -> None:
    asked = client.get("/api/ask", params={"line": SEED_LINE, "scenario": WAR})
    assert asked.status_code == 200
    data = asked.json()
    assert (data["status"], data["reason"], data["matches"]) == ("no_match", "weak", [])
    assert data["elsewhere"]["document"] == SEED
    assert data["elsewhere"]["citation"]["pages"] == [327]
    # the very answer a student playing within the scenario is sent
    student = Student(live.url)
    student.ask({"type": "hello", "student": "Askwalk", "class": None})
    student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": WAR})
    reply = student.ask({"type": "say", "text": SEED_LINE})
    student.close()
    assert data == _reply_as_asked(reply)
    # without the scenario, the whole record answers the line from the seed
    whole = client.get("/api/ask", params={"line": SEED_LINE}).json()
    assert whole["status"] == "match" and "elsewhere" not in whole
    assert whole["matches"][0]["citation"]["document"] == SEED


def test_ask_within_a_scenario_names_nothing_the_whole_record_does_not_answer(
    client: TestClient,
) -> None:
    data = client.get(
        "/api/ask", params={"line": "What is the capital of Australia?", "scenario": WAR}
    ).json()
    assert data["status"] == "no_match" and "elsewhere" not in data


def test_ask_with_an_unknown_scenario_says_which_ids_there_are(client: TestClient) -> None:
    resp = client.get("/api/ask", params={"line": SEED_LINE, "scenario": "topic:atlantis"})
    assert resp.status_code == 422
    detail = resp.json()["detail"]
    assert detail.startswith("No scenario 'topic:atlantis'; ids look like 'topic:salt'")
    assert "GET /api/scenarios lists them" in detail
