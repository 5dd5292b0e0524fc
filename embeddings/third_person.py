"""A reply that speaks of a third man answers only a line that speaks of someone.

Semenov's boat trip (v13 d209 turn 2: "Semenov on a boat trip went into great detail … a
freeze …") was shown, as a match, for four free dev lines on the freeze and offensive missiles
("what's the exact ceiling on offensive missiles in the freeze", fit probability 0.82), and
Dobrynin's reply is "He has no authority.": about Semenov, whom the line never names. A long
turn shares the line's subject words, and the tier evidence scores it well, while the reply
speaks of a man the student did not mention. A teacher would say the answer is about someone
else.

So a candidate is set aside (its fit probability 0) when its reply opens by speaking of a third
person ("He has no authority.", "Yes, he …", "His behavior …") and the line neither says he,
she, him, his or her nor names anyone the turn or the ``BEFORE`` turns before it in its
conversation name (a name the record uses, :func:`embeddings.shared_name.record_names`: the
man the reply speaks of is named there, or not at all). "why is semenov pitching my private
offer to gerry smith" (judged answered by the boat trip) keeps it.

Measured on the dev sets (docs/quality.md, "A reply about a third man").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from embeddings.lexical import Lexical
from embeddings.views import TurnRecord

BEFORE = 3  # turns before the candidate in its conversation where the man may be named
# A reply that opens by speaking of him or her, after one word and a comma at most ("Yes, he").
_OF_SOMEONE = re.compile(r"^\W*(?:\w+,\s*)?(?:he|she|him|his|her)\b", re.IGNORECASE)
_SOMEONE = re.compile(r"\b(?:he|she|him|his|her|hers|himself|herself)\b", re.IGNORECASE)


def speaks_of_someone(reply: str) -> bool:
    """Whether a recorded reply opens by speaking of a third person ("He has no authority.")."""
    return bool(_OF_SOMEONE.match(reply))


def says_someone(line: str) -> bool:
    """Whether a student's line speaks of a third person by pronoun ("he's not in the loop")."""
    return bool(_SOMEONE.search(line.replace("’", "'")))


def named_before(
    records: Sequence[TurnRecord],
    row: int,
    names: frozenset[str],
    canonical: Callable[[str], str],
) -> frozenset[str]:
    """The record's names (``names``: stems) said in turn ``row`` or the :data:`BEFORE` turns
    before it in its conversation, each read as the glossary reads a line (``canonical``:
    "Nixon" as "the President")."""
    document = records[row].document
    said: set[str] = set()
    for back in range(row, max(row - BEFORE, 0) - 1, -1):
        if records[back].document != document:
            break
        said.update(Lexical.tokens(canonical(records[back].spoken_text)))
    return frozenset(said & names)
