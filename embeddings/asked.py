"""A statement is not answered by the reply to a recorded question for information.

"i just came back from peking, i want to brief you before the press does" was shown, as a
match, Dobrynin's "Tomorrow morning." to Kissinger's "I will be in China. When will they leave
here?"; "give gromyko my best" his reasons why Gromyko should not come over, the answer to
"… why should Gromyko not come over here?"; playing Dobrynin, "the grain purchase, we need
credits" Kissinger's answer to "What kind of purchases?". Each recorded line ends by asking
what, when or why, and the reply gives that: a time, a reason, a kind. The student asked
nothing, so what the reply supplies answers a question nobody put to it. A teacher would say
the answer belongs to another question.

So a candidate is set aside (its fit probability 0) when the line asks nothing (no question
mark, and no sentence or clause of it opens as a question does: "what", "can you", "is
it"...) and the recorded line's last sentence is a question for information: a question of
two words or more whose last clause opens with what, which, when, where, who, whom, whose,
why or how. A yes-or-no question is left alone: "Can we stay in touch with each other before
we take any drastic moves?" is a proposal a statement makes too ("no unilateral moves on
cyprus, we talk before anyone acts" fits it), and a tag ("OK?") asks nothing. Nor does a
greeting: "Anatoliy, how are you?" asks after nothing Dobrynin's reply could supply, and it
answers "hi anatoly how r u", which asks nothing by these words (whether a greeting answers a
line is :mod:`embeddings.greeting`'s to say).

Measured on the dev sets (docs/quality.md, "A statement answered from a recorded question"):
three lines nonsense shown as a match are refused, no fitting answer lost (one line's fitting
turn, fourth among its matches before, is no longer offered: under the suggestion floor).
"""

from __future__ import annotations

import re

from embeddings.evidence import QUESTION_START
from embeddings.greeting import only_greets

# The words a question for information (a wh-question) opens with.
WH = r"(?:what|which|when|where|who|whom|whose|why|how)\b"
_WH = re.compile(r"^\W*" + WH, re.IGNORECASE)
_CLAUSES = re.compile(r"[.!;:,—–-]+")  # a line's sentences and clauses, as students type them
LAST_CLAUSE = re.compile(r"[—–,;:]\s*")  # "I appreciate all of this—how long will you be gone?"
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
TRAILING = ' "”’)'  # closing marks after a sentence's own mark
_ELLIPSES = ("…", ". . .")
LEAST_WORDS = 2  # a one-word question ("OK?", "Yes?") is a tag, not a question


def sentences(text: str) -> list[str]:
    """A recorded line's sentences, cut after each full stop, question or exclamation mark."""
    return _SENTENCE_END.split(text)


def asks(line: str) -> bool:
    """Whether ``line`` asks anything: a question mark, or a sentence or clause that opens as
    a question does ("so, can you…", "thx for all this. how long r u gonna be away")."""
    if "?" in line:
        return True
    return any(QUESTION_START.match(part.strip()) for part in _CLAUSES.split(line) if part.strip())


def asks_for_information(text: str) -> bool:
    """Whether a recorded line ends by asking what, which, when, where, who, whose, why or
    how: its last sentence a question of ``LEAST_WORDS`` or more whose last clause opens so,
    and not a greeting ("How are you?", "Oh, hello, Henry. How are you?")."""
    text = text.strip().rstrip(TRAILING)
    while text.endswith(_ELLIPSES):
        text = text.rstrip("…. ").rstrip(TRAILING)
    last = sentences(text)[-1]
    if not last.endswith("?") or len(last.split()) < LEAST_WORDS or only_greets(last):
        return False
    return bool(_WH.match(LAST_CLAUSE.split(last)[-1]))
