"""What the class struggled with, as a pure function of stored events: each refused line is
listed once, a line refused for what it names under what it names and nowhere else (a teacher
found every such line twice, under its topic and again among the unanswered lines)."""

from __future__ import annotations

from typing import Any

from server.store import Event, SessionSummary
from server.struggles import struggles

JORDAN = "Jordan, September 1970: Syrian tanks and the fedayeen"
CUBA = "The Cienfuegos submarine base, Cuba (1970)"
OFFERED = {
    "prompt": {"speaker": "kissinger", "text": "The Chinese will protest.", "document": "v/d1"},
    "reply": {"speaker": "dobrynin", "text": "They will.", "turns": []},
    "score": 0.41,
}


def refused(line: str, reason: str, *names: str) -> tuple[str, dict[str, Any]]:
    """A line and its stored refusal, with the lines offered instead."""
    data = {"query": line, "status": "no_match", "reason": reason, "names": list(names)}
    return line, {**data, "matches": [OFFERED]}


def session(id_: str, student: str, *said: tuple[str, dict[str, Any]]) -> tuple[Any, ...]:
    """A free play of lines, each with its stored reply, one second apart; a `pick` reply
    follows the line before it."""
    events = [Event(1, f"2026-12-02T17:{id_}:00.000Z", "roleplay.start", {"as": "kissinger"})]
    for second, (kind, data) in enumerate(said, start=1):
        at = f"2026-12-02T17:{id_}:{second:02d}.000Z"
        if kind == "pick":
            events.append(Event(len(events) + 1, at, "pick", {"suggestion": 0}))
            events.append(Event(len(events) + 1, at, "reply", data))
            continue
        events.append(Event(len(events) + 1, at, "line", {"text": kind}))
        events.append(Event(len(events) + 1, at, "reply", data))
    summary = SessionSummary(f"s{id_}", student, events[0].at, None, len(said), 0, 0)
    return summary, events


def test_a_line_refused_for_what_it_names_is_listed_once_under_what_it_names() -> None:
    picked = {"query": "", "status": "picked", "matches": [OFFERED]}
    ada = session(
        "10",
        "Ada",
        refused("whats for lunch", "chatter"),
        refused("What about Jordan and Cuba?", "unheld", "Jordan", "Cuba"),
        refused("Putin will protest.", "anachronism", "Putin"),
        refused("Anatol, about the grain?", "weak"),
    )
    bo = session(
        "20",
        "Bo",
        refused("The fedayeen will protest.", "unheld", "fedayeen"),
        ("pick", picked),  # a pick after it: still counted under Jordan, once
        refused("putin again", "anachronism", "putin"),
    )
    found = struggles([ada, bo])
    assert [(u.student, u.line, u.reason, u.seq) for u in found.unanswered] == [
        ("Ada", "Anatol, about the grain?", "weak", 9),
        ("Ada", "whats for lunch", "chatter", 3),
    ]
    assert [u.model_dump() for u in found.unheld] == [
        {"name": JORDAN, "students": 2, "lines": 2, "topic": True, "typed": ["fedayeen", "Jordan"]},
        {"name": CUBA, "students": 1, "lines": 1, "topic": True, "typed": ["Cuba"]},
    ]
    assert [a.model_dump() for a in found.anachronisms] == [
        {"name": "Putin", "students": 2, "lines": 2}
    ]
    # each refused line once in the students' counts too: Bo's picked line was answered
    assert [(p.student, p.lines, p.answered, p.refused) for p in found.students] == [
        ("Ada", 4, 0, 4),
        ("Bo", 2, 1, 1),
    ]
