"""Spaced review: each answered item is an FSRS card of its learner; what to ask again, in order.

The scheduling is the ``fsrs`` package's (FSRS-6, the scheduler Anki ships): a right answer
rates the card ``Good``, a wrong one ``Again``. Fuzzing is off so that a card's next due date
follows from its answers alone (a restart, a test, a second server agree). On top of FSRS one
rule of the classroom: an item the learner got wrong is asked first in the next review, the
most recent miss first, until it is answered right — a miss need not wait for its due date.
Everything here is pure: cards in, cards and orders out; the store keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from fsrs import Card, Rating, Scheduler, State

from server.items import ITEM

ItemMode = Literal["who_said", "what_next"]

_SCHEDULER = Scheduler(enable_fuzzing=False)


@dataclass(frozen=True, slots=True)
class ItemCard:
    """One learner's card for one item (``DOCUMENT#INDEX``) in one mode."""

    item: str
    mode: ItemMode
    fsrs: str  # the fsrs ``Card`` as its own JSON
    due: str  # ISO 8601, UTC
    reviews: int
    last_review: str
    last_correct: bool
    missed: str | None  # when it was last answered wrong, while no right answer has followed
    # why the stored row cannot be read as a card (edited by hand, or cut off half-written):
    # such a card is left out of the review and the progress, reported, and kept as stored
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Answered:
    """One answer to one item, as the review log keeps it (progress is drawn from these)."""

    item: str
    mode: ItemMode
    volume: str
    at: str
    correct: bool


def card_problem(
    item: object,
    mode: object,
    fsrs: object,
    due: object,
    reviews: object,
    last_review: object,
    last_correct: object,
    missed: object,
) -> str | None:
    """Why a stored card's fields cannot be read (None: they can), in the words of
    :mod:`server.unreadable`: its item not an item id, its ``fsrs`` not the fsrs package's JSON
    of a card, a time not ISO 8601, a mode not one of the two, a count not a count. One bad row
    must not fail its learner's every card (SQLite keeps whatever a hand edit writes)."""
    if not isinstance(item, str) or ITEM.match(item) is None:
        return f"its item {item!r} is not an item id such as 'frus1969-76v13/d224#5'"
    if mode not in ("who_said", "what_next"):
        return f"its mode {mode!r} is not 'who_said' or 'what_next'"
    try:
        Card.from_json(str(fsrs))
    except KeyError as exc:
        return f"its fsrs lacks the field {exc.args[0]!r}"
    except (ValueError, TypeError, AttributeError) as exc:
        return f"its fsrs is not the JSON of an FSRS card ({exc})"
    if isinstance(reviews, bool) or not isinstance(reviews, int) or reviews < 0:
        return f"its reviews {reviews!r} is not a count of answers (0, 1, 2, ...)"
    if last_correct not in (0, 1):  # True and False are 1 and 0
        return f"its last_correct {last_correct!r} is not 1 (right) or 0 (wrong)"
    times = {"due": due, "last_review": last_review, "missed": missed}
    for name, value in times.items():
        if value is None and name == "missed":
            continue
        try:
            parse_time(str(value) if isinstance(value, str) else "")
        except ValueError:
            return f"its {name} {value!r} is not a time (ISO 8601, e.g. 2026-11-28T19:02:30.120Z)"
    return None


def readable(cards: list[ItemCard]) -> list[ItemCard]:
    """The cards that can be read: the review and its counts go on without the others."""
    return [card for card in cards if card.problem is None]


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def answer_card(
    card: ItemCard | None, item: str, mode: ItemMode, correct: bool, at: datetime
) -> ItemCard:
    """The card after one answer: FSRS reschedules it; a miss marks it for the next review."""
    before = Card.from_json(card.fsrs) if card is not None else Card()
    after, _log = _SCHEDULER.review_card(
        before, Rating.Good if correct else Rating.Again, review_datetime=at
    )
    stamp = iso(at)
    base = card or ItemCard(
        item=item,
        mode=mode,
        fsrs="",
        due=stamp,
        reviews=0,
        last_review=stamp,
        last_correct=correct,
        missed=None,
    )
    return replace(
        base,
        fsrs=after.to_json(),
        due=iso(after.due),
        reviews=base.reviews + 1,
        last_review=stamp,
        last_correct=correct,
        missed=None if correct else stamp,
    )


def is_due(card: ItemCard, now: datetime) -> bool:
    return card.missed is not None or parse_time(card.due) <= now


def review_order(cards: list[ItemCard], now: datetime) -> list[ItemCard]:
    """What a review asks, in order: misses (latest first), then FSRS-due (longest due first)."""
    misses = sorted((c for c in cards if c.missed), key=lambda c: c.missed or "", reverse=True)
    due = sorted(
        (c for c in cards if not c.missed and parse_time(c.due) <= now), key=lambda c: c.due
    )
    return [*misses, *due]


def due_count(cards: list[ItemCard], now: datetime) -> int:
    return sum(is_due(card, now) for card in cards)


def next_due(cards: list[ItemCard], now: datetime) -> str | None:
    """When the first card not due now falls due (ISO 8601, UTC); None: no such card.

    An item answered right once is due again 10 minutes later (FSRS's learning step): with
    nothing due *now*, "Nothing is due" read as if the learner were done for the day.
    """
    later = [card.due for card in cards if not is_due(card, now)]
    return iso(min(parse_time(due) for due in later)) if later else None


def learned(cards: list[ItemCard]) -> int:
    """Items FSRS has graduated to review (past the learning steps), last answered right."""
    return sum(
        card.missed is None
        and card.last_correct
        and Card.from_json(card.fsrs).state == State.Review
        for card in cards
    )
