"""A recorded turn that names another time than the line answers another arrangement.

`free_dev_b`'s "can you come to the white house at 4 oclock" was shown, as a match (fit
probability 0.63), Dobrynin's "If I receive anything before 5:00, I will call you." to
Kissinger's "In San Clemente. We are leaving today at 5:00. …"; playing Dobrynin, "we want the
security council to meet tonight" was shown Kissinger's reply to "And it says he has asked the
Secretary General to have Security Council tomorrow …" (0.78). The words the line and the turn
share (the White House, the Security Council) carry the match, and the time each names is one
word among many, while what the reply says is about that time. A teacher would say the student
proposed four o'clock, or tonight, and was answered about five, or tomorrow.

So a candidate is set aside (its fit probability 0) when the line and the recorded turn both
name a time of one kind and none of the same: a clock hour ("4 oclock", "5:00", "no later than
two", noon), a weekday, a day of the month ("the 5th") or a day relative to the talk
(yesterday, today or tonight, tomorrow). A turn that names no time of the line's kind is left
alone: the time is then the line's to add, not a contradiction.

Measured on the dev sets (docs/quality.md, "A time the line names, contradicted").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUMBER = r"(\d{1,2}|" + "|".join(_NUMBERS) + ")"
# A clock hour: "5:00", "4 oclock", "four o'clock", "4pm"; or a bare number after a word that
# sets a time ("no later than two", "tomorrow at 9") with nothing after it but the sentence's
# end or the day it falls on ("at 2 tomorrow"), so that "by 4 ambassadors" or "at two sites"
# names no hour; or noon, midday, midnight (twelve).
_CLOCK = re.compile(
    rf"\b{_NUMBER}(?::\d\d)?\s*(?:o'?\s?clock\b|[ap]\.?m\b\.?)"
    r"|\b(\d{1,2}):\d\d\b"
    rf"|\b(?:at|than|before|after|until|till|by|around|about)\s+{_NUMBER}"
    r"(?=\s*(?:[.,;:!?…—–)]|$|(?:today|tonight|tomorrow|this|then|sharp)\b))"
    r"|\b(noon|midday|midnight)\b",
    re.IGNORECASE,
)
_WEEKDAYS = {
    "monday": "monday",
    "tuesday": "tuesday",
    "tues": "tuesday",
    "wednesday": "wednesday",
    "thursday": "thursday",
    "thurs": "thursday",
    "friday": "friday",
    "fri": "friday",
    "saturday": "saturday",
    "sunday": "sunday",
}
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")s?\b", re.IGNORECASE)
_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_DAY = re.compile(r"\b(yesterday|today|tonight|tomorrow)\b", re.IGNORECASE)
_DAYS = {"tonight": "today"}  # tonight is today's evening


@dataclass(frozen=True)
class When:
    """The times a text names, by kind; empty kinds name nothing."""

    hours: frozenset[int] = frozenset()  # clock hours, 1 to 12 (5 p.m. and 5:00 are both 5)
    weekdays: frozenset[str] = frozenset()
    dates: frozenset[int] = frozenset()  # days of the month
    days: frozenset[str] = frozenset()  # yesterday, today (tonight too), tomorrow

    def __bool__(self) -> bool:
        return bool(self.hours or self.weekdays or self.dates or self.days)

    def contradicts(self, other: When) -> bool:
        """Whether ``other`` names a time of a kind this names too, and none of the same."""
        kinds = (
            (self.hours, other.hours),
            (self.weekdays, other.weekdays),
            (self.dates, other.dates),
            (self.days, other.days),
        )
        return any(mine and theirs and not mine & theirs for mine, theirs in kinds)


def _hour(word: str) -> int | None:
    """A clock hour of 1 to 12 for a number or noon, midday, midnight; None for another."""
    word = word.lower()
    if word in ("noon", "midday", "midnight"):
        return 12
    value = _NUMBERS.get(word) or int(word)
    return value % 12 or 12 if 1 <= value <= 24 else None


def said_when(text: str) -> When:
    """The clock hours, weekdays, days of the month and days relative to the talk ``text``
    names (as the record prints them, or as a student types them, shorthand read)."""
    text = text.replace("’", "'")
    hours = set()
    for match in _CLOCK.finditer(text):
        word = next(group for group in match.groups() if group is not None)
        hour = _hour(word)
        if hour is not None:
            hours.add(hour)
    return When(
        hours=frozenset(hours),
        weekdays=frozenset(_WEEKDAYS[w.lower()] for w in _WEEKDAY.findall(text)),
        dates=frozenset(int(d) for d in _DATE.findall(text)),
        days=frozenset(_DAYS.get(d.lower(), d.lower()) for d in _DAY.findall(text)),
    )
