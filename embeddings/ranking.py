"""Ranking a line's candidates: the turns that may answer it, in the order the tiers weigh them.

The first stage fuses the encoder's view scores of each turn with BM25 by reciprocal rank
(:mod:`embeddings.search`); its best few are then reordered word by word
(:mod:`embeddings.tokens`). Which turns may answer at all is decided here too: the student's
side of the channel, a request's filters, a scenario's documents. Kept apart from
:mod:`embeddings.roleplay` so the search reads as ranking, then the tier decision, and so the
ranking is built once from the index alone.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from embeddings.answers import Context
from embeddings.index import Filters, Index
from embeddings.reading import Reading
from embeddings.search import ranks, reciprocal_rank_fusion, top_k
from embeddings.tokens import maxsim
from transcripts import CHANNEL

# Weight of BM25 against the encoder in reciprocal-rank fusion (the encoder counts 1).
LEXICAL_WEIGHT = 0.2
RRF_K = 5.0
RANK_DEPTH = 100  # rank fusion looks at each list's best 100 turns
# The first stage's best 30 turns are reordered by word-by-word matching (embeddings.tokens):
# final = (1 - WORDS_WEIGHT) * sentence score + WORDS_WEIGHT * MaxSim. Fitted on the dev sets.
RERANK_DEPTH = 30
WORDS_WEIGHT = 0.75


@dataclass(frozen=True)
class Scores:
    """One line's first-stage scores among the turns that may answer it, and its reading."""

    reading: Reading  # the line as read, with its scores over every indexed turn
    fused: np.ndarray  # sentence and BM25 ranks, fused
    mask: np.ndarray  # the turns that may answer (role, filters, scope)


class Ranking:
    """Ranks the indexed turns for a line. Build it once per index: what it reads of each
    turn (its document, place and reply's speaker) is read at build, not on every line."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._prompt_masks: dict[str, np.ndarray] = {}
        # Each turn's document as a number: comparing 1,149 strings took ~75 us a document, so
        # a scenario of five took 0.5 ms of every line and the whole record 5 ms.
        documents = [r.document for r in index.records]
        self._document_codes = {d: i for i, d in enumerate(dict.fromkeys(documents))}
        self._documents = np.array([self._document_codes[d] for d in documents], dtype=np.int64)
        self._positions = np.array([r.index for r in index.records], dtype=np.int64)
        self._reply_speakers = np.array(
            [index.records[i + 1].speaker if index.has_reply[i] else "" for i in range(len(index))],
            dtype=object,
        )

    def holds(self, documents: Collection[str]) -> set[str]:
        """Those of ``documents`` the index has turns of: a topic's conversations may lie in
        volumes this index was not built with."""
        return set(documents) & self._document_codes.keys()

    def scope(self, scope: Collection[str]) -> np.ndarray:
        """The turns of the documents in ``scope``; a scope the index does not hold is an
        error, not a silent search of nothing."""
        wanted = np.zeros(len(self._document_codes), dtype=bool)
        wanted[[self._document_codes[d] for d in scope if d in self._document_codes]] = True
        mask: np.ndarray = wanted[self._documents]
        if not mask.any():
            raise ValueError(
                f"None of the scope's documents ({', '.join(sorted(scope)[:3]) or 'none'}"
                f"{', ...' if len(scope) > 3 else ''}) is in the index {self.index.index_dir}; "
                "choose documents the index holds (GET /api/documents lists them)."
            )
        return mask

    def prompts(self, speaker: str) -> np.ndarray:
        """Turns of ``speaker`` that have a reply: the lines a student can match.

        Playing one side of the channel, the reply must come from the other: a volume added to
        the corpus may hold Kissinger's calls with others (the President, Rogers), and their
        words must never answer as Dobrynin's.
        """
        if speaker not in self._prompt_masks:
            mask = (self.index.speakers == speaker) & self.index.has_reply
            if partner := CHANNEL.get(speaker):
                mask &= self._reply_speakers == partner
            self._prompt_masks[speaker] = mask
        return self._prompt_masks[speaker]

    def scores(
        self,
        reading: Reading,
        as_: str,
        filters: Filters | None,
        scope: Collection[str] | None = None,
        within: np.ndarray | None = None,
    ) -> Scores:
        """Every turn's first-stage scores for the line ``reading`` read, among the turns that
        may answer it (``within``: only those of these turns, a line that only raises a topic's
        turns that open it; :mod:`embeddings.openers`)."""
        mask = self.index.mask(filters) & self.prompts(as_)
        if scope is not None:
            mask &= self.scope(scope)
        if within is not None:
            mask &= within
        rank_lists, weights = [ranks(reading.dense, mask, RANK_DEPTH)], [1.0]
        if reading.lexical.any():
            rank_lists.append(ranks(reading.lexical, mask, RANK_DEPTH))
            weights.append(LEXICAL_WEIGHT)
        fused = reciprocal_rank_fusion(rank_lists, weights, k=RRF_K)
        return Scores(reading, fused, mask)

    def words(self, scores: Scores, rows: np.ndarray) -> np.ndarray:
        """MaxSim of the line against ``rows``, each turn computed once per line (looked up
        as Python ints: numpy's integers hash at a third of the speed)."""
        read, listed = scores.reading, np.asarray(rows).tolist()
        todo = [r for r in listed if r not in read.words]
        if todo:
            found = maxsim(
                read.tokens, self.index.tokens, np.array(todo, dtype=np.int64), weights=read.weights
            )
            read.words.update(zip(todo, found.tolist(), strict=True))
        return np.array([read.words[r] for r in listed], dtype=np.float64)

    def final(self, scores: Scores, rows: np.ndarray) -> np.ndarray:
        """The score a match is ranked and shown by: sentence and word-by-word, blended."""
        sentence = scores.reading.dense[rows]
        final: np.ndarray = (1 - WORDS_WEIGHT) * sentence + WORDS_WEIGHT * self.words(scores, rows)
        return final

    def reranked(self, scores: Scores, bonus: np.ndarray | float, count: int) -> np.ndarray:
        """The best ``count`` candidates: the first stage's best few, reordered word by word.

        Turns past ``RERANK_DEPTH`` keep their first-stage order behind the reranked ones.
        """
        first = top_k(scores.fused + bonus, max(count, RERANK_DEPTH), scores.mask)
        head = first[:RERANK_DEPTH]
        extra = bonus[head] if isinstance(bonus, np.ndarray) else bonus
        final = self.final(scores, head) + extra
        return np.concatenate([head[np.argsort(-final, kind="stable")], first[RERANK_DEPTH:]])

    def context_bonus(self, context: Context) -> np.ndarray:
        """Favour turns near the student's place in the conversation being replayed."""
        same = self._documents == self._document_codes.get(context.document, -1)
        distance = np.abs(self._positions - context.position)
        return np.where(same, 0.01 + 0.02 * np.exp(-distance / 4), 0.0)
