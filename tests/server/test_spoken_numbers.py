"""A number is read as its value however a student says it (server/spoken_numbers.py)."""

from __future__ import annotations

from server.spoken_numbers import numbers, unsaid


def values(text: str) -> list[int]:
    return numbers(text.split())


def test_numbers_are_read_as_values():
    assert values("we need 3 wks or three weeks") == [3, 3]
    assert values("ten million tons and 1,500 missiles") == [10_000_000, 1500]
    assert values("the 2nd site the second site twenty two") == [2, 2, 22]
    assert values("in the sixties and seventies") == [60, 70]


def test_a_year_said_short_or_in_full_is_said():
    assert unsaid(frozenset({1967}), frozenset({67})) == set()
    assert unsaid(frozenset({67}), frozenset({1967})) == set()
    assert unsaid(frozenset({1967, 2}), frozenset({1973})) == {1967, 2}
