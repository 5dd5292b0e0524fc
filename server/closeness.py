"""How close a student's line came to a recorded one, in the words the student reads it.

A similarity (a match's ``score``, a play-through line's ``closeness``, 0..1) is shown as a
word and a percentage: "loosely related (similarity 47%)". Under :data:`LOOSE_BELOW` the page
says, above the reply, that the recorded line it answers is only loosely related to the
student's, or distant from it: a reply the student is warned may not answer their line.

The bars were kept twice, here and in the pages' scripts (render.js, replies.js), and a change
to one would have left the teacher's view, the CLI and the student's page each saying
something else of the same reply. The server is their one source now: it sends the word beside
the score (``closeness_word``, on every match, play-through script and exchange it sends), and
derives it for what was stored before it did; the pages only show it. Pure functions, so the
wire, the exchanges read from the store, the ``ask`` CLI and the search outside a scenario
(:mod:`server.elsewhere`) judge a score alike.
"""

from __future__ import annotations

import math
from typing import Literal, get_args

ClosenessWord = Literal["very close", "close", "loosely related", "distant"]
Looseness = Literal["only loosely related to", "distant from"]
WORDS: tuple[ClosenessWord, ...] = get_args(ClosenessWord)

VERY_CLOSE = 0.75  # "very close" from here
LOOSE_BELOW = 0.55  # "close" from here; under it, "loosely related" or "distant": loose
DISTANT_BELOW = 0.4  # under it, "distant"

WORD_DESCRIPTION = (
    f"The similarity in the word the page shows beside it: 'very close' ({VERY_CLOSE} or "
    f"more), 'close' ({LOOSE_BELOW} or more), 'loosely related' ({DISTANT_BELOW} or more) or "
    "'distant': the server's judgment, which the page only shows."
)


def closeness_word(score: float) -> ClosenessWord:
    """``score`` as the student reads it: "very close", "close", "loosely related", "distant"."""
    if score >= VERY_CLOSE:
        return "very close"
    if score >= LOOSE_BELOW:
        return "close"
    return "loosely related" if score >= DISTANT_BELOW else "distant"


def percent(score: float) -> int:
    """``score`` as the whole percentage shown beside its word, rounded down: the bars are
    whole percentages, so a word and its number never disagree ("loosely related (similarity
    55%)" of 0.5499, beside "close (similarity 55%)" of 0.55, when it was rounded to nearest).
    Rounded to 6 places first, so that 0.57 (56.99999… in binary) reads 57."""
    return math.floor(round(score * 100, 6))


def is_loose(score: float) -> bool:
    """Whether a reply answering a recorded line this far from the student's is said to be
    only loosely related to it, or distant (the page's note above the reply)."""
    return score < LOOSE_BELOW


def looseness(score: float) -> Looseness | None:
    """How the note above a reply says the recorded line lies from the student's ("only
    loosely related to", "distant from"); None for a close one."""
    if not is_loose(score):
        return None
    return "distant from" if closeness_word(score) == "distant" else "only loosely related to"


def word_of(score: object, stored: object = None) -> ClosenessWord | None:
    """The word of a stored similarity: ``stored`` as the server sent it, or, for one stored
    before it sent a word, derived from ``score``; None where the score is not a number."""
    for word in WORDS:
        if stored == word:
            return word
    if isinstance(score, int | float) and not isinstance(score, bool):
        return closeness_word(float(score))
    return None
