"""A short recorded turn tied to the line by one name the record says everywhere is no answer.

"how is your daughter doing in moscow" was shown, as a match (fit probability 0.95), Dobrynin's
reply to Kissinger's "What way? Do it in Moscow?", and three more lines naming Moscow were
answered from "Would it offend in Moscow?" ("our journalists in moscow are being harassed").
In a turn of a few words the name is most of what there is to match, so MaxSim and the tier
evidence score it well, while nothing the line is about (the daughter, the journalists) is in
the turn at all. A teacher would say the turn shares a place, not a subject.

So a candidate is set aside (its fit probability 0) when all of these hold:

- the turn is short (``SHORT_TURN`` words or fewer);
- a word it shares with the line is a name the record uses (written with a capital in the
  middle of a sentence: Moscow, the President, Gromyko), the two men's own names left out
  (calling him by name is handled in :mod:`embeddings.address`, and "hey anatol" is answered
  by "Anatol.");
- every word it shares with the line is common: said in more than ``COMMON_SHARE`` of the
  record's conversations (Moscow is said in most of them);
- the line says a rarer word (one said in fewer conversations, or never) and none of them is
  matched in the turn: each such word's pieces reach a cosine under ``COVERED`` with the turn's
  word pieces, on average.

Measured on the dev sets (docs/quality.md, "A short turn tied by one name"): five lines
nonsense shown as a match are refused, no fitting answer lost.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from embeddings.evidence import CHANNEL_NAMES
from embeddings.lexical import Lexical

SHORT_TURN = 6  # words: "What way? Do it in Moscow?"
COMMON_SHARE = 1 / 3  # of the conversations: a word said in more is common
COVERED = 0.5  # a word's mean best piece cosine with the turn at or above this is matched there
# A word not at the start of a sentence; one the record writes with a capital 80 % of the
# times it says it (at least three) is a name.
_WORD = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Za-z][\w'’-]+)")
_NAME_SHARE = 0.8
_NAME_LEAST = 3


def record_names(texts: Sequence[str]) -> frozenset[str]:
    """The stems of the names the record uses (capitalised inside a sentence), but the two
    men's own."""
    capitalised: Counter[str] = Counter()
    said: Counter[str] = Counter()
    own = {s for name in CHANNEL_NAMES for s in Lexical.tokens(name)}
    stem_of: dict[str, str] = {}  # each distinct word stemmed once ("" for a stopword)
    for text in texts:
        for word in _WORD.findall(text):
            if word not in stem_of:
                stem_of[word] = next(iter(Lexical.tokens(word)), "")
            stem = stem_of[word]
            if stem and stem not in own:
                said[stem] += 1
                capitalised[stem] += word[0].isupper()
    return frozenset(
        s for s, n in said.items() if n >= _NAME_LEAST and capitalised[s] >= _NAME_SHARE * n
    )


@dataclass(frozen=True)
class SharedName:
    """The short turns that say a common name, and the record's common words."""

    common: frozenset[str]  # stems said in more than COMMON_SHARE of the conversations
    names: frozenset[str]  # the common ones that are names (record_names)
    short: dict[int, frozenset[str]]  # row -> the stems of a short turn saying a common name
    every_name: frozenset[str]  # every name the record uses (record_names), common or not

    @classmethod
    def build(
        cls,
        texts: Sequence[str],
        conversations: dict[str, frozenset[str]],
        canonical: Callable[[str], str],
    ) -> SharedName:
        """``texts``: each turn's words as said; ``conversations``: each conversation's stems
        (``Support.whole``); ``canonical``: the glossary's reading of a name (``Nixon`` for
        "the President"), as a line is read."""
        said = Counter(s for stems in conversations.values() for s in stems)
        common = frozenset(s for s, n in said.items() if n > COMMON_SHARE * len(conversations))
        every_name = record_names(texts)
        names = every_name & common
        short = {}
        for row, text in enumerate(texts):
            if len(text.split()) <= SHORT_TURN:
                stems = frozenset(Lexical.tokens(canonical(text)))
                if stems & names:
                    short[row] = stems
        return cls(common, names, short, every_name)

    def only_a_name(
        self,
        row: int,
        line: Sequence[str],
        words: Sequence[str],
        cosines: Callable[[], np.ndarray],
    ) -> bool:
        """Whether turn ``row`` shares nothing with the line but common words, one a name,
        and matches none of its rarer words. ``line``: the line's stems; ``words``: each of
        its word pieces' word (``TextEncoder.piece_words``); ``cosines``: the pieces' best
        cosine with a piece of the turn, computed only when the rest holds."""
        stems = self.short.get(row)
        if stems is None:
            return False
        shared = stems.intersection(line)
        if not shared & self.names or not shared <= self.common:
            return False
        pieces: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            found = Lexical.tokens(word)
            if found and found[0] not in shared and found[0] not in self.common:
                pieces.setdefault(word, []).append(i)
        if not pieces:
            return False
        best = cosines()
        return all(float(best[i].mean()) < COVERED for i in pieces.values())
