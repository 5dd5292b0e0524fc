"""Texting shorthand read as the words it stands for: "can u tell moscow were ready" is a line.

Students type fast and in lower case: "u", "ur", "pls", "gonna", "dont", "im". The record never
writes them, so to the search they are unknown words, the line looks like classroom chatter,
and a line the record answers is refused (texting-style copies of the loose dev lines were
refused twice as often; README, "Retrieval quality"). Before a line is matched, each shorthand
word becomes its standard spelling. Only the search reads the result: what the student sees
and what is stored is the line as typed.

Shorthand that is also an English word ("ill", "id", "wed", "hed") is read as a contraction only
before a word that makes the reading certain ("ill call you" is "I'll call you"; "Brezhnev is
ill" stays ill); "were", "well" and "its" are always left as typed.
"""

from __future__ import annotations

import re

# Shorthand -> standard words: general English texting, not taken from any evaluation line.
SHORTHAND: dict[str, str] = {
    "u": "you",
    "ya": "you",
    "ur": "your",
    "urs": "yours",
    "urself": "yourself",
    "urselves": "yourselves",
    "n": "and",
    "youre": "you're",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thanx": "thanks",
    "ty": "thank you",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "hafta": "have to",
    "lemme": "let me",
    "gimme": "give me",
    "kinda": "kind of",
    "sorta": "sort of",
    "dunno": "don't know",
    "idk": "I don't know",
    "imo": "in my opinion",
    "btw": "by the way",
    "asap": "as soon as possible",
    "rn": "right now",
    "tbh": "to be honest",
    "nvm": "never mind",
    "ppl": "people",
    "govt": "government",
    "gov": "government",
    "prez": "president",
    "msg": "message",
    "abt": "about",
    "bout": "about",
    "thru": "through",
    "shud": "should",
    "shld": "should",
    "cud": "could",
    "wud": "would",
    "oclock": "o'clock",
    "convo": "conversation",
    "tho": "though",
    "b4": "before",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tomoro": "tomorrow",
    "2morrow": "tomorrow",
    "2day": "today",
    "2nite": "tonight",
    "tonite": "tonight",
    "nite": "night",
    "hr": "hour",
    "hrs": "hours",
    "mins": "minutes",
    "wk": "week",
    "wks": "weeks",
    "im": "I'm",
    "ive": "I've",
    "dont": "don't",
    "cant": "can't",
    "wont": "won't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "shouldnt": "shouldn't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "hasnt": "hasn't",
    "havent": "haven't",
    "hadnt": "hadn't",
    "aint": "isn't",
    "thats": "that's",
    "whats": "what's",
    "whos": "who's",
    "wheres": "where's",
    "theres": "there's",
    "heres": "here's",
    "hows": "how's",
    "theyre": "they're",
    "youve": "you've",
    "theyve": "they've",
    "weve": "we've",
    "youll": "you'll",
    "theyll": "they'll",
    "itll": "it'll",
    "youd": "you'd",
    "theyd": "they'd",
    "hes": "he's",
    "lets": "let's",
}
# Words that are English too, read as a contraction only before one of these words.
_CERTAIN = (
    "be|have|call|talk|tell|send|see|get|let|check|try|ask|give|do|make|take|come|go|"
    "speak|pass|need|like|love|prefer|rather|want|say|accept|consider|think|never|not|just|"
    "also|probably|definitely|always|really|only|still"
)
_AMBIGUOUS: dict[str, str] = {"ill": "I'll", "id": "I'd", "wed": "we'd", "hed": "he'd"}
# Digits as words: "2" is "to" before a verb or whom it goes to ("ready 2 talk", "talk 2 the
# president"), "4" is "for" before whom or what it is for ("4 u"); "2 sites" and "4 divisions"
# stay numbers.
_VERBS = (
    "know|meet|discuss|agree|sign|move|stop|start|help|keep|wait|hear|leave|visit|announce|"
    "finish|work|understand|answer|reply|negotiate|settle|show"
)
_WHOM = "you|u|me|us|them|him|her|it|the|a|an|my|your|ur|our|his|their|this|that|moscow|washington"
_DIGITS = (
    ("2", "to", f"{_CERTAIN}|{_VERBS}|{_WHOM}"),
    ("4", "for", f"{_WHOM}|now|sure|real|what|how"),
)

# A whole word: not part of a longer one, a contraction, an address or a web name ("state.gov").
_START, _END = r"(?<![\w'’./@-])", r"(?![\w'’/@-]|\.\w)"
_WORD = re.compile(
    _START + "(" + "|".join(sorted(SHORTHAND, key=len, reverse=True)) + ")" + _END, re.IGNORECASE
)
_CONTRACTION = re.compile(
    _START + "(" + "|".join(_AMBIGUOUS) + r")(?=\s+(?:" + _CERTAIN + r")\b)", re.IGNORECASE
)
_NUMBERS = tuple(
    (re.compile(_START + digit + r"(?=\s+(?:" + after + r")\b)", re.IGNORECASE), word)
    for digit, word, after in _DIGITS
)


def _same_case(typed: str, standard: str) -> str:
    """``standard`` capitalised as ``typed`` was ("U" at a sentence's start: "You")."""
    return standard[0].upper() + standard[1:] if typed[0].isupper() else standard


def standard(line: str) -> str:
    """``line`` with each texting shorthand word in its standard spelling."""
    line = _CONTRACTION.sub(lambda m: _same_case(m[1], _AMBIGUOUS[m[1].lower()]), line)
    for number, word in _NUMBERS:
        line = number.sub(word, line)
    return _WORD.sub(lambda m: _same_case(m[1], SHORTHAND[m[1].lower()]), line)
