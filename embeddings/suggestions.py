"""Which recorded lines a refused line is offered to pick instead ("did you mean"), if any.

Only candidates the tier model finds near (:data:`SUGGESTION_FLOOR`); for a line refused for a
name the record cannot hold (:data:`NAMED`), only those that would have answered the rest of
the line and say something of it. "What about Putin?" is refused (Putin belongs to a later
time), and was offered Kissinger's "What way? Do it in Moscow?" at a fit above the threshold:
the tier model reads the whole line, the later name (near Moscow in the encoder's space) and two
words any question says, and a short question matched to a short question scores well.
Besides the name, the line says nothing a recorded line could be nearer than another, so
whatever is offered is noise. A line offered to such a refusal must say one of the *telling*
words of the rest of the line: a word of the line, the refused names taken out, that is
neither an English function word ("what", "about", "who") nor a word the record says in more
than a third of its conversations ("think", "talk", "Moscow", the President:
:data:`embeddings.shared_name.COMMON_SHARE`, the bar a shared name is judged by), its glossary
concepts counted ("SALT" is also "arms control"). "Would Putin accept the SALT limits on
missiles?" keeps SALT, limits and missiles and is offered "If we had obtained a SALT agreement
we would have won."; "What about Putin?" keeps nothing and is offered nothing.

Word for word, as BM25 reads both (stemmed): the encoder's nearness of words is where the noise
came from. Measured on the dev sets (docs/quality.md, "Did you mean, only what the rest of the
line says").
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from collections.abc import Set as AbstractSet

from bm25s.stopwords import STOPWORDS_EN_PLUS

from embeddings.lexical import Lexical

SUGGESTIONS = 3  # "did you mean" lines offered with a no_match
# A refused line's "did you mean" lines are only candidates whose fit probability reaches this:
# the nearest lines whatever their relevance ("Hello." for a line of 1,200 x's) pretend the
# record holds something near. On the dev sets' refused lines (issue 11; docs/quality.md, "Did
# you mean, only when near"), 15 of the 17 refused lines offered a fitting line keep it, and 71 %
# of the lines offered to lines nothing answers go (held out: 6 of 9 keep it; 77 % go).
SUGGESTION_FLOOR = 0.2
# A line refused for what it names (a later name, a topic no recorded turn speaks of) is told
# the record has nothing on it: a line is offered only when it would have answered the rest of
# the line (its fit reaches the line's threshold), as "The Chinese will protest." does "The
# Chinese will protest about Cuba.", never "navigators" for "what about Cienfuegos?", and
# says a telling word of that rest (:func:`telling`, :func:`near_the_rest`).
NAMED = frozenset({"anachronism", "unheld"})
# English function words (NLTK's list of 179, as bm25s ships it), as BM25 stems a line's words:
# the index drops only 33 ("the", "of"), and keeps "what", "about", "who", "out".
FUNCTION_STEMS = frozenset(Lexical.tokens(" ".join(STOPWORDS_EN_PLUS)))


def telling(stems: Sequence[str], common: Collection[str]) -> frozenset[str]:
    """The stems of ``stems`` (a line's, as BM25 reads it) that can tell one recorded line from
    another: neither a function word nor one of the record's ``common`` stems (said in more
    than a third of its conversations, ``SharedName.common``)."""
    return frozenset(s for s in stems if s not in FUNCTION_STEMS and s not in common)


def near_the_rest(
    rows: Sequence[int], turns: Sequence[Collection[str]], rest: AbstractSet[str]
) -> list[int]:
    """The rows of ``rows`` whose turn (``turns``: each one's stems, as BM25 reads it) says one
    of ``rest``, the telling stems of what a refused line says besides its names; none when
    the line says nothing else."""
    return [row for row, said in zip(rows, turns, strict=True) if not rest.isdisjoint(said)]
