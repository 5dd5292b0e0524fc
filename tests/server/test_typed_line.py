"""A student's line written over two lines (Shift+Enter, or a pasted paragraph) is stored as
typed with its ``line`` event, but the reply's ``query`` is the line as searched, its spaces
run together, and the instructor's transcript card, its exports and the live feed read the
line from the reply: "Line one Line two", where the README says a line is "kept, shown and
stored as typed". They now read the stored line where it is the same words."""

from __future__ import annotations

from typing import Any

from server.live import Narrator
from server.session_read import read_session
from server.store import Event, FeedItem

TYPED = "Anatol, two things.\nFirst, the conference in Geneva."
SEARCHED = "Anatol, two things. First, the conference in Geneva."


def _events(typed: str) -> list[Event]:
    refused: dict[str, Any] = {"query": SEARCHED, "status": "no_match", "matches": []}
    return [
        Event(1, "2026-12-04T20:00:00Z", "roleplay.start", {"as": "kissinger", "document": None}),
        Event(2, "2026-12-04T20:00:05Z", "line", {"text": typed}),
        Event(3, "2026-12-04T20:00:06Z", "reply", refused),
    ]


def test_the_transcript_reads_the_line_as_typed() -> None:
    (exchange,) = read_session("s1", "Ada", _events(TYPED)).exchanges
    assert exchange.line == TYPED


def test_a_stored_line_of_other_words_is_not_taken_for_the_one_answered() -> None:
    """A line the reply does not answer (not the same words) leaves the reply's own query."""
    (exchange,) = read_session("s1", "Ada", _events("Something else entirely")).exchanges
    assert exchange.line == SEARCHED


def test_the_live_feed_reads_the_line_as_typed() -> None:
    narrator = Narrator(store=None)  # type: ignore[arg-type]  # every role-play starts in view
    told = [narrator.message(FeedItem("HIST210", "s1", "Ada", e)) for e in _events(TYPED)]
    assert told[1] is not None and told[1]["line"] == TYPED
    assert told[2] is not None and told[2]["exchange"]["line"] == TYPED


def test_the_live_feed_reads_a_picked_line_as_typed() -> None:
    """A refused line the student then picked a line offered for: the feed's entry for the pick
    read "→ for “Anatol, two things. First, …”, picked …", the line run together, though the
    refusal before it and the transcript card kept the break."""
    offered = {
        "prompt": {"speaker": "kissinger", "text": "Two things.", "document": "d", "turn": 0},
        "reply": {"speaker": "dobrynin", "text": "Yes.", "turns": []},
    }
    picked: dict[str, Any] = {"query": SEARCHED, "status": "picked", "matches": [offered]}
    events = [
        *_events(TYPED),
        Event(4, "2026-12-04T20:00:09Z", "pick", {"suggestion": 0}),
        Event(5, "2026-12-04T20:00:10Z", "reply", picked),
    ]
    narrator = Narrator(store=None)  # type: ignore[arg-type]  # every role-play starts in view
    told = [narrator.message(FeedItem("HIST210", "s1", "Ada", e)) for e in events]
    assert told[2] is not None and told[2]["exchange"]["line"] == TYPED
    assert told[4] is not None and told[4]["exchange"]["status"] == "picked"
    assert told[4]["exchange"]["line"] == TYPED
    (exchange,) = read_session("s1", "Ada", events).exchanges
    assert (exchange.status, exchange.line) == ("picked", TYPED)
