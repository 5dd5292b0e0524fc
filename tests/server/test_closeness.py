"""The server says each similarity in the word the pages show (``closeness_word``), by one set
of bars (server.closeness), for what it sends now and for what it stored before it did.

The bars ("very close" from 0.75, "close" from 0.55, "loosely related" from 0.4, and under
0.55 the note that the reply answers a line only loosely related to the student's) were kept
in Python (the wire, ``ask``, the search outside a scenario) and again in the pages' scripts
(render.js, replies.js). The pages now show the word the server sends with every match,
play-through script and exchange; an exchange stored before that carries only its score, and
the server derives the word when it reads it, so an old session's card and feed say it too.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server import export
from server.cli.ask import closeness, weak_match
from server.closeness import closeness_word, is_loose, looseness
from server.live import Narrator
from server.protocol import Script
from server.session_read import read_session
from server.store import Event, FeedItem, SessionSummary
from server.wire import MatchOut, match_out
from tests.server.test_pick import NEAR

# (score, its word, the note's words above a reply answering at that score)
BARS = [
    (1.0, "very close", None),
    (0.75, "very close", None),
    (0.7499, "close", None),
    (0.55, "close", None),
    (0.5499, "loosely related", "only loosely related to"),
    (0.4, "loosely related", "only loosely related to"),
    (0.3999, "distant", "distant from"),
    (0.0, "distant", "distant from"),
]
TURN = {"speaker": "dobrynin", "label": "AD", "text": "Yes.", "clean_text": "Yes.", "pages": [327]}
CITATION = {
    "document": "frus1969-76v39/d107",
    "title": "Transcript of Telephone Conversation",
    "volume_title": "European Security",
    "number": 107,
    "pages": [327],
    "date": None,
    "source": None,
    "url": "https://history.state.gov/historicaldocuments/frus1969-76v39/d107",
    "excerpt": False,
}


def _match(score: float, turn: int = 0, **more: Any) -> dict[str, Any]:
    """A match as a reply sends it (a stored one from before replies carried a word: no
    ``closeness_word``), its recorded line turn ``turn`` of the seed conversation."""
    return {
        "prompt": {
            "speaker": "kissinger",
            "text": f"Line {turn}.",
            "document": "frus1969-76v39/d107",
            "turn": turn,
        },
        "reply": {"speaker": "dobrynin", "text": "Yes.", "turns": [{**TURN, "index": turn + 1}]},
        "score": score,
        "citation": CITATION,
        **more,
    }


@pytest.mark.parametrize(("score", "word", "note"), BARS)
def test_a_score_at_the_bars_has_its_word_and_note(
    score: float, word: str, note: str | None
) -> None:
    assert closeness_word(score) == word
    assert (is_loose(score), looseness(score)) == (note is not None, note)


@pytest.mark.parametrize(("score", "word", "note"), BARS)
def test_the_wire_carries_the_word_beside_the_score(
    score: float, word: str, note: str | None
) -> None:
    """A match and a play-through script, as sent: the word beside the number it says."""
    sent = MatchOut.model_validate(_match(score)).model_dump(mode="json", exclude_none=True)
    assert (sent["score"], sent["closeness_word"]) == (score, word)
    script = Script.model_validate(
        {
            "document": "frus1969-76v39/d107",
            "position": 0,
            "said": {**TURN, "index": 0},
            "closeness": score,
            "recorded_reply": [],
            "next_position": None,
            "citation": CITATION,
        }
    ).model_dump(mode="json")
    assert (script["closeness"], script["closeness_word"]) == (score, word)
    # a word sent in is not taken for the server's: it says what the score is
    taken = MatchOut.model_validate(_match(score, closeness_word="close" if note else "distant"))
    assert taken.closeness_word == word


def test_the_word_is_the_score_sent_s_rounded_as_the_page_reads_it(roleplay: Any) -> None:
    """A similarity of 0.54996 is sent as 0.55: its word is "close", as the number says."""
    answer = roleplay.respond("Anatol, about the conference in Geneva.", as_="kissinger")
    near = dataclasses.replace(answer.matches[0], score=0.54996)
    sent = match_out(near)
    assert (sent.score, sent.closeness_word) == (0.55, "close")


def test_the_cli_says_the_page_s_word_and_note() -> None:
    """`backchannel ask` says a similarity by the same bars (server.closeness)."""
    assert closeness(0.5499) == "loosely related (similarity 54%)"
    assert closeness(0.55) == "close (similarity 55%)"
    assert closeness(0.57) == "close (similarity 57%)"  # 56.99999... in binary
    assert closeness(0.75) == "very close (similarity 75%)"
    assert weak_match(0.55, "dobrynin") == ""
    assert weak_match(0.4, "dobrynin") == (
        "The recorded line Dobrynin answers here is only loosely related to yours."
    )
    assert weak_match(0.3999, "kissinger") == (
        "The recorded line Kissinger answers here is distant from yours."
    )


def test_every_match_a_reply_sends_carries_its_word(client: TestClient) -> None:
    """Over the socket: an answer and its candidates, then a refusal's offered lines."""
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Wes", "class": "HIST210"})
        ws.receive_json()
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        sent = []
        for line in ("Anatol, about the conference in Geneva.", NEAR):
            ws.send_json({"type": "say", "text": line})
            reply = ws.receive_json()
            sent += reply["matches"] + reply["suggestions"]
    assert len(sent) >= 3
    assert [m["closeness_word"] for m in sent] == [closeness_word(m["score"]) for m in sent]


def _old_session() -> list[Event]:
    """A session stored before replies carried a word: a line answered at 0.5499 (beside a
    runner-up at 0.75), one refused with a line offered at 0.4 and then picked, a play-through
    line at 0.3999 whose search found a line at 0.55."""
    start = {"as": "kissinger", "document": None}
    loose = {
        "query": "one",
        "status": "ambiguous",
        "matches": [_match(0.5499, 0), _match(0.75, 2)],
        "score": 0.5499,
    }
    refused = {
        "query": "two",
        "status": "no_match",
        "matches": [],
        "suggestions": [_match(0.4, 4)],
        "score": None,
    }
    picked = {"query": "two", "status": "picked", "matches": [_match(0.4, 4)], "score": 0.4}
    script = {
        "document": "frus1969-76v39/d107",
        "position": 6,
        "said": {**TURN, "speaker": "kissinger", "index": 6},
        "closeness": 0.3999,
        "recorded_reply": [{**TURN, "index": 7}],
        "next_position": 8,
        "citation": CITATION,
    }
    played = {
        "query": "three",
        "status": "match",
        "matches": [_match(0.55, 8)],
        "script": script,
        "score": 0.55,
    }
    return [
        Event(1, "2026-12-06T10:00:00Z", "roleplay.start", start),
        Event(2, "2026-12-06T10:00:01Z", "reply", loose),
        Event(3, "2026-12-06T10:00:02Z", "reply", refused),
        Event(4, "2026-12-06T10:00:03Z", "pick", {"suggestion": 0}),
        Event(5, "2026-12-06T10:00:04Z", "reply", picked),
        Event(
            6,
            "2026-12-06T10:00:05Z",
            "roleplay.start",
            {**start, "document": "frus1969-76v39/d107"},
        ),
        Event(7, "2026-12-06T10:00:06Z", "reply", played),
    ]


def test_an_old_session_read_again_has_each_word_derived() -> None:
    answered, picked, played = read_session("s1", "Ada", _old_session()).exchanges
    assert (answered.score, answered.closeness_word) == (0.5499, "loosely related")
    assert [c["closeness_word"] for c in answered.candidates] == ["loosely related", "very close"]
    assert (picked.status, picked.closeness_word) == ("picked", "loosely related")
    assert [s["closeness_word"] for s in picked.suggestions] == ["loosely related"]
    assert [p.closeness_word for p in picked.picks] == ["loosely related"]
    assert (played.activity, played.score, played.closeness_word) == ("play", 0.3999, "distant")
    assert played.search is not None and played.search["closeness_word"] == "close"


def test_a_stored_word_is_read_as_the_student_was_told_it() -> None:
    """A reply stored with its words keeps them (the student read those), not a second
    judgment of its score."""
    events = _old_session()[:2]
    told = {**events[1].data, "matches": [_match(0.5499, 0, closeness_word="close")]}
    (exchange,) = read_session(
        "s1", "Ada", [events[0], dataclasses.replace(events[1], data=told)]
    ).exchanges
    assert (exchange.closeness_word, exchange.candidates[0]["closeness_word"]) == ("close", "close")


def test_the_live_feed_and_the_json_export_of_an_old_session_carry_the_word() -> None:
    events = _old_session()
    narrator = Narrator(store=None)  # type: ignore[arg-type]  # every role-play starts in view
    told = [narrator.message(FeedItem("HIST210", "s1", "Ada", e)) for e in events]
    words = [m["exchange"]["closeness_word"] for m in told if m and "exchange" in m]
    assert words == ["loosely related", None, "loosely related", "distant"]  # a refusal: none
    summary = SessionSummary("s1", "Ada", "2026-12-06T10:00:00Z", None, 3, 0, 0)
    body = export.session_json(summary, "HIST210", events)
    assert [x["closeness_word"] for x in body["exchanges"]] == [
        "loosely related",
        "loosely related",
        "distant",
    ]
