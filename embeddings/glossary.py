"""General Cold-War vocabulary: abbreviations, places and people as students name them.

Students write "Beijing" where the record says "the Chinese", "troop cuts" where it says
"MBFR". Both the indexed turns and the student's line get the same concept labels appended,
so the lexical index and the encoder see the shared words. This list is general knowledge
of the period, not taken from any document; a volume's own list of terms is added on top
(see :meth:`Glossary.with_terms`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from embeddings.glossary_terms import CONCEPTS, SYNONYMS


def _variant_pattern(variant: str) -> str:
    body = r"\s+".join(re.escape(word) for word in variant.split())
    return body + r"(?:s|es|['’]s)?"


def _alternatives(variants: tuple[str, ...]) -> str:
    """One regex for ``variants``, longest first; capitals match case-sensitively."""
    ordered = sorted(variants, key=len, reverse=True)
    return "|".join(
        _variant_pattern(v) if v.isupper() else f"(?i:{_variant_pattern(v)})" for v in ordered
    )


@dataclass(frozen=True)
class Glossary:
    """Concept labels, record names and the variants that evoke them, compiled once."""

    concepts: tuple[tuple[str, tuple[str, ...]], ...] = CONCEPTS
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = SYNONYMS
    # compiled in __post_init__ from the two above
    _compiled: tuple[tuple[str, re.Pattern[str]], ...] = field(
        init=False, repr=False, compare=False
    )
    _synonyms: re.Pattern[str] = field(init=False, repr=False, compare=False)
    # per concept, the first words of its variants in lower case (None: one is not ASCII)
    _first_words: tuple[frozenset[str] | None, ...] = field(init=False, repr=False, compare=False)
    _all_first_words: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        first_words = tuple(
            frozenset(v.split()[0].lower() for v in variants)
            if all(v.isascii() and v.split() for v in variants)
            else None
            for _, variants in self.concepts
        )
        object.__setattr__(self, "_first_words", first_words)
        every = sorted({w for words in first_words if words is not None for w in words})
        object.__setattr__(self, "_all_first_words", tuple(every))
        compiled = []
        for label, variants in self.concepts:
            exact = [v for v in variants if v.isupper()]
            loose = [v for v in variants if not v.isupper()]
            parts = []
            if exact:
                parts.append("|".join(_variant_pattern(v) for v in exact))
            if loose:
                parts.append("(?i:" + "|".join(_variant_pattern(v) for v in loose) + ")")
            compiled.append((label, re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])")))
        object.__setattr__(self, "_compiled", tuple(compiled))
        groups = "|".join(
            f"(?P<s{i}>{_alternatives(variants)})" for i, (_, variants) in enumerate(self.synonyms)
        )
        object.__setattr__(self, "_synonyms", re.compile(r"(?<![\w-])(?:" + groups + r")(?![\w])"))

    def with_terms(self, terms: Iterable[tuple[str, str]]) -> Glossary:
        """This glossary plus a volume's list of (abbreviation, meaning), e.g. ("MBFR", "...")."""
        extra = []
        for abbreviation, meaning in terms:
            abbreviation, meaning = abbreviation.strip(), " ".join(meaning.split())
            if len(abbreviation) >= 2 and meaning and abbreviation.upper() == abbreviation:
                extra.append((f"{abbreviation}, {meaning}", (abbreviation,)))
        synonyms = tuple((label.split(",")[0], (label.split(", ", 1)[1],)) for label, _ in extra)
        return Glossary(self.concepts + tuple(extra), self.synonyms + synonyms)

    def vocabulary(self) -> list[str]:
        """Every label, name and variant: the words a student's line may mean to use."""
        return [
            text for pairs in (self.concepts, self.synonyms) for a, b in pairs for text in (a, *b)
        ]

    def labels(self, text: str) -> list[str]:
        """The concept labels ``text`` evokes, each once, in the glossary's order.

        A concept's pattern is tried only when the text, in lower case, holds the first word of
        one of its variants: any match holds it, and a line evokes few of the concepts, whose
        30 patterns, all tried, took 0.14 ms a line (0.06 ms so; every evaluation line, load
        7). In a text that is not all ASCII every pattern is tried: case-insensitive matching
        takes the Kelvin sign (U+212A) for "k" and the long s (U+017F) for "s", which lower
        case does not.
        """
        if not text.isascii():
            return [label for label, pattern in self._compiled if pattern.search(text)]
        lowered = text.lower()
        held = {w for w in self._all_first_words if w in lowered}
        return [
            label
            for (label, pattern), first in zip(self._compiled, self._first_words, strict=True)
            if (first is None or not first.isdisjoint(held)) and pattern.search(text)
        ]

    def expand(self, text: str) -> str:
        """``text`` followed by the labels of the concepts it mentions, in parentheses."""
        labels = self.labels(text)
        return f"{text} ({'; '.join(labels)})" if labels else text

    def canonical(self, text: str) -> str:
        """``text`` with each name variant replaced by the record's ("Nixon" -> "the President")."""

        def replace(match: re.Match[str]) -> str:
            group = match.lastgroup or "s0"  # every alternative is a named group s<i>
            canon = self.synonyms[int(group[1:])][0]
            if canon.startswith("the ") and match.start() > 0:
                before = match.string[max(0, match.start() - 4) : match.start()].lower()
                if before.endswith("the "):
                    return canon[4:]
            return canon

        return self._synonyms.sub(replace, text)
