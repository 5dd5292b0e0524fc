"""Lines not typed in English: the record is in English, and so is every word the search reads.

A line in Russian, German or French ("Wann treffen wir uns in Berlin, Anatol?") is words the
model and BM25 cannot match to any recorded turn; it was refused as "weak" ("Nothing in the
record comes near this line") or "chatter" ("That does not sound like a line for Dobrynin"),
which told the student nothing of why. Such a line is refused for its language, before its
candidates are weighed, and the page asks for the line in English. Decided on the line as
typed, before the shorthand and spelling passes read it, and without the encoder: a few set
lookups a word.

A line is not English when

- most of its letters are of another script than the Latin (Cyrillic, Greek, Arabic, Hebrew,
  CJK...), whatever its length: the search reads none of them ("Да." as much as a paragraph);
- or, in the Latin script, it has at least ``MIN_WORDS`` words of three letters or more, at
  least ``SHARE`` of them are not English, and at least one of those is a word of another
  language: of pyspellchecker's German, French, Spanish, Italian, Portuguese or Dutch lists,
  Russian as students spell it in Latin letters (:data:`ROMANISED_RUSSIAN`), or a word with
  letters English does not write ("días", "Moscú"). Keyboard mash and made-up words alone
  ("asdf qwer zxcv") are left to the search, which refuses them as before.

English, for this, is what the search reads as English: a word of the record or the glossary
(names: Brezhnev, Gromyko, Anatol), texting shorthand (:mod:`embeddings.texting`), the words
of the chatter examples (classroom English no list holds: "lol", "bot"), a word of
pyspellchecker's English list, or a slip one edit from a word of the record
(:mod:`embeddings.spelling` corrects it) or of the English list. The English list was read
from film subtitles and holds the commonest words of the other languages too ("que", "nous",
"les", "die"): such a word counts as English only where it is no more than ``DOMINANCE``
times as frequent in another language's list as in the English one ("die" is English; "nous"
is not). A word of another language that is also one edit from a record word ("wann",
"want") is that language's: a student's slip is one word of an English line and does not
tip it.

Short lines in the Latin script ("Da.", "Nyet, Henry", "Spasibo, Anatol!") have fewer than
``MIN_WORDS`` such words and are left to the search: a Russian word dropped into the role-play
is colour, not a line in Russian, and the search answers or refuses it as any other line.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources

from embeddings.spelling import Speller
from embeddings.texting import SHORTHAND

# A line in the Latin script is judged on its words of at least this many letters...
MIN_LETTERS = 3
# ... when it has at least this many of them: fewer is a greeting or a word of colour.
MIN_WORDS = 3
# The share of those words that are not English for the line to be refused.
SHARE = 0.6
# A word of pyspellchecker's English list is another language's when that language's list
# holds it this many times as often (per word of each list): "nous" (8,400x), "que" (7,500x)
# and "les" (5,400x) are not English; "pour" (630x), "era" (490x), "per" (350x), "die" (116x)
# and "son" (11x) are.
DOMINANCE = 1000.0
# No word of three letters or more that is this common in the English list (per million words)
# is outweighed so ("que", 7.2, is the commonest that is): such a word is English without
# reading the other languages' lists (tests/embeddings/test_language.py checks it).
COMMON_ENGLISH = 10.0
# A word of another language's list counts only at this frequency in it (per million words):
# the subtitle lists hold English songs' words and typing slips at a few per million.
MIN_FOREIGN = 5.0
# pyspellchecker's lists in the Latin script besides English (Basque and Latvian, rarely typed
# in a classroom, are left out: each list read costs time).
LANGUAGES = ("de", "fr", "es", "it", "pt", "nl")
# Russian as students write it in Latin letters (no list holds it): its commonest words in
# the usual spellings, none a word of the English list or of the other languages' lists.
ROMANISED_RUSSIAN = frozenset(
    """kogda gde pochemu pochemy zachem skolko kakoi kakoy kakaya kakie chto shto chem
    kotoryi kotoryy eto etot eti zdes seichas seychas sejchas segodnya zavtra vchera
    ochen tozhe takzhe tolko uzhe esche eshche eshchyo vsegda nikogda mozhet mozhno
    nelzya nado nuzhno khorosho horosho ploho spasibo pozhaluysta pozhaluista
    zdravstvuyte zdravstvuite dosvidaniya svidaniya poka nyet konechno ponimayu
    ponimaete znayu znaete dumayu dumaete khochu hochu khotim hotim khotite hotite mogu
    mozhem mozhete budet budem budete byl byla bylo byli vam nami vami menya tebya sebya
    ona oni moy moya nasha vash vasha svoi svoy ili esli potomu poetomu kotorye
    vstretimsya vstretimsia vstrecha vstreche vstrechu vstretitsya vstretitsia pogovorim
    pogovorit skazhite skazhi tovarishch tovarisch tovarishchi gospodina posol posla
    prezident prezidenta pravitelstvo pravitelstva sovetskii sovetskiy sovetskogo soyuza
    amerika ameriki moskve moskvu vashington vashingtone dogovor dogovora peregovory
    peregovorov voina voyna oruzhie vooruzheniy vooruzhenii kak delo""".split()  # noqa: SIM905
)
# A word as typed: letters, with apostrophes inside ("couldn't", "Brezhnev's", "l'Ambassadeur").
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_APOSTROPHE = re.compile(r"['’]")


@functools.cache
def _other_languages() -> dict[str, float]:
    """Each word of the other languages' lists at ``MIN_FOREIGN`` per million or more, with its
    highest frequency (per million) in any of them. Read once a process, when a line first
    needs it (~1 s: most lines are English by their record's and common words alone, and the
    lists are not read for them)."""
    frequency: dict[str, float] = {}
    for language in LANGUAGES:
        counts = _counts(language)
        per_million = 1e6 / sum(counts.values())
        for word, count in counts.items():
            rate = count * per_million
            if rate >= MIN_FOREIGN and rate > frequency.get(word, 0.0):
                frequency[word] = rate
    return frequency


def _counts(language: str) -> dict[str, int]:
    """pyspellchecker's word counts for ``language``, as the package ships them."""
    data = resources.files("spellchecker").joinpath("resources", f"{language}.json.gz")
    counts: dict[str, int] = json.loads(gzip.decompress(data.read_bytes()))
    return counts


def _latin(letter: str) -> bool:
    """Whether ``letter`` is of the Latin script ("é" and "ß" are; "д" and "α" are not)."""
    return unicodedata.name(letter, "").startswith("LATIN")


class Language:
    """Tells a line typed in another language from an English one (module docstring)."""

    def __init__(self, speller: Speller, classroom: Iterable[str] = ()) -> None:
        """``speller``: the spelling pass's words (the record's and the glossary's, the English
        list's, and the slips it corrects); ``classroom``: lines of English as students type it,
        whose words no list holds ("lol", "bot", "sus": the chatter examples)."""
        self._speller = speller
        self._classroom = frozenset(
            part
            for line in classroom
            for w in _WORD.findall(line.lower())
            for part in _APOSTROPHE.split(w)
        )

    def foreign(self, line: str) -> bool:
        """Whether ``line``, as the student typed it, is in another language than English."""
        letters = [c for c in line if c.isalpha()]
        if not letters:
            return False
        if sum(not _latin(c) for c in letters) * 2 > len(letters):
            return True
        words = self._words(line)
        if len(words) < MIN_WORDS:
            return False
        known = [w for w in words if self._surely_english(w)]
        if len(words) - len(known) < SHARE * len(words):
            return False  # most lines: English by their record and common words alone
        kinds = [self._kind(w) for w in words]
        others = sum(kind != "english" for kind in kinds)
        return others >= SHARE * len(words) and "foreign" in kinds

    def _words(self, line: str) -> list[str]:
        """The line's words of ``MIN_LETTERS`` letters or more, in lower case. A word with an
        apostrophe is one word when English knows it so ("couldn't", "Brezhnev's"), else its
        parts are ("c'est": "est")."""
        out: list[str] = []
        for typed in _WORD.findall(line):
            word = typed.lower().replace("’", "'")
            if "'" in word and self._surely_english(word.removesuffix("'s")):
                parts = [word.removesuffix("'s")]
            else:
                parts = _APOSTROPHE.split(word)
            out.extend(p for p in parts if len(p) >= MIN_LETTERS)
        return out

    def _surely_english(self, word: str) -> bool:
        """English whatever the other languages' lists say: the record's, the glossary's or
        shorthand, or an English word too frequent for any other list to outweigh it."""
        return (
            self._speller.in_record(word)
            or word in SHORTHAND
            or word in self._classroom
            or self._speller.english(word) >= COMMON_ENGLISH
        )

    def _kind(self, word: str) -> str:
        """What ``word`` is: "english", "foreign" (a word of another language) or "unknown"."""
        if self._surely_english(word):
            return "english"
        english, other = self._speller.english(word), _other_languages().get(word, 0.0)
        if english and english * DOMINANCE >= other:
            return "english"
        if other or word in ROMANISED_RUSSIAN:
            return "foreign"
        if not word.isascii():  # "días", "cómo": letters English does not write
            return "foreign"
        if self._speller.slip(word) or self._speller.near_english(word):
            return "english"
        return "unknown"
