"""A session's share of the struggle view read on from its newest event (the live refresh of a
busy class reads only a moved session's new events) is the share read from its first: wherever
the events read so far end, whatever came after (a pick changing the last exchange, a quiz
answer to a question read before, a scenario begun before, an unreadable row)."""

from __future__ import annotations

from typing import Any

from server.session_parts import PartReader, session_part
from server.store import Event, SessionSummary

OFFERED = {
    "prompt": {"speaker": "kissinger", "text": "The Chinese will protest.", "document": "v/d1"},
    "reply": {"speaker": "dobrynin", "text": "They will.", "turns": []},
    "score": 0.41,
}
MATCHED = {**OFFERED, "prompt": {**OFFERED["prompt"], "turn": 3}, "score": 0.83}


def refused(line: str, reason: str = "weak", *names: str) -> dict[str, Any]:
    return {
        "query": line,
        "status": "no_match",
        "reason": reason,
        "names": list(names),
        "matches": [OFFERED],
        "searched_outside": True,
    }


# (kind, data) of one session: two role-plays (the second within a scenario), a refusal and
# the pick after it, an answered line, lines refused for what they name, a quiz answered
# wrong then right, a row that is not JSON and a reply without its line.
SAID: list[tuple[str, Any]] = [
    ("roleplay.start", {"as": "kissinger"}),
    ("line", {"text": "whats  for lunch"}),
    ("reply", refused("whats for lunch", "chatter")),
    ("line", {"text": "the chinese will\nprotest"}),
    ("reply", refused("the chinese will protest")),
    ("pick", {"suggestion": 0}),
    ("reply", {"query": "", "status": "picked", "matches": [OFFERED]}),
    ("roleplay.start", {"as": "dobrynin", "scenario": "cienfuegos"}),
    ("line", {"text": "Is there a base at Cienfuegos?"}),
    ("reply", {"query": "Is there a base at Cienfuegos?", "status": "match", "matches": [MATCHED]}),
    ("line", {"text": "What of Putin?"}),
    ("reply", refused("What of Putin?", "anachronism", "Putin")),
    ("line", {"text": "And the Jordan crisis?"}),
    ("reply", refused("And the Jordan crisis?", "unheld", "Jordan")),
    ("line", {"text": "How was Geneva?"}),
    ("reply", refused("How was Geneva?")),
    (
        "quiz.question",
        {
            "quiz": "z1",
            "id": "q1",
            "mode": "who_said",
            "prompt": {"text": "They will.", "document": "v/d1", "turn": 4},
            "choices": [{"id": "a", "text": "Kissinger"}, {"id": "b", "text": "Dobrynin"}],
        },
    ),
    ("quiz.result", {"quiz": "z1", "id": "q1", "given": "a", "answer": "b", "correct": False}),
    ("problem", None),
    ("reply", {"status": "no_match"}),
    ("quiz.result", {"quiz": "z1", "id": "q1", "given": "b", "answer": "b", "correct": True}),
    ("line", {"text": "Good night."}),
    ("reply", refused("Good night.")),
]


def events() -> list[Event]:
    out = []
    for seq, (kind, data) in enumerate(SAID, start=1):
        at = f"2026-12-02T17:00:{seq:02d}.000Z"
        if kind == "problem":
            out.append(Event(seq, at, "line", {}, problem="not JSON", stored="{half"))
        else:
            out.append(Event(seq, at, kind, data))
    return out


SUMMARY = SessionSummary("s1", "Ada", "2026-12-02T17:00:01.000Z", None, 8, 2, 1)


def test_a_share_read_on_from_any_event_is_the_share_read_whole() -> None:
    stored = events()
    whole = session_part(SUMMARY, stored)
    # what the events hold, so that the comparisons below compare something
    assert (whole.seq, whole.lines, whole.answered, whole.refused) == (len(stored), 7, 2, 5)
    assert [(u.line, u.scenario, u.picked) for u in whole.unanswered] == [
        ("whats  for lunch", None, False),
        ("the chinese will\nprotest", None, True),
        ("How was Geneva?", "cienfuegos", False),
        ("Good night.", "cienfuegos", False),
    ]
    assert (whole.unheld, whole.later) == ((("Ada", ["Jordan"]),), (("Ada", ["Putin"]),))
    assert [(q.correct, q.answer, q.right_answer) for q in whole.quiz] == [
        (False, "Kissinger", "Dobrynin"),
        (True, "Dobrynin", "Dobrynin"),
    ]
    assert [u.seq for u in whole.unreadable] == [19, 20]
    for first in range(len(stored) + 1):
        for second in range(first, len(stored) + 1):
            reader = PartReader(SUMMARY)
            reader.extend(stored[:first])
            early = reader.part()
            assert early == session_part(SUMMARY, stored[:first]), first
            reader.extend(stored[first:second])
            reader.extend(stored[second:])
            assert reader.part() == whole, (first, second)
