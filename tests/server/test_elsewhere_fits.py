"""A refusal within a scenario names a conversation outside it only where one answers the line.

Issue #11: "how is your wife", refused within the 1972 summit, was told "Outside the
scenario, the record has a conversation that answers this line: Lebanon 1976 …" (vol. XVI,
doc. 285), whose answer is Dobrynin's "I heard, I am sorry.", to a line only loosely related
to the student's: the page warns of such a reply when it gives one (web/js/replies.js
looseness), and here promised it as an answer. Now the refusal names a conversation only
when the whole record answers the line with a reply the student would get as fitting, and
else says that nothing outside answers either; the student's reply, ``GET /api/ask`` and the
stored exchange the instructor reads say the same. On the shipped corpus: the fixture
corpus holds neither conversation. The whole record now refuses "how is your wife" too (the
greetings it matched first are set aside: docs/quality.md, "A line whose likeliest answer is set
aside"), so the loosely answered line here is "dont tell the state department about this call",
answered by the whole record with "That is 8:45?" after "Would they see me at 8:45 in the State
Department?" (a 1976 call on Lebanon, similarity 0.43).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.closeness import LOOSE_BELOW
from tests.server.conftest import LiveServer, Student

STATE = "dont tell the state department about this call"
SUMMIT = "topic:summit"
BACK = "when are you back from moscow, anatol?"  # docs/protocol.md's example
WAR = "topic:war-1973"


@pytest.fixture(scope="module")
def roleplay(shipped_roleplay: Any) -> Any:
    """The role-play over the session's index of the whole shipped corpus (66 conversations)."""
    return shipped_roleplay


def _outside(reply: dict[str, Any]) -> tuple[Any, ...]:
    """A refusal's status and reason, whether the rest of the record was searched, and the
    conversation named there with the page of its citation (None: none named)."""
    named = reply.get("elsewhere")
    return (
        reply["status"],
        reply.get("reason"),
        reply.get("searched_outside"),
        (named["document"], named["citation"]["pages"]) if named else None,
    )


def test_a_line_the_whole_record_answers_only_loosely_is_told_nothing_outside_answers(
    client: TestClient,
) -> None:
    whole = client.get("/api/ask", params={"line": STATE}).json()
    best = whole["matches"][0]
    # the whole record's answer: one the page would say is only loosely related to the line
    assert (whole["status"], best["citation"]["document"], best["reply"]["text"]) == (
        "match",
        "frus1969-76v16/d205",
        "That is 8:45?",
    )
    assert best["score"] < LOOSE_BELOW
    within = client.get("/api/ask", params={"line": STATE, "scenario": SUMMIT}).json()
    assert _outside(within) == ("no_match", "weak", True, None)


def test_a_line_the_whole_record_answers_closely_still_names_its_conversation(
    client: TestClient,
) -> None:
    within = client.get("/api/ask", params={"line": BACK, "scenario": WAR}).json()
    assert _outside(within) == ("no_match", "weak", True, ("frus1969-76v12/d189", [582]))
    best = client.get("/api/ask", params={"line": BACK}).json()["matches"][0]
    assert (best["prompt"]["text"], best["score"] >= LOOSE_BELOW) == (
        "When are you coming back?",
        True,
    )


def test_the_student_and_the_instructor_are_told_what_ask_says(
    live: LiveServer, client: TestClient
) -> None:
    student = Student(live.url)
    welcome = student.ask({"type": "hello", "student": "Elsewhere-Fits", "class": None})
    said = []
    for scenario, line in ((SUMMIT, STATE), (WAR, BACK)):
        student.ask({"type": "roleplay.start", "as": "kissinger", "scenario": scenario})
        said.append(student.ask({"type": "say", "text": line}))
    student.close()
    assert [_outside(r) for r in said] == [
        ("no_match", "weak", True, None),
        ("no_match", "weak", True, ("frus1969-76v12/d189", [582])),
    ]
    for reply, (scenario, line) in zip(said, ((SUMMIT, STATE), (WAR, BACK)), strict=True):
        asked = client.get("/api/ask", params={"line": line, "scenario": scenario}).json()
        assert asked == {k: v for k, v in reply.items() if k not in {"type", "exchange", "script"}}
    # stored for the instructor: nothing outside for the first, the match behind the second
    stored = [e.data for e in live.services.store.events(welcome["session"]) if e.kind == "reply"]
    assert [r.get("searched_outside") for r in stored] == [True, True]
    assert "answered_outside" not in stored[0]
    outside = stored[1]["answered_outside"]
    assert (outside["citation"]["document"], outside["reply"]["text"]) == (
        "frus1969-76v12/d189",
        "I hope by four weeks—just enough to gain strength to conduct discussions.",
    )
