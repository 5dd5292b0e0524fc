"""A learner's progress, from their cards and answers: what the progress page draws.

Pure: the store's records in, one typed summary out (``GET /api/learner``'s body, so the
OpenAPI schema documents it). Accuracy is given per volume of FRUS (each volume is a topic:
"Soviet Union, October 1970–October 1971", "SALT I", ...) and per day, so the page can draw how
it moves over time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from pydantic import BaseModel, ConfigDict, Field

from server.items import parse_item, record_order
from server.review import Answered, ItemCard, due_count, learned, next_due, readable
from server.store import Learner
from server.unreadable import UnreadableCard, unreadable_card


class ItemCounts(BaseModel):
    """The learner's items (one card per item and mode)."""

    seen: int = Field(description="Items answered at least once.")
    learned: int
    due: int = Field(description="Items the spaced review would ask now.")
    missed: int = Field(description="Items answered wrong and not right since.")
    next_due: str | None = Field(
        description="When the first item not due now falls due (ISO 8601, UTC); null: none waits."
    )


class DayTally(BaseModel):
    date: str = Field(description="The day, YYYY-MM-DD, in the time zone `zone` named (else UTC).")
    answered: int
    correct: int


class VolumeTally(BaseModel):
    """Answers to the items of one FRUS volume: a topic."""

    volume: str
    title: str
    answered: int
    correct: int
    days: list[DayTally]


class LearnerProgress(BaseModel):
    """Items seen, learned and due; answers overall, by volume and by day."""

    model_config = ConfigDict(populate_by_name=True)

    name: str
    class_: str | None = Field(alias="class", description="Null: solo practice.")
    items: ItemCounts
    answered: int
    correct: int
    days: list[DayTally]
    volumes: list[VolumeTally]
    unreadable: list[UnreadableCard] = Field(
        [],
        description="Stored cards that could not be read (a row edited by hand, or cut off "
        "half-written): left out of `items` and the review, each with what is wrong and how to "
        "fix it; the answers are counted as ever.",
    )
    waiting: list[str] = Field(
        [],
        description="Items of the learner's cards whose conversation this server's record does "
        "not hold now (answered while a volume was served with `--transcripts`, which it is not "
        "now), in the record's order: kept, left out of `items` and the review, and asked again "
        "once the record holds them.",
    )


def _correct(answers: list[Answered]) -> int:
    return sum(a.correct for a in answers)


def _day(at: str, zone: tzinfo) -> str:
    """The day an answer was given where the learner is (``zone``): counted in UTC, an
    evening's answers in the Americas fell on the next day, beside that day's own. A stored
    time that does not parse (a row edited by hand) keeps the date it begins with."""
    try:
        return datetime.fromisoformat(at).astimezone(zone).date().isoformat()
    except ValueError:
        return at[:10]


def _days(answers: list[Answered], zone: tzinfo) -> list[DayTally]:
    by_day: dict[str, list[Answered]] = defaultdict(list)
    for answer in answers:
        by_day[_day(answer.at, zone)].append(answer)
    return [
        DayTally(date=day, answered=len(group), correct=_correct(group))
        for day, group in sorted(by_day.items())
    ]


def summary(
    learner: Learner,
    cards: list[ItemCard],
    answers: list[Answered],
    now: datetime,
    volume_titles: dict[str, str],
    held: Callable[[str], bool] = lambda item: True,
    zone: tzinfo = UTC,
) -> LearnerProgress:
    """Items seen, learned and due; answers overall, by volume, and by day; each card that
    could not be read, reported rather than failing the page; and the items of the cards
    that wait for a conversation the record (``held``: server.items.held; by default every
    item is held) does not hold now,
    so that "Due for review" counts what the review asks. Days are the learner's (``zone``)."""
    unread = [unreadable_card(learner, card) for card in cards if card.problem is not None]
    kept: list[ItemCard] = []
    away: set[str] = set()
    for card in readable(cards):
        if held(card.item):
            kept.append(card)
        else:
            away.add(card.item)
    waiting = sorted(away, key=lambda item: record_order(*parse_item(item)))
    cards = kept
    by_volume: dict[str, list[Answered]] = defaultdict(list)
    for answer in answers:
        by_volume[answer.volume].append(answer)
    return LearnerProgress(
        name=learner.name,
        class_=learner.class_code,
        items=ItemCounts(
            seen=len(cards),
            learned=learned(cards),
            due=due_count(cards, now),
            next_due=next_due(cards, now),
            missed=sum(card.missed is not None for card in cards),
        ),
        answered=len(answers),
        correct=_correct(answers),
        days=_days(answers, zone),
        volumes=[
            VolumeTally(
                volume=volume,
                title=volume_titles.get(volume, volume),
                answered=len(group),
                correct=_correct(group),
                days=_days(group, zone),
            )
            for volume, group in sorted(by_volume.items())
        ],
        unreadable=unread,
        waiting=waiting,
    )
