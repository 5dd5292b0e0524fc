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
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
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


def _said(text: str) -> list[str]:
    """What a line says, as words: lower case, punctuation dropped, the acknowledgements at its
    start and end set aside; a line of acknowledgements only ("No, no, no.") is all of them."""
    words = " ".join(_words(text))
    return _CLOSING.sub("", _OPENING.sub("", words)).split() or _words(text)


def _apart(one: list[str], other: list[str]) -> int:
    """Words added, dropped or changed to make ``one`` into ``other`` (edit distance)."""
    before = list(range(len(other) + 1))
    for i, word in enumerate(one, 1):
        now = [i]
        for j, theirs in enumerate(other, 1):
            now.append(min(before[j] + 1, now[j - 1] + 1, before[j - 1] + (word != theirs)))
        before = now
    return before[-1]


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
    return min(len(said), len(other_said)) >= NEAR_WORDS and _apart(said, other_said) <= 1


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


def distractors(
    index: Index, right: TurnRecord, *, wrong: int = 3, avoid: frozenset[str] = frozenset()
) -> list[TurnRecord] | None:
    """``wrong`` turns to offer beside ``right``, nearest first; None when too few qualify.

    ``avoid``: lines (:func:`line_key` of the text shown) not to offer, those the quiz's other
    questions show: a wrong choice the student saw in question 3 as its line, the line before
    it or its answer is ruled out by a student who remembers it. Drawn apart only where
    ``right`` has wrong choices without it: a question is asked or not whatever its quiz.
    """
    nearest = _nearest(index, right, wrong, frozenset())
    return _nearest(index, right, wrong, avoid) if nearest and avoid else nearest


def _nearest(
    index: Index, right: TurnRecord, wrong: int, avoid: frozenset[str]
) -> list[TurnRecord] | None:
    if not fits(right):
        return None
    doc = index.documents[right.document]
    taken = _conversation(index, right.document)  # one choice per conversation
    plain = index.vectors[1 :: index.views]  # the spoken words' vectors (unit length)
    chosen = [right]
    vectors = [np.asarray(plain[index.row(right.document, right.index)])]
    topics = topics_for(index)
    for doc_id, turn, _score in index.neighbours(
        right.document, right.index, NEAREST, speaker=right.speaker, exclude_document=doc.id
    ):
        other = index.turn(doc_id, turn)
        if doc_id in taken or not fits(other) or line_key(other.clean_text) in avoid:
            continue
        if topics.foreign(index, other, right.document):
            continue
        if any(same_reading(other.spoken_text, c.spoken_text) for c in chosen):
            continue
        lengths = [len(c.clean_text) for c in (*chosen, other)]
        if max(lengths) > MAX_LENGTH_RATIO * min(lengths):
            continue
        vector = np.asarray(plain[index.row(doc_id, turn)])
        if max(float(vector @ v) for v in vectors) >= MAX_COSINE:
            continue
        chosen.append(other)
        vectors.append(vector)
        taken |= _conversation(index, doc_id)
        if len(chosen) == wrong + 1:
            return chosen[1:]
    return None
