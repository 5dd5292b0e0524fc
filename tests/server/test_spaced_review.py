"""FSRS cards and the review order: misses first (latest first), then what FSRS says is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from server.review import (
    answer_card,
    due_count,
    is_due,
    learned,
    next_due,
    parse_time,
    review_order,
)

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_miss_is_due_at_once_and_a_right_answer_waits() -> None:
    miss = answer_card(None, "frus1969-76v39/d107#4", "who_said", False, T0)
    right = answer_card(None, "frus1969-76v39/d107#6", "who_said", True, T0)
    assert miss.missed == "2026-12-01T09:00:00.000Z" and miss.reviews == 1
    assert is_due(miss, T0) and not is_due(right, T0)
    assert parse_time(right.due) == T0 + timedelta(minutes=10)  # FSRS's second learning step
    assert due_count([miss, right], T0) == 1


def test_a_right_answer_clears_the_miss_and_fsrs_spaces_the_next() -> None:
    card = answer_card(None, "d#1", "what_next", False, T0)
    card = answer_card(card, "d#1", "what_next", True, T0 + timedelta(minutes=2))
    assert card.missed is None and card.reviews == 2 and card.last_correct
    card = answer_card(card, "d#1", "what_next", True, T0 + timedelta(minutes=15))
    assert parse_time(card.due) - parse_time(card.last_review) >= timedelta(days=1)
    assert learned([card]) == 1
    assert learned([answer_card(None, "d#2", "what_next", True, T0)]) == 0


def test_review_order() -> None:
    old_miss = answer_card(None, "a#1", "who_said", False, T0)
    new_miss = answer_card(None, "a#2", "who_said", False, T0 + timedelta(minutes=5))
    due_early = answer_card(None, "a#3", "who_said", True, T0 - timedelta(hours=2))
    due_late = answer_card(None, "a#4", "what_next", True, T0 - timedelta(hours=1))
    not_due = answer_card(None, "a#5", "who_said", True, T0 + timedelta(minutes=30))
    now = T0 + timedelta(minutes=30)
    order = review_order([due_late, not_due, old_miss, due_early, new_miss], now)
    assert [c.item for c in order] == ["a#2", "a#1", "a#3", "a#4"]


def test_next_due_is_the_first_card_not_due_now() -> None:
    """With nothing due now, when the next review is: a miss answered right is due again 10
    minutes later (the learner read "Nothing is due" as done for the day)."""
    miss = answer_card(None, "a#1", "who_said", False, T0)
    assert next_due([miss], T0) is None  # due now: nothing waits
    again = answer_card(miss, "a#1", "who_said", True, T0 + timedelta(minutes=1))
    later = answer_card(None, "a#2", "who_said", True, T0 + timedelta(minutes=5))
    assert due_count([again, later], T0 + timedelta(minutes=2)) == 0
    assert next_due([later, again], T0 + timedelta(minutes=2)) == "2026-12-01T09:11:00.000Z"
    assert next_due([later, again], T0 + timedelta(minutes=12)) == "2026-12-01T09:15:00.000Z"
    assert next_due([], T0) is None
