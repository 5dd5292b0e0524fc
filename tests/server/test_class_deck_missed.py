"""The class deck's missed "What came next?" cards ask what the students were asked.

A student takes a real quiz over the WebSocket and misses both questions; the deck a teacher
then downloads must hold, for each, the line the question quoted on the front and the answer
the quiz called right on the back, cited. One of the two quotes the conversation's first line:
a card made from the line before it had no line to ask from (the download failed with a 500),
and the other card asked the exchange before the one missed.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from server.anki import MARKS_KEY
from server.class_deck import class_cards
from tests.server.conftest import TEACHER_TOKEN
from tests.server.test_anki import notes
from tests.server.test_class_deck import met

TEACHER = {"Authorization": f"Bearer {TEACHER_TOKEN}"}
NAMES = {"kissinger": "Henry Kissinger", "dobrynin": "Anatoly Dobrynin"}
SHORT = {"kissinger": "Kissinger", "dobrynin": "Dobrynin"}
DOCUMENT = "frus1969-76v13/d63"
# Seed 2 asks two "What came next?" questions of this conversation: after line 16 and after
# its first line (turns 15 and 0), neither with an editors' mark in it.
SEED = 2
SOURCE = (
    "FRUS 1969–1976, vol. XIII, doc. 63, {pages} · National "
    "Archives, Nixon Presidential Materials, Henry Kissinger Telephone Conversation "
    "Transcripts, Box 8, Chronological File. No classification marking."
)


def miss_every_question(
    client: TestClient, record: list[str]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each question as the student read it, answered wrong, with the result that named the
    right choice (the one quoting the recorded line the question's item names)."""
    asked = []
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Ada", "class": "HIST210"})
        ws.receive_json()
        start = {"type": "quiz.start", "mode": "what_next", "count": 2}
        ws.send_json({**start, "document": DOCUMENT, "seed": SEED})
        question = ws.receive_json()
        for n in range(question["total"]):
            if n:
                question = ws.receive_json()
            document, turn = question["item"].split("#")
            assert document == DOCUMENT
            wrong = next(c["id"] for c in question["choices"] if c["text"] != record[int(turn)])
            ws.send_json({"type": "quiz.answer", "id": question["id"], "answer": wrong})
            result = ws.receive_json()
            assert (result["type"], result["correct"]) == ("quiz.result", False)
            asked.append((question, result))
        assert ws.receive_json()["type"] == "quiz.summary"
    return asked


def marked(turn: dict[str, Any]) -> str:
    """A turn's words as a card prints them: escaped, each editors' mark wrapped as theirs."""
    text, at, out = turn["clean_text"], 0, ""
    for span in turn["editorial"]:
        out += html.escape(text[at : span["start"]])
        out += f'<span class="editorial">{html.escape(text[span["start"] : span["end"]])}</span>'
        at = span["end"]
    return out + html.escape(text[at:])


def pages(found: list[int]) -> str:
    return f"p. {found[0]}" if len(found) == 1 else f"pp. {found[0]}–{found[-1]}"


def move_line_16(services: Any, field: str, value: str | int) -> None:
    """Rewrite the stored question (and its result) that quoted line 16 as if it had quoted
    ``value`` as its prompt's ``field``: asked from another copy of the record than the index's."""
    with services.store._write() as db:
        moved = db.execute(
            f"UPDATE events SET data = json_set(data, '$.prompt.{field}', ?) "
            "WHERE kind IN ('quiz.question', 'quiz.result') "
            "AND json_extract(data, '$.prompt.turn') = 15",
            (value,),
        ).rowcount
    assert moved >= 1


def test_missed_what_next_cards_ask_what_was_asked(
    client: TestClient, fixture_corpus: Any, tmp_path: Path
) -> None:
    record = [t.clean_text for t in fixture_corpus.document(DOCUMENT).turns]
    asked = miss_every_question(client, record)
    assert [q["prompt"]["turn"] for q, _ in asked] == [15, 0]
    got = client.get("/api/classes/HIST210/deck.apkg", headers=TEACHER)
    assert got.status_code == 200
    expected = []
    # missed once each, in one quiz: listed by the line asked about
    for question, result in sorted(asked, key=lambda a: a[0]["prompt"]["text"]):
        prompt = question["prompt"]
        right = next(c for c in question["choices"] if c["id"] == result["answer"])
        # the line before, with its speaker, where the question showed it
        before = "".join(
            f'<p class="before"><b>{NAMES[t["speaker"]]}:</b> {marked(t)}</p>'
            for t in question["context"]
        )
        expected.append(
            [
                f'<p class="ask">What did {SHORT[right["speaker"]]} say next?</p>'
                + before
                + f"<p><b>{NAMES[prompt['speaker']]}:</b> {html.escape(prompt['text'])}</p>",
                f"<p><b>{NAMES[right['speaker']]}:</b> {html.escape(right['text'])}</p>",
                SOURCE.format(pages=pages(result["citation"]["pages"]))
                # under it what the grey italic is, where the line before holds a mark
                + (MARKS_KEY if any(t["editorial"] for t in question["context"]) else ""),
                f"https://history.state.gov/historicaldocuments/{DOCUMENT}",
            ]
        )
    assert [fields for _, fields in notes(got.content, tmp_path)] == expected
    assert expected[0][0] == (
        '<p class="ask">What did Kissinger say next?</p>'
        "<p><b>Anatoly Dobrynin:</b> I just arrived from New York.</p>"
    )
    # the line before line 16, as the quiz showed it, the editors' "[Kudirka]" as theirs:
    # without it "Let me discuss it with the President." has no subject
    assert expected[1][0] == (
        '<p class="ask">What did Dobrynin say next?</p>'
        '<p class="before"><b>Anatoly Dobrynin:</b> That we have to give back Mr. '
        '<span class="editorial">[Kudirka]</span> who is a Soviet citizen, an unbelievable '
        "demand, and second about the four Americans in East Germany. I told Vorontsov to hold "
        "this until I came back to Washington to discuss it with you.</p>"
        "<p><b>Henry Kissinger:</b> Let me discuss it with the President. Don’t make this an "
        "official thing.</p>"
    )


def test_a_missed_item_past_the_conversations_end_is_left_out_and_said(
    client: TestClient, services: Any, fixture_corpus: Any, tmp_path: Path
) -> None:
    """A "What came next?" item asked of a conversation's line whose answer this server's
    index does not hold (the quiz asked from a longer copy of it, served then: its last line
    quoted here) made the whole deck's download fail (500, KeyError 'No turn 24 of document
    …'). Now the deck holds the other cards, and the header says which item is left out,
    where, why, and how to card it; the page shows it with the download."""
    record = [t.clean_text for t in fixture_corpus.document(DOCUMENT).turns]
    last = len(record) - 1
    miss_every_question(client, record)
    # the question that quoted line 16 quoted the conversation's last line instead
    move_line_16(services, "turn", last)
    got = client.get("/api/classes/HIST210/deck.apkg", headers=TEACHER)
    assert got.status_code == 200
    assert got.headers["x-backchannel-left-out"] == (
        f'The missed "What came next?" item of vol. XIII, doc. 63 ({DOCUMENT}), line '
        f"{last + 1}, is left out of the deck: its answer would be line {last + 2}, and the "
        f"conversation ends at line {last + 1} in this server's index, built from a shorter "
        "copy of it than the quiz asked from. To card it, serve the copy the quiz asked from "
        "again (backchannel serve --transcripts PATH) and download the deck again; the item "
        "is listed under Quiz items most missed as before."
    )
    # the other missed item's card, as before
    fronts = [fields[0] for _, fields in notes(got.content, tmp_path)]
    assert fronts == [
        '<p class="ask">What did Kissinger say next?</p>'
        "<p><b>Anatoly Dobrynin:</b> I just arrived from New York.</p>"
    ]


# A shipped conversation the fixture index does not hold: quizzes and role-plays that named it
# were served it then (`backchannel serve --transcripts`).
ELSEWHERE = "frus1969-76v14/d220"
SERVE_AGAIN = (
    "this server's index does not hold that conversation (it was served then with other "
    "transcripts). To card {it}, serve them again (backchannel serve --transcripts PATH) and "
    "download the deck again"
)


def test_a_missed_item_of_a_conversation_not_held_is_left_out_and_said(
    client: TestClient, services: Any, fixture_corpus: Any, tmp_path: Path
) -> None:
    """A missed item of a conversation this server's index does not hold was left out of the
    deck unsaid: the teacher took the deck for every item the class missed. Now the header
    says which, where, why and how to card it."""
    record = [t.clean_text for t in fixture_corpus.document(DOCUMENT).turns]
    miss_every_question(client, record)
    move_line_16(services, "document", ELSEWHERE)
    got = client.get("/api/classes/HIST210/deck.apkg", headers=TEACHER)
    assert got.status_code == 200
    assert got.headers["x-backchannel-left-out"] == (
        f'The missed "What came next?" item of vol. XIV, doc. 220 ({ELSEWHERE}), line 16, is '
        f"left out of the deck: {SERVE_AGAIN.format(it='it')}; the item is listed under Quiz "
        "items most missed as before."
    )
    fronts = [fields[0] for _, fields in notes(got.content, tmp_path)]
    assert fronts == [
        '<p class="ask">What did Kissinger say next?</p>'
        "<p><b>Anatoly Dobrynin:</b> I just arrived from New York.</p>"
    ]


def test_exchanges_met_in_a_conversation_not_held_are_left_out_and_said(roleplay: Any) -> None:
    """The exchanges a class's role-plays were answered with from a conversation this server's
    index does not hold were left out of the deck unsaid; now one sentence says so for the
    conversation, its lines named, and the deck holds the others' cards."""
    sessions = met(
        roleplay.index,
        ("frus1969-76v39/d107", 44),
        ("frus1969-76v13/d63", 13),
        ("frus1969-76v13/d63", 4),
        ("frus1969-76v13/d161", 6),
    )
    for event in sessions[0][1]:
        prompt = event.data["matches"][0]["prompt"]
        if prompt["document"] == "frus1969-76v13/d63":
            prompt["document"] = ELSEWHERE
        elif prompt["document"] == "frus1969-76v13/d161":
            prompt["document"] = "frus1969-76v41/d7"
    deck = class_cards(roleplay.index, sessions)
    assert [card.key for card in deck.cards] == ["frus1969-76v39/d107#45/what_next"]
    assert deck.left_out == [
        f"The cards of the class's exchanges at lines 5 and 14 of vol. XIV, doc. 220 "
        f"({ELSEWHERE}) are left out of the deck: {SERVE_AGAIN.format(it='them')}.",
        "The card of the class's exchange at line 7 of vol. XLI, doc. 7 (frus1969-76v41/d7) "
        f"is left out of the deck: {SERVE_AGAIN.format(it='it')}.",
    ]


def test_exchanges_met_at_lines_the_index_no_longer_answers_are_left_out_and_said(
    roleplay: Any,
) -> None:
    """The exchanges a class met at lines this server's index holds no more (built since from
    a shorter copy of the conversation) or holds with no reply after them were left out of the
    deck unsaid; now one sentence says so for each conversation, its lines named, and the deck
    holds the others' cards."""
    sessions = met(
        roleplay.index,
        ("frus1969-76v39/d107", 44),
        ("frus1969-76v13/d63", 13),
        ("frus1969-76v13/d63", 4),
        ("frus1969-76v13/d161", 6),
    )
    # two lines of d63 past its 24, and d161's line 7 moved to its last (17): no reply after it
    moved = {("frus1969-76v13/d63", 13): 40, ("frus1969-76v13/d63", 4): 31}
    moved[("frus1969-76v13/d161", 6)] = 16
    for event in sessions[0][1]:
        prompt = event.data["matches"][0]["prompt"]
        prompt["turn"] = moved.get((prompt["document"], prompt["turn"]), prompt["turn"])
    deck = class_cards(roleplay.index, sessions)
    assert [card.key for card in deck.cards] == ["frus1969-76v39/d107#45/what_next"]
    assert deck.left_out == [
        "The cards of the class's exchanges at lines 32 and 41 of vol. XIII, doc. 63 "
        "(frus1969-76v13/d63) are left out of the deck: the conversation ends at line 24 in "
        "this server's index, built from another copy of it than the class's role-plays were "
        "answered from. To card them, serve that copy again (backchannel serve --transcripts "
        "PATH) and download the deck again.",
        "The card of the class's exchange at line 17 of vol. XIII, doc. 161 "
        "(frus1969-76v13/d161) is left out of the deck: no reply follows that line in this "
        "server's index, built from another copy of it than the class's role-plays were "
        "answered from. To card it, serve that copy again (backchannel serve --transcripts "
        "PATH) and download the deck again.",
    ]
