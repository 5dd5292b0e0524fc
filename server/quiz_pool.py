"""What a quiz can ask, and the wrong choices of its whole pool, spread over the record.

Each "What came next?" offered the three lines nearest its answer that stand together
(:mod:`server.choices`); a few lines are near many answers, so one came back as wrong in up
to 14 questions of the pool, and a student who met it twice knew it was never the answer.
The plan draws every question's wrong choices once per index, the questions with the fewest
equally good lines first, each preferring the lines the others use least
(:func:`server.choices.choose`): the same for every quiz and seed, and a quiz draws again
from it only what it must keep apart (:meth:`Plan.wrong`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from server.choices import Candidates, candidates, choose, equally_good, line_key
from server.per_index import once_per_index

if TYPE_CHECKING:
    from embeddings import Index, TurnRecord

# A prompt shorter than this says too little to be asked about ("Yes.", "All right.").
MIN_PROMPT_WORDS = 6


def canonical_documents(index: Index) -> set[str]:
    """One id per conversation: of documents printed twice, the first by id is asked."""
    keep = set()
    for doc_id, doc in index.documents.items():
        if not doc.dialogue:
            continue
        twins = [d for d in doc.same_as if d in index.documents]
        if all(doc_id < twin for twin in twins):
            keep.add(doc_id)
    return keep


def asks_next(record: TurnRecord) -> bool:
    """Whether a "What came next?" can be asked after ``record``: it says enough, and the
    turn after it is its reply's."""
    return record.reply_stop > record.index + 1 and len(record.spoken_text.split()) >= (
        MIN_PROMPT_WORDS
    )


@dataclass(frozen=True)
class Plan:
    """Each answer's wrong choices (None: too few stand together), the lines to choose them
    from, and how many questions of the pool offer each line (by :func:`line_key`)."""

    found: Mapping[tuple[str, int], Candidates]
    chosen: Mapping[tuple[str, int], list[TurnRecord] | None]
    used: Mapping[str, int]

    def wrong(
        self, index: Index, right: TurnRecord, avoid: frozenset[str] = frozenset()
    ) -> list[TurnRecord] | None:
        """The wrong choices to offer beside ``right``: the plan's, unless one is in ``avoid``
        (lines a quiz's other questions show or offer), then drawn again without those, the
        least used first. An answer outside the plan (a twin's copy) is drawn the same way."""
        place = (right.document, right.index)
        if place in self.chosen:
            planned = self.chosen[place]
            if planned is None or not {line_key(t.clean_text) for t in planned} & avoid:
                return planned
        found = self.found.get(place) or candidates(index, right)
        return None if found is None else choose(index, found, used=self.used, avoid=avoid)


def _good(index: Index, found: Candidates) -> int:
    """How many of ``found``'s lines are as good as the nearest set's (0: none stands)."""
    nearest = choose(index, found)
    if nearest is None:
        return 0
    return len(equally_good(found.lines, nearest))


def plan(index: Index) -> Plan:
    """The :class:`Plan` of every "What came next?" on the whole record."""
    found: dict[tuple[str, int], Candidates] = {}
    canonical = canonical_documents(index)
    for record in index.records:
        if record.document in canonical and asks_next(record):
            right = index.turn(record.document, record.index + 1)
            lines = candidates(index, right)
            if lines is not None:
                found[right.document, right.index] = lines
    good = {place: _good(index, lines) for place, lines in found.items()}
    used: Counter[str] = Counter()
    chosen: dict[tuple[str, int], list[TurnRecord] | None] = {}
    for place in sorted(found, key=lambda p: (good[p], p)):  # the fewest choices first
        chosen[place] = choose(index, found[place], used=used) if good[place] else None
        used.update(line_key(t.clean_text) for t in chosen[place] or [])
    return Plan(found, chosen, used)


_plan = once_per_index(plan)


def plan_for(index: Index) -> Plan:
    """:func:`plan` once per loaded index (thread-safe; quizzes are built in workers)."""
    return _plan(index)
