"""What a quiz can ask, and the wrong choices of its whole pool, spread over the record.

Each "What came next?" offered the three lines nearest its answer that stand together
(:mod:`server.choices`); a few lines are near many answers, so one came back as wrong in up
to 14 questions of the pool, and a student who met it twice knew it was never the answer.
The plan draws every question's wrong choices once per index, the questions with the fewest
equally good lines first, each preferring the lines the others use least
(:func:`server.choices.choose`): the same for every quiz and seed, and a quiz draws again
from it only what it must keep apart (:meth:`Plan.wrong`). As a test-maker does, it also
gives the answer each length rank among its choices (the shortest, second, third, the
longest) in a quarter of the questions, where lines as near and as little used allow: the
least used lines are the longer, and the answer was the shortest choice in 0.28 of the pool.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from server.choices import Candidates, candidates, choose, equally_good, line_key, shorter
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
        least used first, the answer keeping its planned length rank where they allow. An
        answer outside the plan (a twin's copy) is drawn the same way."""
        place = (right.document, right.index)
        planned = self.chosen.get(place)
        if place in self.chosen and (
            planned is None or not {line_key(t.clean_text) for t in planned} & avoid
        ):
            return planned
        found = self.found.get(place) or candidates(index, right)
        if found is None:
            return None
        ranks = (shorter(right, planned),) if planned else ()  # the answer's planned rank
        return choose(index, found, used=self.used, avoid=avoid, ranks=ranks)


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
    given: Counter[int] = Counter()  # how many answers so far are shortest, second, … longest
    chosen: dict[tuple[str, int], list[TurnRecord] | None] = {}
    for place in sorted(found, key=lambda p: (good[p], p)):  # the fewest choices first
        ranks = sorted(range(4), key=lambda k: (given[k], k))  # the rarest rank first
        wrong = choose(index, found[place], used=used, ranks=ranks) if good[place] else None
        chosen[place] = wrong
        if wrong is not None:
            given[shorter(found[place].right, wrong)] += 1
            used.update(line_key(t.clean_text) for t in wrong)
    return Plan(found, chosen, used)


_plan = once_per_index(plan)


def plan_for(index: Index) -> Plan:
    """:func:`plan` once per loaded index (thread-safe; quizzes are built in workers)."""
    return _plan(index)
