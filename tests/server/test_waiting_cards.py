"""A learner's card for a turn this server's record does not hold now: answered while a volume
was served with ``--transcripts``, then the server started without it (or the card's item cut
down by a hand edit). The Progress tab counted it as due and the welcome said "2 due", while
the review asked 1 question; a turn past its conversation's end failed the missed-items deck.
Now such a card waits, kept: out of the counts and the review, listed, asked again once the
record holds it. And a card's item, reviews and last_correct are checked as its other fields
are (SQLite keeps whatever a hand edit writes)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.items import held
from server.review import Answered, answer_card, iso
from server.store import Learner, Store, hash_token
from server.store_sqlite import SQLiteStore
from tests.server.test_unreadable_card import DAY, _overwrite

HELD = "frus1969-76v39/d107#1"
GONE = "frus1969-76v99/d1#3"  # a volume this server does not serve
PAST = "frus1969-76v39/d107#999"  # past the conversation's last turn
AUTH = {"Authorization": "Bearer bcl_a"}


def _ada(store: Store, *items: str) -> Learner:
    """Ada, who missed each of ``items`` (each a card due now, asked first in a review)."""
    ada = store.create_learner(name="Ada", class_code=None, token_hash=hash_token("bcl_a"))
    for item in items:
        card = answer_card(None, item, "who_said", False, DAY)
        store.save_answer(
            ada.id, card, Answered(item, "who_said", item.split("/")[0], iso(DAY), False)
        )
    return ada


def test_which_items_the_record_holds(client: TestClient) -> None:
    index = client.app.state.services.index  # type: ignore[attr-defined]
    turns = index.documents["frus1969-76v39/d107"].turns
    found = [held(index, i) for i in (HELD, GONE, PAST, f"frus1969-76v39/d107#{turns - 1}")]
    assert found == [True, False, False, True]
    assert held(index, f"frus1969-76v39/d107#{turns}") is False
    assert held(index, "d107#1") is False


def test_cards_of_a_turn_not_held_wait_out_of_the_counts_and_the_review(
    client: TestClient,
) -> None:
    services: Any = client.app.state.services  # type: ignore[attr-defined]
    _ada(services.store, PAST, HELD, GONE)
    body = client.get("/api/learner", headers=AUTH).json()
    assert body["items"] == {"seen": 1, "learned": 0, "due": 1, "missed": 1, "next_due": None}
    assert body["waiting"] == [PAST, GONE]  # the record's order: volume 39 before 99
    assert (body["answered"], body["correct"]) == (3, 0)
    deck = client.get("/api/learner/missed.apkg", headers=AUTH)
    assert deck.status_code == 200
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Ada", "class": None, "learner": "bcl_a"})
        welcome = ws.receive_json()
        assert (welcome["type"], welcome["due"]) == ("welcome", 1)
        ws.send_json({"type": "quiz.start", "mode": "review", "count": 5, "seed": 1})
        question = ws.receive_json()
        assert (question["type"], question["total"], question["item"]) == (
            "quiz.question",
            1,
            HELD,
        )
    assert sorted(c.item for c in services.store.cards(_ada_id(services.store))) == sorted(
        [HELD, GONE, PAST]
    )  # kept


def _ada_id(store: Store) -> int:
    found = store.learner_by_token(hash_token("bcl_a"))
    assert found is not None
    return found.id


def test_a_review_of_waiting_cards_alone_says_why_nothing_is_asked(client: TestClient) -> None:
    services: Any = client.app.state.services  # type: ignore[attr-defined]
    _ada(services.store, GONE)
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "student": "Ada", "class": None, "learner": "bcl_a"})
        assert ws.receive_json()["due"] == 0
        ws.send_json({"type": "quiz.start", "mode": "review", "count": 5, "seed": 1})
        error = ws.receive_json()
    assert (error["type"], error["code"]) == ("error", "nothing_to_review")
    assert error["message"] == (
        "Nothing is due for review yet: items you miss, and items whose review date has come, "
        'are asked here. Take a quiz first ({"type": "quiz.start", "mode": "who_said"}). 1 item '
        "due waits for a conversation this server does not hold now (answered while it was "
        "served, with --transcripts): kept, and asked again once the server holds it."
    )


@pytest.mark.parametrize(
    ("column", "text", "problem"),
    [
        ("item", "d107 #1", "its item 'd107 #1' is not an item id such as 'frus1969-76v13/d224#5'"),
        ("reviews", "many", "its reviews 'many' is not a count of answers (0, 1, 2, ...)"),
        ("last_correct", "yes", "its last_correct 'yes' is not 1 (right) or 0 (wrong)"),
    ],
)  # fmt: skip
def test_a_cards_item_reviews_and_last_correct_are_checked(
    tmp_path: Any, column: str, text: str, problem: str
) -> None:
    """On SQLite, whose columns keep text a hand edit writes: such a card was read as if
    sound (its item then failed the missed deck's parse_item with a 500; its reviews the next
    answer's count)."""
    store = SQLiteStore(tmp_path / "backchannel.sqlite3")
    ada = _ada(store, HELD)
    _overwrite(store, ada.id, HELD, column, text)
    [card] = store.cards(ada.id)
    assert card.problem == problem
    store.close()
