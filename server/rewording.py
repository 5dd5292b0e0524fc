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
  Egyptians; "Syrians" for Syria; "the United States", "the US" and "usa" for America; "West
  Germany", "the frg" and "Bonn" for the western Germans, "east germany" and "the GDR" for the
  eastern: :data:`GERMANIES`). A name one line adds is not a change ("Nixon wants to meet
  Brezhnev" says whom the President wants a summit with).
- **numbers**: as values ("2", "two" and "second" are 2; "1,000" is 1000); a number replaced
  by another is a change, one added is not.
- **negation**: the polarity of the line (not, n't, never, no, cannot, nothing, ...; "un-"
  before a word, as "unacceptable"): two negations cancel.
- **roles**: two names both lines say, said in the other order ("the President answer
  Brezhnev's letter" / "Brezhnev answer the President's letter").
- **direction**: a name both say, gone "to" in one and "from" in the other ("back to Moscow" /
  "back from Moscow"), a place one line writes with a capital found in the other's lower case
  ("going to Haiphong" / "coming from haiphong").
- **opposites**: a common word one line says where the other says its opposite (buy / sell,
  accept / reject, before / after, north / south, open / end, improve / sever:
  :data:`OPPOSITES`; a phrasal verb read as the word it means, "turn ... down" as "reject",
  "break off" as "sever": :data:`PHRASAL`), counted as a "not" would be, so that "we reject
  it" and "we cannot accept it" agree.

Numbers read a year said short as the year ("67", "'73" and "the sixties" are 1967, 1973 and
1960s: the record's century). Roles are read as swapped only when the sentence kept its frame
and the names traded places in it (a word beside one name in one line stands on the same side
of the other name in the other: "the President answer Brezhnev's letter" / "Brezhnev answer
the President's letter"), not when a rewording turned the sentence round ("give Brezhnev the
President's letter" / "pass nixons letter to brezhnev"). A passive is read in the active's
order: in "israel was attacked by egypt" (a form of "be" or "get", a participle, then "by" and
a name) Egypt and Israel trade places, so it says what "Egypt attacked Israel" says.

What is left out, knowingly: a change of a common word the tables do not hold (why / when it
leaves, buy / pay for), which the cosine threshold has to weigh; a passive said otherwise than
"be" + participle + "by" ("was not attacked by", "suffered an attack from"), and any sentence
whose subject and object only a parse would find. A place only one line writes with a capital
is no name of the other's, so "to Haiphong" / "to vinh" is a name added, not replaced. And a
rewording that turns a negation into a word that means it ("keep it secret from the State
Department" / "don't tell the state dept") is taken for a change. Figures on the judged pairs:
docs/quality.md, "How far an instructor's correction reaches".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import Stemmer
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_EN_PLUS

from embeddings.glossary import Glossary
from embeddings.shared_name import record_names
from embeddings.texting import standard
from server.rewording_terms import (
    AMERICA,
    CAPITALS,
    GERMANIES,
    OPPOSITES,
    PARTICIPLES,
    PARTICLE_GAP,
    PHRASAL,
)
from server.spoken_numbers import numbers, unsaid

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
_GERMANY = {said.lower(): canon for canon, names in GERMANIES.items() for said in names}
_GERMANY_SAID = re.compile(r"(?i)\b(" + "|".join(_GERMANY) + r")\b")
# "the United States", "U.S." and "usa" in any case; "US" only in capitals
_AMERICA = re.compile(r"(?i:\b(?:united states|u\.s\.(?:a\.)?|usa)(?!\w))|\bUS\b")
# "is", "was", "got": a passive's verb before its participle ("got" is no stopword)
_BE = frozenset(("is", "are", "was", "were", "be", "been", "being", "get", "gets", "got"))
# Never read as names: "the" of "the Soviets", "us" (in lower case, the pronoun).
_STOPWORDS = frozenset(STOPWORDS_EN)
# Words that say nothing of a sentence's frame ("did", "the", "we"), as embeddings/suggestions.py
# reads them; "to" and "from" do (who gives to whom).
_FUNCTION = frozenset(STOPWORDS_EN_PLUS) - _TO - _FROM


@dataclass(frozen=True, slots=True)
class Gist:
    """What of a line a rewording keeps: its names (each as the record says it, in the order
    said, a passive's two names in the active's order) and the words beside each, words as
    stems (a phrasal verb also as its word), numbers, polarity, and the direction each word
    is gone in ("to Haiphong"; :func:`change` reads a name's, of either line)."""

    names: tuple[str, ...]
    beside: tuple[tuple[str, str], ...]  # each name's nearest word before and after, "" if none
    words: frozenset[str]  # every word's stem, names as the record says them
    numbers: frozenset[int]
    negative: bool
    directions: tuple[tuple[str, str], ...]  # (word, "to" or "from")


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
        read = _GERMANY_SAID.sub(lambda m: _GERMANY[m[1].lower()], standard(line))
        read = self.glossary.canonical(read)
        read = _CAPITAL.sub(lambda m: CAPITALS[m[1].title()], read)
        read = _AMERICA.sub("America", read)
        # a word the line itself writes with a capital inside a sentence is a name too
        # ("in Geneva"), though the record says it too seldom to know it
        own = _names(self._stems(" ".join(_CAPITALISED.findall(read))))
        words = _WORD.findall(read.lower())
        stems = _stem(words)
        # each word as a name's neighbour, a function word as none
        frame = [
            "" if word in _FUNCTION else self._keys.get(stem, stem)
            for word, stem in zip(words, stems, strict=True)
        ]
        at: list[int] = []  # where each name is said
        beside: list[tuple[str, str]] = []
        directions: list[tuple[str, str]] = []
        negations = 0
        for n, (word, stem) in enumerate(zip(words, stems, strict=True)):
            negations += self._negates(word)
            # "to Moscow", "back from the Soviets"; any word, for a place only one line
            # writes with a capital ("going to Haiphong" / "coming from haiphong")
            way = words[n - 2] if n >= 2 and words[n - 1] == "the" else words[n - 1] if n else ""
            if frame[n] and way in _TO | _FROM:
                directions.append((frame[n], "to" if way in _TO else "from"))
            if stem in self.names or stem in own:
                at.append(n)
                before = next((w for w in reversed(frame[:n]) if w), "")
                beside.append((before, next((w for w in frame[n + 1 :] if w), "")))
        names = [self._keys.get(stems[n], stems[n]) for n in _active(words, at)]
        return Gist(
            names=tuple(names),
            beside=tuple(beside),
            words=frozenset({*(self._keys.get(s, s) for s in stems), *_phrasal(stems)}),
            numbers=frozenset(numbers(words)),
            negative=negations % 2 == 1,
            directions=tuple(directions),
        )


def _phrasal(stems: Sequence[str]) -> list[str]:
    """The stems of the words :data:`PHRASAL` reads ``stems``' phrasal verbs as: a particle
    and, up to PARTICLE_GAP words before it, its verb ("turn the draft down": "reject")."""
    return [
        _PHRASAL[(verb, particle)]
        for n, particle in enumerate(stems)
        if particle in _PARTICLES
        for verb in stems[max(0, n - PARTICLE_GAP - 1) : n]
        if (verb, particle) in _PHRASAL
    ]


def _active(words: Sequence[str], at: list[int]) -> list[int]:
    """``at`` (where names are said among ``words``) in the order of the active sentence: in a
    passive ("Israel was attacked by Syria", "Brezhnev was invited to Washington by the
    President") the name after "by" and the nearest one before the verb trade places, so that
    its names stand where the active says them ("Syria attacked Israel") and the frame beside
    each (the participle) is where the active verb would be."""
    out = list(at)
    for n, word in enumerate(words[:-1]):
        if word not in _BE or not _participle(words[n + 1]):
            continue
        agents = [
            k + 2 if words[k + 1 : k + 2] == ["the"] else k + 1
            for k in range(n + 2, len(words))
            if words[k] == "by"
        ]
        before = [i for i, m in enumerate(out) if m < n]
        if agents and agents[0] in out and before:
            agent, patient = out.index(agents[0]), before[-1]
            out[agent], out[patient] = out[patient], out[agent]
    return out


def _participle(word: str) -> bool:
    """Whether ``word`` may be a passive's participle: "attacked", "given", "hit"."""
    return word.endswith(("ed", "en")) or word in PARTICIPLES


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


# PHRASAL as stems: (verb, particle) to the stem of the word it is read as
_PHRASAL = {tuple(_stem(verb.split())): _stem([word])[0] for verb, word in PHRASAL.items()}
_PARTICLES = frozenset(particle for _, particle in _PHRASAL)
# OPPOSITES as stems: each pair's two sides
_SIDES = tuple(
    (frozenset(_stem(one.split())), frozenset(_stem(other.split())))
    for one, other in OPPOSITES.items()
)


def _side(words: frozenset[str], sides: tuple[frozenset[str], frozenset[str]]) -> int:
    """Which side of an opposite pair ``words`` say: 1 the first, -1 the second, 0 neither or
    both ("buy or sell")."""
    return (not words.isdisjoint(sides[0])) - (not words.isdisjoint(sides[1]))


def _turned(a: Gist, b: Gist) -> bool:
    """Whether the two lines say opposite sides of pairs an odd number of times: each such word
    turns the line round as a "not" does."""
    turns = 0
    for sides in _SIDES:
        ours, theirs = _side(a.words, sides), _side(b.words, sides)
        turns += ours * theirs < 0
    return turns % 2 == 1


def _framed(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether a word stands on the same side of two names (one of each line): the frame kept
    around a name that took another's place."""
    return any(ours and ours == theirs for ours, theirs in zip(a, b, strict=True))


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
    "number", "negation", "opposite", "roles", "direction"), or None: one may be a rewording
    of the other.
    """
    # a name replaced: each line says one the other does not say at all
    if any(not _said(x, b.words) for x in a.names) and any(not _said(y, a.words) for y in b.names):
        return "name"
    if unsaid(a.numbers, b.numbers) and unsaid(b.numbers, a.numbers):
        return "number"
    # a word's opposite turns a line round as a "not" does: "we reject it" / "we cannot accept it"
    turned = _turned(a, b)
    if (a.negative != b.negative) != turned:
        return "opposite" if turned else "negation"
    shared = [x for x in dict.fromkeys(a.names) if _said(x, b.names)]
    # each name where the other line says it itself, else its adjective: "Syria Nixon
    # syrians" put "syrians" at "Syria"'s place, and read as its own line with roles swapped
    where = [
        b.names.index(x)
        if x in b.names
        else next(i for i, y in enumerate(b.names) if _same_name(x, y))
        for x in shared
    ]
    # two names in the other order, traded in the same frame: a word beside one name in one
    # line beside the other name in the other ("the President answer" / "Brezhnev answer")
    for (x, m), (y, n) in itertools.combinations(zip(shared, where, strict=True), 2):
        if m > n and (
            _framed(a.beside[a.names.index(x)], b.beside[n])
            or _framed(a.beside[a.names.index(y)], b.beside[m])
        ):
            return "roles"
    # a name gone "to" in one line and only "from" in the other ("to Nixon from Nixon" is
    # itself, not a line that turned round), a name of either line ("Haiphong" / "haiphong")
    for name, _ in a.directions:
        if not _said(name, (*a.names, *b.names)):
            continue
        ours = {w for n, w in a.directions if _same_name(name, n)}
        theirs = {w for n, w in b.directions if _same_name(name, n)}
        if theirs and ours.isdisjoint(theirs):
            return "direction"
    return None
