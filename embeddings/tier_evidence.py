"""The tier model's evidence for each candidate turn of a line (:data:`embeddings.tiers.FEATURES`).

What :mod:`embeddings.tiers` weighs besides one score: how the ranking scored the turn, whether
the record around it says the line's telling words, how much the line sounds like classroom
chatter, whether a question is answered where the recorded line asked one too, the lengths of
both, and how well the line matches the end of a long turn, the part its reply answers. What
the evidence reads of each turn is read once, when the record is loaded (~0.1 ms of every reply
otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embeddings.evidence import AROUND, ChatterModel, Support, is_question
from embeddings.index import Index
from embeddings.lexical import Lexical
from embeddings.ranking import Ranking, Scores
from embeddings.tiers import FEATURES
from embeddings.tokens import maxsim, restated_and_around

# The reply answers the end of a long turn, not its first clause: the tier model also weighs
# how well the line matches the candidate's last 24 word pieces (about one sentence).
ENDING_PIECES = 24


@dataclass(frozen=True)
class TierEvidence:
    """The record as the evidence reads it: ``plain``, each turn's plain-view vector; ``asks``,
    whether each turn asks a question; ``length``, the log of each turn's length in words;
    ``around``, the first and last row (exclusive) of the turns within ``AROUND`` of each turn
    in its own document, whose token vectors are consecutive: the window of Kissinger's
    support (:class:`Support`), read by meaning, for synonyms the exact stems miss ("novices"
    for "amateurs")."""

    index: Index
    ranking: Ranking
    support: Support
    chatter: ChatterModel
    plain: np.ndarray
    asks: np.ndarray
    length: np.ndarray
    around: np.ndarray

    @classmethod
    def of_record(
        cls,
        index: Index,
        ranking: Ranking,
        support: Support,
        chatter: ChatterModel,
        plain: np.ndarray,
    ) -> TierEvidence:
        spoken = [r.spoken_text for r in index.records]
        return cls(
            index,
            ranking,
            support,
            chatter,
            plain,
            np.array([is_question(text) for text in spoken], dtype=bool),
            np.array([np.log1p(len(text.split())) for text in spoken], dtype=np.float64),
            _around([r.document for r in index.records]),
        )

    def unknown_share(self, line: str) -> float:
        """The share of the line's words (as BM25 reads them) the record never says."""
        vocabulary = self.index.lexical.vocabulary
        tokens = Lexical.tokens(self.index.glossary.canonical(line))
        return sum(t not in vocabulary for t in tokens) / len(tokens) if tokens else 0.0

    def features(self, line: str, scores: Scores, rows: list[int]) -> np.ndarray:
        """The evidence for each of ``rows``, the candidates of ``line`` as ``scores`` ranked
        them: a row of :data:`FEATURES` each."""
        read, picked = scores.reading, np.asarray(rows, dtype=np.int64)
        words = self.ranking.words(scores, picked)
        final = self.ranking.final(scores, picked)
        telling = self.support.telling(read.stems)
        tokens, weights = read.tokens, read.weights
        ending = maxsim(tokens, self.index.tokens, picked, last=ENDING_PIECES, weights=weights)
        out = np.empty((len(rows), len(FEATURES)), dtype=np.float64)
        out[:, 0] = words
        out[:, 1] = read.dense[picked]
        out[:, 2] = final - final.max()
        out[:, 3] = read.domain
        out[:, 4] = self.unknown_share(line)
        out[:, 5] = [self.support.conversation(telling, row) for row in rows]
        out[:, 6] = self.chatter.score(read.query)
        out[:, 7] = is_question(line) & ~self.asks[picked]
        out[:, 8] = self.length[picked]
        out[:, 9] = float(np.log1p(len(line.split())))
        out[:, 10] = self.plain[picked] @ read.query
        out[:, 11] = ending
        out[:, 12], out[:, 13] = restated_and_around(
            tokens, self.index.tokens, picked, self.around[picked], weights
        )
        return out


def _around(documents: list[str]) -> np.ndarray:
    """Per row, the first and last row (exclusive) within ``AROUND`` rows of it and of its
    document: the index holds each document's turns in order, one row each."""
    rows = np.arange(len(documents))
    names = np.asarray(documents, dtype=object)
    opens = np.r_[True, names[1:] != names[:-1]] if len(rows) else np.zeros(0, dtype=bool)
    first = np.maximum.accumulate(np.where(opens, rows, 0))
    closes = np.r_[names[1:] != names[:-1], True] if len(rows) else opens
    end = np.minimum.accumulate(np.where(closes, rows + 1, len(rows))[::-1])[::-1]
    return np.column_stack([np.maximum(rows - AROUND, first), np.minimum(rows + AROUND + 1, end)])
