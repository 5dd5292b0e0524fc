"""The wrong choices of a "what came next?": plausible, yet never mistakable for each other.

A distractor is a line the same man spoke in *another* conversation (each its own), among the
nearest to the right answer by embedding, so it fits the exchange; but four choices that say
the same thing ("No, no, I understand." / "Yes, I understand.") make a guess, and one far
longer than the others gives itself away. So every pair of choices must lie below ``MAX_COSINE`` in
all-MiniLM-L6-v2 (the index's vectors of the spoken words; 0.88 there keeps the words shown,
editorial marks and all, under 0.9), must not read the same (:func:`same_reading`), every
choice fits in ``MAX_CHARS``, and the longest is at most ``MAX_LENGTH_RATIO`` times the
shortest. An answer longer than ``MAX_CHARS`` is not asked.

A wrong choice must also not give itself away by its subject: one that names a person, place
or body the question's conversation never names ("Anatol, I am sending over an interim answer
on that Cyprus thing." offered after a 1972 call on the Berlin treaty) is struck out by a
student who knows what the call was about, whatever they remember of its words. So a
distractor names no topical name (:func:`topical_names`) its question's conversation does not.

Nor may a few lines near many answers be the wrong choice of a dozen questions: of the lines
as near as the nearest three (``EQUALLY_NEAR``), the least used come first (:func:`choose`;
the whole pool's use is planned in :mod:`server.quiz_pool`), and among as little used, those
that give the answer the length rank asked (:func:`shorter`), so that the answer is no more
often the shortest choice than the longest.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from embeddings.lexical import Lexical
from embeddings.shared_name import record_names
from server.per_index import once_per_index

if TYPE_CHECKING:
    from embeddings import Index, TurnRecord

MAX_CHARS = 400
MAX_COSINE = 0.88
MAX_LENGTH_RATIO = 2.0
MIN_WORDS = 3
NEAR_WORDS = 3  # lines saying this many words or more read the same one word apart
NEAREST = 40  # neighbours of the right answer looked at for three that qualify
# Wrong choices this much less near the answer (cosine) than the farthest of the nearest three
# are as good: the nearest three themselves lie 0.08 apart (the median on the shipped corpus).
EQUALLY_NEAR = 0.05
# A name said in at most this share of the record's conversations is topical: Cyprus, Sadat,
# Barzel, the Security Council. One said more widely (Moscow, the President, Gromyko, the
# Soviet Government) fits any call of the channel, and gives no call away.
TOPICAL_SHARE = 1 / 6
# The days and months are names that fit any call ("I will see you Monday.").
_CALENDAR = frozenset(
    s for word in (*calendar.day_name, *calendar.month_name) if word for s in Lexical.tokens(word)
)

# What only acknowledges, at either end of a line: "Yeah, I understand. Okay, thank you."
# says what "No, no, I understand." says.
_ACKNOWLEDGING = (
    r"(?:yes|yeah|yeh|yep|no|oh|ah|well|okay|ok|fine|alright|all right|thank you|thanks|i see)"
)
_OPENING = re.compile(rf"^(?:{_ACKNOWLEDGING}\b ?)+")
_CLOSING = re.compile(rf"(?: ?\b{_ACKNOWLEDGING})+$")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def line_key(text: str) -> str:
    """A line as its words read: lower case, punctuation dropped (the same words under two
    ids, or printed in two volumes, are one line to a student)."""
    return " ".join(_words(text))


@functools.lru_cache(maxsize=4096)
def _said(text: str) -> tuple[str, ...]:
    """What a line says, as words: lower case, punctuation dropped, the acknowledgements at its
    start and end set aside; a line of acknowledgements only ("No, no, no.") is all of them.
    Kept for the lines last asked: the pool's plan compares each line with many sets."""
    words = " ".join(_words(text))
    return tuple(_CLOSING.sub("", _OPENING.sub("", words)).split() or _words(text))


def _one_apart(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether one word added, dropped or changed makes ``one`` into ``other`` (edit distance
    1; the full distance, asked of every pair the pool's plan weighs, was most of its time)."""
    if len(one) == len(other):
        return sum(a != b for a, b in zip(one, other, strict=True)) == 1
    short, long = sorted((one, other), key=len)
    if len(long) - len(short) != 1:
        return False
    start = next(
        (i for i, (a, b) in enumerate(zip(short, long, strict=False)) if a != b), len(short)
    )
    return short[start:] == long[start + 1 :]


def same_reading(one: str, other: str) -> bool:
    """Whether two lines read (nearly) the same to a student, so that the record cannot tell
    them apart as choices: the same words once what only acknowledges at either end is set
    aside ("Yeah, I understand." / "No, no, I understand." / "Oh I see. I understand.
    Okay."), or, when both say ``NEAR_WORDS`` words or more, one word apart ("I don’t know."
    / "I don’t know really."). A word that changes the sense is not set aside: "I think so."
    and "I don’t think so." read apart, and so do "No, no, no." and "Okay, thank you.".
    """
    said, other_said = _said(one), _said(other)
    if said == other_said:
        return True
    return min(len(said), len(other_said)) >= NEAR_WORDS and _one_apart(said, other_said)


def _conversation(index: Index, document: str) -> set[str]:
    return {document, *index.documents[document].same_as}


@dataclass(frozen=True)
class Topics:
    """The record's topical names (stemmed, as BM25 reads them) and those each conversation
    says (a conversation printed in two volumes once, by its first id)."""

    names: frozenset[str]
    said: dict[str, frozenset[str]]  # conversation (first id) -> the topical names it says

    def foreign(self, index: Index, turn: TurnRecord, document: str) -> frozenset[str]:
        """The topical names ``turn`` says that ``document``'s conversation never does."""
        stems = frozenset(Lexical.tokens(turn.spoken_text)) & self.names
        return stems - self.said.get(_first(index, document), frozenset())


def _first(index: Index, document: str) -> str:
    return min(d for d in _conversation(index, document) if d in index.documents)


def topical_names(index: Index) -> Topics:
    """:class:`Topics` of the index: the names the record uses (capitalised inside a sentence,
    :func:`embeddings.shared_name.record_names`) said in at most ``TOPICAL_SHARE`` of its
    conversations, the days and months left out."""
    stems: dict[str, set[str]] = {}
    for record in index.records:
        stems.setdefault(_first(index, record.document), set()).update(
            Lexical.tokens(record.spoken_text)
        )
    spread = Counter(s for words in stems.values() for s in words)
    names = frozenset(
        s
        for s in record_names([r.spoken_text for r in index.records])
        if spread[s] <= TOPICAL_SHARE * len(stems) and s not in _CALENDAR
    )
    return Topics(names, {c: frozenset(words & names) for c, words in stems.items()})


_topics = once_per_index(topical_names)


def topics_for(index: Index) -> Topics:
    """:func:`topical_names` once per loaded index (thread-safe; quizzes are built in workers)."""
    return _topics(index)


def fits(record: TurnRecord) -> bool:
    """Whether a turn can be a choice at all: a sentence or more, short enough to read."""
    return len(record.spoken_text.split()) >= MIN_WORDS and len(record.clean_text) <= MAX_CHARS


@dataclass(frozen=True)
class Candidates:
    """The lines that may stand beside ``right`` as wrong choices, each by itself: the same
    man's, in another conversation, a fit, naming nothing foreign to ``right``'s conversation;
    nearest first, with their cosine to it."""

    right: TurnRecord
    lines: tuple[tuple[TurnRecord, float], ...]


def candidates(index: Index, right: TurnRecord) -> Candidates | None:
    """:class:`Candidates` among the ``NEAREST`` neighbours of ``right``; None when it does
    not fit as a choice itself."""
    if not fits(right):
        return None
    taken = _conversation(index, right.document)
    topics = topics_for(index)
    lines = []
    for doc_id, turn, score in index.neighbours(
        right.document, right.index, NEAREST, speaker=right.speaker, exclude_document=right.document
    ):
        other = index.turn(doc_id, turn)
        if doc_id in taken or not fits(other) or topics.foreign(index, other, right.document):
            continue
        lines.append((other, score))
    return Candidates(right, tuple(lines))


def _side(right: TurnRecord, other: TurnRecord) -> int:
    """-1 when ``other`` is shorter than ``right`` as shown, 1 when longer, 0 as long."""
    return (len(other.clean_text) > len(right.clean_text)) - (
        len(other.clean_text) < len(right.clean_text)
    )


def shorter(right: TurnRecord, wrong: Iterable[TurnRecord]) -> int:
    """How many of ``wrong`` are shorter than ``right`` as shown: the answer's length rank
    among its choices (0: the shortest; 3 of three wrong: the longest)."""
    return sum(_side(right, t) < 0 for t in wrong)


def _set_of(
    index: Index,
    right: TurnRecord,
    lines: Iterable[TurnRecord],
    wrong: int,
    rank: int | None = None,
) -> list[TurnRecord] | None:
    """The first ``wrong`` of ``lines``, in their order, that stand together beside ``right``:
    one a conversation, none reading the same as another, none too near another, the longest
    at most ``MAX_LENGTH_RATIO`` times the shortest; when ``rank`` is given, that many of them
    shorter than ``right`` and the rest longer (none as long: a tie would leave the answer's
    rank to the shuffle)."""
    plain = index.vectors[1 :: index.views]  # the spoken words' vectors (unit length)
    chosen = [right]
    vectors = [np.asarray(plain[index.row(right.document, right.index)])]
    taken = _conversation(index, right.document)
    room = None if rank is None else {-1: rank, 1: wrong - rank}  # shorter, longer still to take
    for other in lines:
        if other.document in taken:
            continue
        side = _side(right, other)
        if room is not None and not room.get(side):
            continue
        if any(same_reading(other.spoken_text, c.spoken_text) for c in chosen):
            continue
        lengths = [len(c.clean_text) for c in (*chosen, other)]
        if max(lengths) > MAX_LENGTH_RATIO * min(lengths):
            continue
        vector = np.asarray(plain[index.row(other.document, other.index)])
        if max(float(vector @ v) for v in vectors) >= MAX_COSINE:
            continue
        chosen.append(other)
        vectors.append(vector)
        if room is not None:
            room[side] -= 1
        taken = taken | _conversation(index, other.document)
        if len(chosen) == wrong + 1:
            return chosen[1:]
    return None


def equally_good(
    lines: Sequence[tuple[TurnRecord, float]], nearest: Sequence[TurnRecord]
) -> list[tuple[int, TurnRecord]]:
    """The lines of ``lines`` (ranked, with their nearness to the answer) as good a wrong
    choice as the farthest of ``nearest`` (within ``EQUALLY_NEAR``), with their ranks."""
    near = {(t.document, t.index): score for t, score in lines}
    bar = min(near[t.document, t.index] for t in nearest) - EQUALLY_NEAR
    return [(rank, t) for rank, (t, score) in enumerate(lines) if score >= bar]


def choose(
    index: Index,
    found: Candidates,
    *,
    wrong: int = 3,
    used: Mapping[str, int] | None = None,
    avoid: frozenset[str] = frozenset(),
    ranks: Sequence[int] = (),
) -> list[TurnRecord] | None:
    """``wrong`` of ``found``'s lines to offer; None when too few stand together.

    The nearest that stand together set the bar: any line within ``EQUALLY_NEAR`` of the
    farthest of them is as good a wrong choice, and of those the least ``used`` (by
    :func:`line_key`) come first, the nearer first among equals. Nearest first alone, the few
    lines near many answers were offered in up to 14 questions of the pool, and a student who
    met one twice knew it was never the answer. ``avoid``: lines (:func:`line_key`) not to
    offer, those the quiz's other questions show or offer.

    ``ranks``: the answer's length ranks (:func:`shorter`) to give it, in order of preference;
    the first whose set's most used line is used no more than the least used set's is taken,
    else that set. The least used lines tend to be the longer (a short line is near many
    answers), so without it the answer was the shortest choice in 0.28 of the pool, where a
    test-maker has each rank in a quarter (:func:`server.quiz_pool.plan` asks for that).
    """
    nearest = _set_of(index, found.right, (t for t, _ in found.lines), wrong)
    if nearest is None:
        return None  # a question is asked or not whatever its quiz
    lines = [(t, score) for t, score in found.lines if line_key(t.clean_text) not in avoid]
    if avoid:
        nearest = _set_of(index, found.right, (t for t, _ in lines), wrong)
    if nearest is None or used is None:
        return nearest
    good = [t for _, t in equally_good(lines, nearest)]
    uses = {line_key(t.clean_text): used.get(line_key(t.clean_text), 0) for t in good}
    good.sort(key=lambda t: uses[line_key(t.clean_text)])  # stable: the nearer among equals
    least = _set_of(index, found.right, good, wrong) or nearest
    most = max(uses[line_key(t.clean_text)] for t in least)
    for rank in ranks:
        chosen = _set_of(index, found.right, good, wrong, rank)
        if chosen and max(uses[line_key(t.clean_text)] for t in chosen) <= most:
            return chosen
    return least


def distractors(
    index: Index,
    right: TurnRecord,
    *,
    wrong: int = 3,
    used: Mapping[str, int] | None = None,
    avoid: frozenset[str] = frozenset(),
) -> list[TurnRecord] | None:
    """``wrong`` turns to offer beside ``right`` (:func:`choose`); None when too few qualify."""
    found = candidates(index, right)
    return None if found is None else choose(index, found, wrong=wrong, used=used, avoid=avoid)
