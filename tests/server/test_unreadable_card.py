"""A stored review card that cannot be read (the cards table edited by hand, or a row cut off
half-written) is reported and left out, never a failed page: one such card made the learner's
progress (GET /api/learner) answer 500, and a card whose due date did not parse failed the
learner's every welcome, so the student could not start or resume a session at all."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from server.progress import summary
from server.review import Answered, answer_card, iso
from server.store import Learner, Store, hash_token
from server.store_postgres import PostgresStore
from server.store_sqlite import SQLiteStore

DAY = datetime(2026, 11, 28, 9, tzinfo=UTC)
HALF = '{"card_id": 1, "st'  # an fsrs card cut off half-written
CARDS = [  # item, mode, right: the first two are broken below
    ("frus1969-76v13/d161#2", "who_said", True),
    ("frus1969-76v39/d107#1", "what_next", True),
    ("frus1969-76v39/d107#4", "who_said", False),
]
BAD_FSRS = (
    "its fsrs is not the JSON of an FSRS card (Unterminated string starting at: line 1 "
    "column 16 (char 15))"
)
BAD_DUE = "its due 'tomorrow' is not a time (ISO 8601, e.g. 2026-11-28T19:02:30.120Z)"


def _overwrite(store: Store, learner: int, item: str, column: str, text: str) -> None:
    """What a hand edit of the database does to one card."""
    statement = f"UPDATE cards SET {column} = ? WHERE learner_id = ? AND item = ?"
    if isinstance(store, SQLiteStore):
        with store._write() as db:
            db.execute(statement, (text, learner, item))
    else:
        assert isinstance(store, PostgresStore)
        with store._write() as conn:
            conn.execute(statement.replace("?", "%s"), (text, learner, item))


def _learner(store: Store) -> Learner:
    """Ada, with three cards answered on one day, two of them then broken."""
    ada = store.create_learner(name="Ada", class_code=None, token_hash=hash_token("bcl_a"))
    for item, mode, right in CARDS:
        card = answer_card(None, item, mode, right, DAY)  # type: ignore[arg-type]
        volume = item.split("/")[0]
        store.save_answer(ada.id, card, Answered(item, mode, volume, iso(DAY), right))  # type: ignore[arg-type]
    _overwrite(store, ada.id, "frus1969-76v13/d161#2", "due", "tomorrow")
    _overwrite(store, ada.id, "frus1969-76v39/d107#4", "fsrs", HALF)
    return ada


def _message(ada: Learner, item: str, mode: str, problem: str) -> str:
    return (
        f"Ada’s review card for {item} ({mode}) could not be read: {problem}. It is left out "
        "of the review and of these counts, and kept as stored; every other card is read. To "
        "fix it, restore the card from a backup of the database, or correct it (table cards, "
        f"learner_id {ada.id}, item '{item}', mode '{mode}'); the item's answers are kept "
        "apart, in table answers."
    )


def test_a_broken_card_is_reported_and_the_others_counted(store: Store) -> None:
    """On both stores (the cards' columns are text in both)."""
    ada = _learner(store)
    cards = store.cards(ada.id)
    assert [(c.item, c.problem) for c in cards] == [
        ("frus1969-76v13/d161#2", BAD_DUE),
        ("frus1969-76v39/d107#1", None),
        ("frus1969-76v39/d107#4", BAD_FSRS),
    ]
    found = summary(ada, cards, store.answers(ada.id), DAY.replace(hour=12), {})
    assert found.items.model_dump() == {
        "seen": 1, "learned": 0, "due": 1, "missed": 0, "next_due": None,
    }  # fmt: skip
    assert (found.answered, found.correct) == (3, 2)
    assert [(u.item, u.mode, u.problem, u.message) for u in found.unreadable] == [
        ("frus1969-76v13/d161#2", "who_said", BAD_DUE,
         _message(ada, "frus1969-76v13/d161#2", "who_said", BAD_DUE)),
        ("frus1969-76v39/d107#4", "who_said", BAD_FSRS,
         _message(ada, "frus1969-76v39/d107#4", "who_said", BAD_FSRS)),
    ]  # fmt: skip
    stored = [json.loads(u.stored) for u in found.unreadable]
    assert (stored[0]["due"], stored[1]["fsrs"]) == ("tomorrow", HALF)
    assert store.card(ada.id, "frus1969-76v39/d107#4", "who_said").fsrs == HALF  # type: ignore[union-attr]


def test_the_learner_reads_progress_and_reviews_around_a_broken_card(client: TestClient) -> None:
    """GET /api/learner answered 500 (json.decoder.JSONDecodeError in fsrs's Card.from_json);
    the welcome, which counts what is due, failed on the due date that is not a time
    (ValueError: Invalid isoformat string: 'tomorrow'). Now both read the other card, and
    the review asks it alone."""
    services: Any = client.app.state.services  # type: ignore[attr-defined]
    ada = _learner(services.store)
    auth = {"Authorization": "Bearer bcl_a"}
    response = client.get("/api/learner", headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert body["items"] == {"seen": 1, "learned": 0, "due": 1, "missed": 0, "next_due": None}
    assert (body["answered"], body["correct"]) == (3, 2)
    assert [u["message"] for u in body["unreadable"]] == [
        _message(ada, "frus1969-76v13/d161#2", "who_said", BAD_DUE),
        _message(ada, "frus1969-76v39/d107#4", "who_said", BAD_FSRS),
    ]

    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Ada", "class": None, "learner": "bcl_a"})
        welcome = ws.receive_json()
        assert (welcome["type"], welcome["due"], welcome["next_due"]) == ("welcome", 1, None)
        ws.send_json({"type": "quiz.start", "mode": "review", "count": 5, "seed": 1})
        question = ws.receive_json()
        assert (question["type"], question["total"]) == ("quiz.question", 1)
        # item d107#1 in what_next: its prompt is the line before it
        assert (question["mode"], question["prompt"]["document"], question["prompt"]["turn"]) == (
            "what_next",
            "frus1969-76v39/d107",
            0,
        )
    assert [c.problem for c in services.store.cards(ada.id)] == [BAD_DUE, None, BAD_FSRS]


def test_an_answer_to_a_broken_cards_item_is_logged_and_the_card_kept(
    client: TestClient,
) -> None:
    """Answering the item of a card that cannot be read answered "The server failed on this
    message" (fsrs's Card.from_json, rescheduling it). Now the answer is given its result and
    logged, and the card is left as stored, for its report and its fix."""
    services: Any = client.app.state.services  # type: ignore[attr-defined]
    store = services.store
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Bo", "class": None})
        welcome = ws.receive_json()
        ws.send_json(
            {"type": "quiz.start", "mode": "who_said", "count": 1, "seed": 1,
             "document": "frus1969-76v39/d107"}
        )  # fmt: skip
        question = ws.receive_json()
        prompt = question["prompt"]
        item = f"{prompt['document']}#{prompt['turn']}"
        [learner] = [s.learner for s in [store.session(welcome["session"])] if s is not None]
        card = answer_card(None, item, "who_said", True, DAY)
        store.save_answer(
            learner, card, Answered(item, "who_said", "frus1969-76v39", iso(DAY), True)
        )
        _overwrite(store, learner, item, "fsrs", HALF)
        ws.send_json({"type": "quiz.answer", "id": question["id"], "answer": "kissinger"})
        result = ws.receive_json()
        assert result["type"] == "quiz.result"
    [kept] = store.cards(learner)
    assert (kept.item, kept.fsrs, kept.problem) == (item, HALF, BAD_FSRS)
    assert [a.item for a in store.answers(learner)] == [item, item]
