"""The wrong choices of a "what came next?": plausible, yet never mistakable for each other.

A distractor is a line the same man spoke in *another* conversation (each its own), among the
nearest to the right answer by embedding, so it fits the exchange; but four choices that say
the same thing ("No, no, I understand." / "Yes, I understand.") make a guess, and one far
longer than the others gives itself away. So every pair of choices must lie below ``MAX_COSINE`` in
all-MiniLM-L6-v2 (the index's vectors of the spoken words; 0.88 there keeps the words shown,
editorial marks and all, under 0.9), every choice fits in ``MAX_CHARS``, and the longest is at
most ``MAX_LENGTH_RATIO`` times the shortest. An answer longer than ``MAX_CHARS`` is not asked.
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
NEAREST = 40  # neighbours of the right answer looked at for three that qualify


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


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
    keys = {_key(right.spoken_text)}
    for doc_id, turn, _score in index.neighbours(
        right.document, right.index, NEAREST, speaker=right.speaker, exclude_document=doc.id
    ):
        other = index.turn(doc_id, turn)
        if doc_id in taken or not fits(other) or _key(other.spoken_text) in keys:
            continue
        lengths = [len(c.clean_text) for c in (*chosen, other)]
        if max(lengths) > MAX_LENGTH_RATIO * min(lengths):
            continue
        vector = np.asarray(plain[index.row(doc_id, turn)])
        if max(float(vector @ v) for v in vectors) >= MAX_COSINE:
            continue
        chosen.append(other)
        vectors.append(vector)
        keys.add(_key(other.spoken_text))
        taken |= _conversation(index, doc_id)
        if len(chosen) == wrong + 1:
            return chosen[1:]
    return None
