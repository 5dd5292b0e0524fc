"""Typing slips read as the word meant: "Nxion would rtaher have Vienna" is a line about Nixon.

A misspelt word is split by MiniLM's tokenizer into pieces that mean nothing, and BM25 never
finds it: seeded one-letter slips in a third of the longer words of the loose dev lines cut
Recall@1 from 0.833 to 0.633 and had a quarter of the lines refused (README, "Retrieval
quality"). Before a line is matched, a word nobody knows is replaced by the most frequent word
of the record one edit away (pyspellchecker's edits and choice).

Known, and so never corrected: English (pyspellchecker's frequency list), the words the
model's tokenizer holds whole ("zhou", "nato"), the glossary's and the record's words. Only the
record's and the glossary's words are offered as corrections: the search matches the record,
and a slip corrected into some other English word ("barista" into "batista") helps nothing.
Left alone too: words of fewer than four letters ("shud" is not "shut"), words with capitals
inside ("SLBMs"), and words joined to an apostrophe, a hyphen or a letter outside ASCII. Only
the search reads the result; the student's line is kept as typed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from spellchecker import SpellChecker

_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]{4,}(?![\w'’-])")
_LETTERS = re.compile(r"[A-Za-z]+")


@cache
def _english_list() -> SpellChecker:
    """pyspellchecker's English list, read once per process and only ever read after: every
    role-play's speller asks the same list, and reading it took ~0.2 s of each role-play's
    load (a test run loads ~100: each `ask` and `eval`, each index a test builds)."""
    return SpellChecker(distance=1)


class Speller:
    """The record's words, the words known besides them, and the correction of a slip."""

    def __init__(self, record: Iterable[str], known: Iterable[str] = ()) -> None:
        """``record``: texts whose words may be offered as corrections (the record's, the
        glossary's); ``known``: more words that are never corrected (the tokenizer's)."""
        counts = Counter(w.lower() for text in record for w in _LETTERS.findall(text))
        self._record = SpellChecker(language=None, distance=1)
        self._record.word_frequency.load_json(dict(counts))
        self._english = _english_list()
        self._per_million = 1e6 / max(self._english.word_frequency.total_words, 1)
        self._known = frozenset(w.lower() for w in known)

    def in_record(self, word: str) -> bool:
        """Whether lower-case ``word`` is a word of the record or the glossary."""
        return word in self._record

    def english(self, word: str) -> float:
        """How often lower-case ``word`` comes in the English list, per million words (0: never)."""
        return self._english.word_frequency[word] * self._per_million

    def near_english(self, word: str) -> bool:
        """Whether lower-case ``word`` is one edit from a word of the English list ("uselss"):
        a slip the spelling pass leaves, as it offers only the record's words."""
        return bool(self._english.known(self._english.edit_distance_1(word)))

    def slip(self, word: str) -> bool:
        """Whether :meth:`correct` reads lower-case ``word`` as the record word one edit away."""
        return len(word) >= 4 and word.isascii() and word.isalpha() and bool(self._meant(word))

    def correct(self, line: str) -> str:
        """``line`` with each slip replaced by the word meant, capitalised as typed."""
        return _WORD.sub(self._word, line)

    def _word(self, match: re.Match[str]) -> str:
        typed = match[0]
        if not typed[1:].islower():  # "SLBMs", "MacArthur", "NATO": not a slip to guess at
            return typed
        meant = self._meant(typed.lower())
        if not meant:
            return typed
        return meant.capitalize() if typed[0].isupper() else meant

    def _meant(self, word: str) -> str | None:
        """The record's word one edit from ``word``; None for a known word or nothing near."""
        if word in self._known or word in self._english or word in self._record:
            return None
        meant = self._record.correction(word)
        return meant if meant and meant != word else None
