"""The wrong choices of a "what came next?": plausible, yet never mistakable for each other.

A distractor is a line the same man spoke in *another* conversation (each its own), among the
nearest to the right answer by embedding, so it fits the exchange; but four choices that say
the same thing ("No, no, I understand." / "Yes, I understand.") make a guess, and one far
longer than the others gives itself away. So every pair of choices must lie below ``MAX_COSINE`` in
all-MiniLM-L6-v2 (the index's vectors of the spoken words; 0.88 there keeps the words shown,
editorial marks and all, under 0.9), must not read the same (:func:`same_reading`), every
choice fits in ``MAX_CHARS``, and the longest is at most ``MAX_LENGTH_RATIO`` times the
shortest. An answer longer than ``MAX_CHARS`` is not asked.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from embeddings import Index, TurnRecord

MAX_CHARS = 400
MAX_COSINE = 0.88
MAX_LENGTH_RATIO = 2.0
MIN_WORDS = 3
NEAR_WORDS = 3  # lines saying this many words or more read the same one word apart
NEAREST = 40  # neighbours of the right answer looked at for three that qualify

# What only acknowledges, at either end of a line: "Yeah, I understand. Okay, thank you."
# says what "No, no, I understand." says.
_ACKNOWLEDGING = (
    r"(?:yes|yeah|yeh|yep|no|oh|ah|well|okay|ok|fine|alright|all right|thank you|thanks|i see)"
)
_OPENING = re.compile(rf"^(?:{_ACKNOWLEDGING}\b ?)+")
_CLOSING = re.compile(rf"(?: ?\b{_ACKNOWLEDGING})+$")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


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


def fits(record: TurnRecord) -> bool:
    """Whether a turn can be a choice at all: a sentence or more, short enough to read."""
    return len(record.spoken_text.split()) >= MIN_WORDS and len(record.clean_text) <= MAX_CHARS


def distractors(index: Index, right: TurnRecord, *, wrong: int = 3) -> list[TurnRecord] | None:
    """``wrong`` turns to offer beside ``right``, nearest first; None when too few qualify."""
    if not fits(right):
        return None
    doc = index.documents[right.document]
    taken = _conversation(index, right.document)  # one choice per conversation
    plain = index.vectors[1 :: index.views]  # the spoken words' vectors (unit length)
    chosen = [right]
    vectors = [np.asarray(plain[index.row(right.document, right.index)])]
    for doc_id, turn, _score in index.neighbours(
        right.document, right.index, NEAREST, speaker=right.speaker, exclude_document=doc.id
    ):
        other = index.turn(doc_id, turn)
        if doc_id in taken or not fits(other):
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
