"""How a number is said in a student's line, read as its value: digits ("1,500", "2nd"), words
("ten million", "twenty two"), ordinals ("fifth"), decades ("the sixties") and years said short
("67" for 1967). The correction's veto (server/rewording.py) compares two lines' numbers so
that "two sites" and "2 sites" agree and "two" and "one" do not. A module of its own: reading
a number needs nothing of the veto's names, negation or roles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NUMBERS = {
    word: n
    for n, word in enumerate(
        (
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
            *("seventeen", "eighteen", "nineteen", "twenty"),
        )
    )
}
_TENS = ("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBERS.update({word: 10 * n for n, word in enumerate(_TENS, 3)})
_TENS_VALUES = frozenset(range(20, 100, 10))
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_ORDINALS = {
    word: n
    for n, word in enumerate(
        (
            *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"),
            *("ninth", "tenth", "eleventh", "twelfth"),
        ),
        1,
    )
}
# a decade as its first year said short: "the sixties" is 60, read as 1960 as "'60" is
_DECADES = {
    word: 10 * n
    for n, word in enumerate(
        ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties"), 2
    )
}
_DIGITS = re.compile(r"(\d[\d,]*)(?:st|nd|rd|th)?")


def numbers(words: Sequence[str]) -> list[int]:
    """The values of the numbers in ``words`` (lower case): digits ("1,500", "2nd"), words
    ("ten million", "twenty two"), ordinals ("fifth") and decades ("the sixties": 60)."""
    out: list[int] = []
    value: int | None = None  # the number being read, words may still add to it
    for word in [*words, ""]:
        if value is not None and word in _SCALES:
            value *= _SCALES[word]
            continue
        if value is not None and value in _TENS_VALUES and _NUMBERS.get(word, 10) < 10:
            value += _NUMBERS[word]
            continue
        if value is not None:
            out.append(value)
            value = None
        digits = _DIGITS.fullmatch(word)
        if digits:
            value = int(digits[1].replace(",", ""))
        elif word in _NUMBERS:
            value = _NUMBERS[word]
        elif word in _ORDINALS:
            out.append(_ORDINALS[word])
        elif word in _DECADES:
            out.append(_DECADES[word])
    return out


def years(n: int) -> set[int]:
    """``n`` and, for a year of the record's century, how else it is said: 1967 and 67."""
    if 1900 <= n < 2000:
        return {n, n - 1900}
    return {n, n + 1900} if n < 100 else {n}


def unsaid(ours: frozenset[int], theirs: frozenset[int]) -> set[int]:
    """The numbers of ``ours`` that ``theirs`` does not say, a year said short or in full."""
    return {n for n in ours if theirs.isdisjoint(years(n))}
