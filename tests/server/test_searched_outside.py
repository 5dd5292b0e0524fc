"""A refusal within a scenario tells the student the rest of the record was searched too.

Issue #11: a line refused as weak within a scenario is searched again over the whole record
(server/elsewhere.py), and the server knew when nothing outside answers it either, but kept
that for the instructor only: the student page offered "Ask the whole record instead", and the
student got the same refusal a second time. The reply now carries ``searched_outside`` exactly
when the search was made: a weak refusal within a scenario, with ``elsewhere`` or without it
(the page reads the two together); never in the whole record, for another reason, or for an
answered line. ``GET /api/ask`` and ``ask --json`` carry it the same way.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.server.conftest import SEED, LiveServer, Student

WAR = "topic:war-1973"
SEED_LINE = (
    "Anatol, two things about our discussions this morning. First on the MBFR Conference, we "
    "might be prepared to have just an exploratory meeting by ambassadors"
)
NOWHERE = "What is the capital of Australia?"  # no recorded line fits it, in any scope
# refused in the war, one line of it offered (v25 d172 turn 11). "Sadat is moving his tanks." was
# offered turn 7, on Sadat, until a search within a scenario had a tier model of its own, which
# answers it with that turn (0.90)
NEAR = "Egypt is moving troops."
LATER = "Putin will not like this"  # refused for a later name: holds for the whole record
ANSWERED = "I will call you back tomorrow."  # answered within the war


def _outside(reply: dict[str, Any]) -> tuple[Any, ...]:
    """What a reply says of the rest of the record: its status and reason, whether it was
    searched (the field left out: None), and the conversation named there."""
    named = reply.get("elsewhere")
    return (
        reply["status"],
        reply.get("reason"),
        reply.get("searched_outside"),
        named["document"] if named else None,
    )


def test_a_reply_says_the_rest_of_the_record_was_searched_exactly_when_it_was(
    live: LiveServer,
) -> None:
    student = Student(live.url)
    welcome = student.ask({"type": "hello", "student": "Outsider-Wire", "class": None})
    student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": WAR})
    within = [student.ask({"type": "say", "text": line}) for line in (SEED_LINE, NOWHERE, NEAR)]
    assert [_outside(r) for r in within] == [
        ("no_match", "weak", True, SEED),  # searched, and answered outside: named
        ("no_match", "weak", True, None),  # searched, and nothing outside answers it
        ("no_match", "weak", True, None),
    ]
    # the did-you-mean lines are the scenario's, as before
    assert [m["prompt"]["document"] for m in within[2]["suggestions"]] == ["frus1969-76v25/d172"]
    later = student.ask({"type": "say", "text": LATER})
    answered = student.ask({"type": "say", "text": ANSWERED})
    assert _outside(later) == ("no_match", "anachronism", None, None)
    assert _outside(answered)[1:] == (None, None, None)
    assert answered["status"] in ("match", "ambiguous")
    # The same line in the whole record: refused, and no second search to speak of
    student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": None})
    assert _outside(student.ask({"type": "say", "text": NOWHERE})) == (
        "no_match",
        "weak",
        None,
        None,
    )
    student.close()
    # stored as before: the instructor's views read it from the event
    replies = [e.data for e in live.services.store.events(welcome["session"]) if e.kind == "reply"]
    assert [r.get("searched_outside") for r in replies] == [True, True, True, None, None, None]


def test_ask_within_a_scenario_says_the_rest_of_the_record_was_searched(
    client: TestClient,
) -> None:
    def asked(line: str, **scope: str) -> tuple[Any, ...]:
        return _outside(client.get("/api/ask", params={"line": line, **scope}).json())

    assert asked(NOWHERE, scenario=WAR) == ("no_match", "weak", True, None)
    assert asked(SEED_LINE, scenario=WAR) == ("no_match", "weak", True, SEED)
    assert asked(NOWHERE) == ("no_match", "weak", None, None)
