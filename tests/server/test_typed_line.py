"""A student's line written over two lines (Shift+Enter, or a pasted paragraph) is stored as
typed with its ``line`` event, but the reply's ``query`` is the line as searched, its spaces
run together, and the instructor's transcript card, its exports and the live feed read the
line from the reply: "Line one Line two", where the README says a line is "kept, shown and
stored as typed". They now read the stored line where it is the same words."""

from __future__ import annotations

from typing import Any

from server.exchanges import read_session
from server.live import Narrator
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
