"""Whether a line close to a corrected one says the same thing, or changes what matters.

An instructor's correction answers its line and the lines close to it (server/corrections.py).
The cosine of two whole lines does not see one word: "Will you limit ABM sites to two?" and
"... to one?" have a cosine of 0.94, "When will the President answer Brezhnev's letter?" and
"When will Brezhnev answer the President's letter?" 0.99, "We cannot accept ..." and "We can
accept ..." 0.85, and each needs another recorded reply. So, besides the cosine, the things that
change such a line are compared between the two, each in a canonical form, since students say
them otherwise: "Nixon" for "the President", "2" for "two", "unacceptable" for "cannot
accept", in lower case and shorthand ("r u"):

- **names**: a name one line says and the other replaces with another name (Kosygin /
  Gromyko, Cuba / Egypt). Names are the record's own (written with a capital inside its
  sentences: :func:`embeddings.shared_name.record_names`), the glossary's, and any word the
  line itself writes with a capital inside a sentence ("in Geneva"); found in lower case as
  students type them, each read as the record says it (the glossary's synonyms: "nixon" is
  "the President", "north vietnam" is "Hanoi"; a capital for its government, "Cairo" for the
  Egyptians; "Syrians" for Syria). A name one line adds is not a change ("Nixon wants to meet
  Brezhnev" says whom the President wants a summit with).
- **numbers**: as values ("2", "two" and "second" are 2; "1,000" is 1000); a number replaced
  by another is a change, one added is not.
- **negation**: the polarity of the line (not, n't, never, no, cannot, nothing, ...; "un-"
  before a word, as "unacceptable"): two negations cancel.
- **roles**: two names both lines say, said in the other order ("the President answer
  Brezhnev's letter" / "Brezhnev answer the President's letter").
- **direction**: a name both say, gone "to" in one and "from" in the other ("back to Moscow" /
  "back from Moscow").

What is left out, knowingly: a change of a common word (postpone / hold earlier, angry /
pleased, buy / pay for), which no list of this kind can weigh; the cosine threshold has to. And
a rewording that turns a negation into a word that means it ("keep it secret from the State
Department" / "don't tell the state dept") is taken for a change. On the judged dev pairs the
veto let 31 of 32 rewordings through and stopped 19 of 32 such changes (docs/quality.md, "How
far an instructor's correction reaches").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from embeddings.glossary import Glossary
from embeddings.shared_name import record_names
from embeddings.texting import standard

# A capital stands for its government in the channel's talk ("Moscow wants", "Cairo asked"):
# each read as the glossary's name of that government. General knowledge of the period.
CAPITALS: dict[str, str] = {
    "Moscow": "the Soviets",
    "Washington": "America",
    "Peking": "the Chinese",
    "Cairo": "the Egyptians",
    "Damascus": "Syria",
    "Amman": "Jordan",
    "Jerusalem": "the Israelis",
    "Tel Aviv": "the Israelis",
    "Bonn": "the Germans",
    "Havana": "Cuba",
    "New Delhi": "India",
    "Delhi": "India",
    "Islamabad": "Pakistan",
    "London": "the British",
    "Paris": "France",
    "Tokyo": "Japan",
}
# How "America" is said: the one country the glossary leaves unnamed ("us" is not read: in
# lower case it is the pronoun).
AMERICA = ("United States", "American", "Americans", "America")

_NUMBERS = {
    word: n
    for n, word in enumerate(
        (
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
            *("seventeen", "eighteen", "nineteen", "twenty"),
        )
    )
}
_TENS = ("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBERS.update({word: 10 * n for n, word in enumerate(_TENS, 3)})
_TENS_VALUES = frozenset(range(20, 100, 10))
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_ORDINALS = {
    word: n
    for n, word in enumerate(
        (
            *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"),
            *("ninth", "tenth", "eleventh", "twelfth"),
        ),
        1,
    )
}
_DIGITS = re.compile(r"(\d[\d,]*)(?:st|nd|rd|th)?")
_NEGATIONS = frozenset(
    ("not", "no", "never", "cannot", "nothing", "none", "nobody", "neither", "nor", "nowhere")
)
_UN = 5  # letters an "un-" word's rest needs to be read as a negated word: not "unless"
_TO = frozenset({"to", "into", "toward", "towards"})
_FROM = frozenset({"from"})
_WORD = re.compile(r"\d[\d,]*(?:st|nd|rd|th)?|[a-z]+(?:['’][a-z]+)?")
# A word written with a capital inside a sentence (as record_names reads the record).
_CAPITALISED = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-Z][a-z][\w'’-]*")
_CAPITAL = re.compile(r"(?i)\b(" + "|".join(CAPITALS) + r")\b")
# Never read as names: "the" of "the Soviets", "us" (in lower case, the pronoun).
_STOPWORDS = frozenset(STOPWORDS_EN)


@dataclass(frozen=True, slots=True)
class Gist:
    """What of a line a rewording keeps: its names (each as the record says it, in the order
    said), numbers, polarity, and the direction each name is gone in."""

    names: tuple[str, ...]
    words: frozenset[str]  # every word's stem, names as the record says them
    numbers: frozenset[int]
    negative: bool
    directions: tuple[tuple[str, str], ...]  # (name, "to" or "from")


class Lexicon:
    """The names a line may say and how each is read, made once from the record's turns."""

    def __init__(self, texts: Sequence[str], glossary: Glossary, known: Iterable[str] = ()) -> None:
        """``texts``: each recorded turn's words; ``glossary``: the index's (with its volume's
        terms), whose synonyms read a line's names as the record's; ``known``: English words
        besides the record's (the model's tokenizer's whole words), so that an "un-" word is
        read as negated when the rest is a word ("unacceptable"), however seldom the record
        says that word."""
        self.glossary = glossary
        # a one-word variant read as its synonym's name, in lower case ("ussr" as "soviet"):
        # the glossary's own reading matches a variant in capitals as written only
        self._keys: dict[str, str] = {}
        for canon, variants in (*glossary.synonyms, ("America", AMERICA)):
            key = self._stems(canon)[-1]
            for variant in variants:
                words = self._stems(variant)
                if len(words) == 1:
                    self._keys.setdefault(words[0], key)
        # the glossary's one-word names ("Kremlin", "SALT", "Cienfuegos"); its longer ones
        # hold common words ("New York Times", "White House") and are read as the synonyms'
        said = [text.removeprefix("the ") for text in glossary.vocabulary()]
        single = " ".join(v for v in said if v[:1].isupper() and len(v.split()) == 1)
        governments = " ".join(CAPITALS.values())
        found = {*record_names(texts), *self._stems(single), *self._stems(governments)}
        self.names = _names([*found, *self._keys])
        self.words = frozenset(
            {*known, *(w for text in texts for w in _WORD.findall(text.lower()))}
        )
        self._corrected: dict[str, Gist] = {}  # the corrected lines' gists, read once each

    def rewords(self, corrected: str, line: str) -> bool:
        """Whether ``line`` changes nothing of ``corrected`` that needs another recorded reply
        (:func:`change`). ``corrected``'s gist is kept: a class has few corrections, compared
        with every line its students say."""
        if corrected not in self._corrected:
            self._corrected[corrected] = self.gist(corrected)
        return change(self._corrected[corrected], self.gist(line)) is None

    def _stems(self, text: str) -> list[str]:
        """``text``'s words (no stopword dropped), stemmed as the record's names are."""
        return _stem(_WORD.findall(text.lower()))

    def _negates(self, word: str) -> bool:
        """Whether ``word`` negates what it is said of: "not", "won't", "unacceptable" (an
        "un-" word whose rest is a known word)."""
        return (
            word in _NEGATIONS
            or word.endswith(("n't", "n’t"))
            or (word.startswith("un") and len(word) - 2 >= _UN and word[2:] in self.words)
        )

    def gist(self, line: str) -> Gist:
        """What of ``line`` a rewording of it keeps (:class:`Gist`)."""
        read = self.glossary.canonical(standard(line))
        read = _CAPITAL.sub(lambda m: CAPITALS[m[1].title()], read)
        # a word the line itself writes with a capital inside a sentence is a name too
        # ("in Geneva"), though the record says it too seldom to know it
        own = _names(self._stems(" ".join(_CAPITALISED.findall(read))))
        words = _WORD.findall(read.lower())
        stems = _stem(words)
        names: list[str] = []
        directions: list[tuple[str, str]] = []
        negations = 0
        for n, (word, stem) in enumerate(zip(words, stems, strict=True)):
            negations += self._negates(word)
            if stem in self.names or stem in own:
                name = self._keys.get(stem, stem)
                names.append(name)
                # "to Moscow", "back from the Soviets"
                way = (
                    words[n - 2] if n >= 2 and words[n - 1] == "the" else words[n - 1] if n else ""
                )
                if way in _TO | _FROM:
                    directions.append((name, "to" if way in _TO else "from"))
        return Gist(
            names=tuple(names),
            words=frozenset(self._keys.get(s, s) for s in stems),
            numbers=frozenset(numbers(words)),
            negative=negations % 2 == 1,
            directions=tuple(directions),
        )


def _names(stems: Iterable[str]) -> frozenset[str]:
    """Those of ``stems`` that may be names: words of two letters or more ("SS-9" has no
    name in "9"), no stopword ("us" in lower case is the pronoun, "the" of "the Soviets")."""
    return frozenset(s for s in stems if len(s) > 1 and s.isalpha() and s not in _STOPWORDS)


def _stem(words: list[str]) -> list[str]:
    """``words`` stemmed as BM25 and :func:`record_names` stem them; a stemmer per call, as in
    :meth:`embeddings.lexical.Lexical.tokens`: one is not safe to share between the threads
    the server answers students in (0.01 ms to make)."""
    stems: list[str] = Stemmer.Stemmer("english").stemWords(words)
    return stems


def numbers(words: Sequence[str]) -> list[int]:
    """The values of the numbers in ``words`` (lower case): digits ("1,500", "2nd"), words
    ("ten million", "twenty two") and ordinals ("fifth")."""
    out: list[int] = []
    value: int | None = None  # the number being read, words may still add to it
    for word in [*words, ""]:
        if value is not None and word in _SCALES:
            value *= _SCALES[word]
            continue
        if value is not None and value in _TENS_VALUES and _NUMBERS.get(word, 10) < 10:
            value += _NUMBERS[word]
            continue
        if value is not None:
            out.append(value)
            value = None
        digits = _DIGITS.fullmatch(word)
        if digits:
            value = int(digits[1].replace(",", ""))
        elif word in _NUMBERS:
            value = _NUMBERS[word]
        elif word in _ORDINALS:
            out.append(_ORDINALS[word])
    return out


def _same_name(a: str, b: str) -> bool:
    """Whether two name stems name one thing: the same, or one the other's adjective
    ("syria" and "syrian", "egypt" and "egyptian")."""
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 4 and long.startswith(short))


def _said(name: str, words: Iterable[str]) -> bool:
    """Whether ``name`` is among ``words`` (stems), as itself or its adjective."""
    return any(_same_name(name, w) for w in words)


def change(a: Gist, b: Gist) -> str | None:
    """What differs between two lines that changes the recorded reply they need ("name",
    "number", "negation", "roles", "direction"), or None: one may be a rewording of the other.
    """
    # a name replaced: each line says one the other does not say at all
    if any(not _said(x, b.words) for x in a.names) and any(not _said(y, a.words) for y in b.names):
        return "name"
    if a.numbers - b.numbers and b.numbers - a.numbers:
        return "number"
    if a.negative != b.negative:
        return "negation"
    shared = [x for x in dict.fromkeys(a.names) if _said(x, b.names)]
    # each name where the other line says it itself, else its adjective: "Syria Nixon
    # syrians" put "syrians" at "Syria"'s place, and read as its own line with roles swapped
    where = [
        b.names.index(x)
        if x in b.names
        else next(i for i, y in enumerate(b.names) if _same_name(x, y))
        for x in shared
    ]
    if where != sorted(where):
        return "roles"
    # a name gone "to" in one line and only "from" in the other ("to Nixon from Nixon" is
    # itself, not a line that turned round)
    for name, _ in a.directions:
        ours = {w for n, w in a.directions if _same_name(name, n)}
        theirs = {w for n, w in b.directions if _same_name(name, n)}
        if theirs and ours.isdisjoint(theirs):
            return "direction"
    return None
