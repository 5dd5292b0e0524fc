"""What the search reads of a student's line before it looks at any turn.

A line is read once: its slips corrected, the listener's name and the record's names made the
record's, glossary labels added, then one encoding (sentence vector and word-token vectors)
and its scores over every indexed turn. Whichever turns are then searched (a scenario's, the
whole record's, one side's), the reading is the same, so it is kept: a line refused within a
scenario is searched again over the whole record (``server.elsewhere``), and reading it again,
its encoding above all, was most of that second search's time (0.95-1.12x the first search's;
0.09-0.12x kept; docs/quality.md, "`ask`'s time, step by step"). Other texts a caller wants
of the same line (the line as typed, for a play-through's closeness) are encoded in that one
forward pass, not in a second one.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import numpy as np

from embeddings.address import addressed, unnamed
from embeddings.encoder import TextEncoder
from embeddings.index import Index
from embeddings.lexical import Lexical
from embeddings.spelling import Speller
from embeddings.texting import standard
from embeddings.tokens import piece_weights

SAID_WORDS = 65536  # words whose "does the record say it" is kept: a few MB at most


@dataclass(frozen=True)
class Reading:
    """What the search reads of a line itself, whichever turns it then searches: its words and
    their encoding, and their scores over every indexed turn."""

    key: tuple[str, str]  # the line as given and the role it is said as
    read: str  # the line as the search reads it ("u" as "you", slips corrected)
    spoken: str  # the line as matched word by word (the record's names, no labels)
    stems: list[str]  # the line's stemmed words, as BM25 sees them
    query: np.ndarray  # the line's sentence vector
    tokens: np.ndarray  # its word-token vectors
    pieces: list[str]  # the word of each word piece of ``spoken`` (TextEncoder.piece_words)
    weights: np.ndarray | None  # each token's share of MaxSim (embeddings.tokens.piece_weights)
    dense: np.ndarray  # weighted cosine over each turn's views
    lexical: np.ndarray  # BM25
    domain: float  # the line's cosine to the record's centroid (for the tiers)
    words: dict[int, float] = field(default_factory=dict)  # MaxSim of the turns scored so far
    # the sentence vectors of other texts of the line, encoded in the same forward pass
    also: dict[str, np.ndarray] = field(default_factory=dict)


class LineReader:
    """Reads a line as the search does, keeping the last line each thread read."""

    def __init__(self, index: Index, encoder: TextEncoder, says: Callable[[str], bool]) -> None:
        """``says``: whether the record says a word (as BM25 reads it); a word it never says
        weighs less in MaxSim. Each word is asked once (lines share most of their words):
        asking for every word of every line took 0.14 ms a line, 0.03 ms kept (dev lines,
        load 7)."""
        self.index = index
        self.encoder = encoder
        self.speller = Speller(
            [*(r.spoken_text for r in index.records), *index.glossary.vocabulary()],
            encoder.whole_words(),
        )
        self._says = functools.lru_cache(maxsize=SAID_WORDS)(says)
        # One line kept per thread: the server answers students in several threads at once,
        # and a thread searches one line at a time.
        self._last = threading.local()

    def forget(self) -> None:
        """Read the next line anew, even the same line again (a test's searches alone)."""
        self._last = threading.local()

    def read(self, line: str, as_: str, also: Collection[str] = ()) -> Reading:
        """What the search reads of ``line`` said as ``as_``, from one encoding of it.

        ``also``: other texts of the line whose sentence vectors the caller needs (the line
        as typed, which a play-through's closeness compares; the line in standard spelling,
        which the instructor's corrections are compared with), encoded in the same forward
        pass: a second pass for them took as long as the first, or longer (docs/quality.md,
        "`ask`'s time, step by step"). Each vector is the one the text encoded alone gets
        (ONNX Runtime pads a batch without changing any of its texts' numbers).
        """
        last: Reading | None = getattr(self._last, "reading", None)
        if last is not None and last.key == (line, as_) and all(t in last.also for t in also):
            return last
        # The search reads "u" as "you" and "Nxion" as "Nixon"; the student's line stays as typed.
        read = self.speller.correct(standard(line))
        glossary = self.index.glossary
        spoken = glossary.canonical(addressed(unnamed(read, as_), as_))
        labelled = glossary.expand(spoken)
        stems = Lexical.tokens(labelled)
        others = [t for t in dict.fromkeys(also) if t != labelled]
        # The sentence vector sees the labels; the words matched one by one are the line's own.
        vectors, tokens = self.encoder.encode_tokens(
            [labelled, *others], [spoken, *(None for _ in others)]
        )
        query = vectors[0]
        pieces = self.encoder.piece_words(spoken)
        reading = Reading(
            key=(line, as_),
            read=read,
            spoken=spoken,
            stems=stems,
            query=query,
            tokens=tokens[0],
            pieces=pieces,
            # The encoder keeps a line's first 256 pieces; the tokenizer's words name them all.
            weights=piece_weights(pieces[: len(tokens[0])], self._says),
            dense=self.index.dense_scores(query),
            lexical=self.index.lexical.scores(stems),
            domain=self.index.domain(query),
            also={labelled: query, **dict(zip(others, vectors[1:], strict=True))},
        )
        self._last.reading = reading
        return reading
