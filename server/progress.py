"""A learner's progress, from their cards and answers: what the progress page draws.

Pure: the store's records in, one JSON-ready summary out. Accuracy is given per volume of FRUS
(each volume is a topic: "Soviet Union, October 1970–October 1971", "SALT I", ...) and per day,
so the page can draw how it moves over time.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from server.review import Answered, ItemCard, due_count, learned


def _tally(answers: list[Answered]) -> dict[str, int]:
    return {"answered": len(answers), "correct": sum(a.correct for a in answers)}


def _days(answers: list[Answered]) -> list[dict[str, Any]]:
    by_day: dict[str, list[Answered]] = defaultdict(list)
    for answer in answers:
        by_day[answer.at[:10]].append(answer)
    return [{"date": day, **_tally(group)} for day, group in sorted(by_day.items())]


def summary(
    cards: list[ItemCard],
    answers: list[Answered],
    now: datetime,
    volume_titles: dict[str, str],
) -> dict[str, Any]:
    """Items seen, learned and due; answers overall, by volume, and by day."""
    by_volume: dict[str, list[Answered]] = defaultdict(list)
    for answer in answers:
        by_volume[answer.volume].append(answer)
    return {
        "items": {
            "seen": len(cards),
            "learned": learned(cards),
            "due": due_count(cards, now),
            "missed": sum(card.missed is not None for card in cards),
        },
        **_tally(answers),
        "days": _days(answers),
        "volumes": [
            {
                "volume": volume,
                "title": volume_titles.get(volume, volume),
                **_tally(group),
                "days": _days(group),
            }
            for volume, group in sorted(by_volume.items())
        ],
    }
