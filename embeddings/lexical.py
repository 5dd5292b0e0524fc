"""The lexical half of search: BM25 over stemmed words, so names, dates and numbers count."""

from __future__ import annotations

import re
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

# What ``bm25s.tokenize`` does to each text by default: lower case, words of two or more word
# characters, its English stopwords dropped (then every word stemmed).
_WORD = re.compile(r"(?u)\b\w\w+\b")
_STOPWORDS = frozenset(STOPWORDS_EN)


class Lexical:
    """A BM25 index (``bm25s`` with an English Snowball stemmer), saved beside the vectors."""

    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._retriever = retriever
        self._vocab: dict[str, int] = retriever.vocab_dict
        self.size = size

    @property
    def vocabulary(self) -> dict[str, int]:
        """Stemmed words of the indexed texts."""
        return self._vocab

    @staticmethod
    def tokens(text: str) -> list[str]:
        """Stemmed words of ``text``, stopwords dropped, as the index sees them.

        The same words as ``bm25s.tokenize`` gives for one text (a test holds them equal over
        the whole corpus), without its per-call bookkeeping: a reply tokenises the line three
        to five times, and ``bm25s.tokenize`` took ~0.1 ms a call. A stemmer per call, because
        one stemmer is not safe to share between threads.
        """
        words = [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]
        stems: list[str] = Stemmer.Stemmer("english").stemWords(words)
        return stems

    @staticmethod
    def _tokens(texts: list[str]) -> list[list[str]]:
        tokens: list[list[str]] = bm25s.tokenize(
            texts,
            stemmer=Stemmer.Stemmer("english"),
            return_ids=False,
            show_progress=False,
        )
        return tokens

    @classmethod
    def build(cls, texts: list[str]) -> Lexical:
        retriever = bm25s.BM25()
        # A last, empty text keeps bm25s working on an empty corpus; scores() drops it.
        tokens = cls._tokens([*texts, ""])
        retriever.index([t or [""] for t in tokens], show_progress=False)
        return cls(retriever, len(texts))

    def save(self, directory: Path) -> None:
        self._retriever.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> Lexical:
        retriever = bm25s.BM25.load(str(directory), mmap=False, show_progress=False)
        return cls(retriever, size)

    def scores(self, stems: list[str]) -> np.ndarray:
        """BM25 score of every indexed text for a query's ``stems`` (its :meth:`tokens`, which
        the caller has already; zeros when no word is known)."""
        ids = [self._vocab[t] for t in stems if t in self._vocab]
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        scores = self._retriever.get_scores_from_ids(ids)
        return np.asarray(scores[: self.size], dtype=np.float32)
