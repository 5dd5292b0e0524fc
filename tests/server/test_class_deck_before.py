"""The class deck's card of an exchange the class met shows the recorded line before the one it
asks about, as the conversation deck's card of that exchange (the same note) does. Found by a
teacher a week into the course importing the class's deck: "Henry Kissinger: Okay. What did
Dobrynin say next?", the line alone, could not be answered, and "Anatoliy, how are you?" was
asked twice, with two different answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from embeddings import Index
from server.anki import conversation_cards, exchange_card
from tests.server.test_anki import SEED


@pytest.fixture(scope="module")
def index(fixture_index_dir: Path) -> Any:
    return Index.load(fixture_index_dir)


def test_an_exchange_card_asks_as_the_conversation_deck_does(index: Any) -> None:
    conversation = {card.key: card for card in conversation_cards(index, SEED)}
    asked = 0
    for record in (r for r in index.records if r.document == SEED):
        key = f"{SEED}#{record.index + 1}/what_next"
        if key not in conversation or record.index == 0:
            continue
        card = exchange_card(index, SEED, record.index)
        assert card.key == key
        assert card.question == conversation[key].question  # the line before, then the line
        assert '<p class="before">' in card.question
        asked += 1
    assert asked > 20
    # the conversation's first line has none before it: asked alone, as before
    first = exchange_card(index, SEED, 0)
    assert '<p class="before">' not in first.question
