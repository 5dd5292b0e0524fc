"""A question for a time or a number is answered only by a reply that names one.

Playing Dobrynin, "henry, when can we meet for lunch" was shown, as a match (fit probability
0.88), Kissinger's "We are all set as far as we are concerned." after Dobrynin's "When we meet
at 12 o'clock, I will have word from my government on that one …"; "we want the european
security conference next year, when will you agree" was shown "Something like that." (0.96),
"That's right." and "That would be my expectation." (`ambiguous`). The line and the turn
share the words of an arrangement (meeting, the conference, a date), and the tier model reads
them as near; but the student asked when, and the reply gives no time. A teacher would say the
question went unanswered.

So a candidate is not shown as the answer (its fit probability 0 for the answer) when the line
asks when, what time, what day or date, how long, how soon or how many (the last question it
asks, in its last clause or, failing a question word there, its first: "henry, when can we
meet for lunch"; "when" only as a question, before will, can, do, are...: "when u say contacts
on the middle east do u mean …" asks yes or no) and the recorded reply (its first turn) names
no time or number and does not say it does not know: no digit, number word, day, month,
season, span ("weeks", "hours"), "soon", "later", "now", "next", nor "know", "sure", "idea",
"specifics" ("I don't know—no specifics." answers "when are you back from moscow?"). "How
much" is left out: "how much is your oil going to cost us" is answered by "It is so
political—you press us too hard." So are where and who: "where do we go from here" is answered
by "Where do you want to go? …". After a refusal the turn may still be offered to pick, as its
fit has it: its recorded line may be what the student meant ("When we meet at 12 o'clock, …"),
and a line offered is never said to answer.

Measured on the dev sets (docs/quality.md, "A question for a time or a number").
"""

from __future__ import annotations

import re

from embeddings.asked import LAST_CLAUSE, LEAST_WORDS, TRAILING, WH, sentences
from embeddings.greeting import greets

# What may come before a student's question: an interjection, the listener's name.
_LEAD = r"^\W*(?:(?:so|ok|okay|well|now|and|but|anatol\w*|henry|mr\.? ambassador)\W+)*"
_AUXILIARY = r"(?:will|would|can|could|do|does|did|are|is|was|were|shall|should|'s|'re)\b"
_WHEN = (
    r"(?:when\s*" + _AUXILIARY + r"|what\s+(?:time|day|date)\b|which\s+day\b"
    r"|how\s+(?:long|soon|many)\b)"
)
_ASKS_WHEN = re.compile(_LEAD + _WHEN, re.IGNORECASE)
_ASKS = re.compile(_LEAD + WH, re.IGNORECASE)
_FIRST_CLAUSE = re.compile(r"[.!?;:,—–]")
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|hundred|thousand|million|couple|few|several|dozen|half|once|twice"
)
_TIME_WORDS = (
    "today|tonight|tomorrow|yesterday|morning|afternoon|evening|night|noon|midnight|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|"
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "spring|summer|fall|autumn|winter|minutes?|hours?|days?|weeks?|months?|years?|"
    "o'?clock|soon|later|now|immediately|early|late|next"
)
_NOT_KNOWN = "know|sure|idea|specifics"  # "I don't know—no specifics.", "I am not sure."
_NAMES = re.compile(rf"\d|\b(?:{_NUMBER_WORDS}|{_TIME_WORDS}|{_NOT_KNOWN})\b", re.IGNORECASE)


def asks_when(line: str) -> bool:
    """Whether a student's line asks for a time or a number: the last question it asks (or,
    with no question mark, its last sentence) opens with when (as a question), what time,
    what day or date, which day, how long, how soon or how many in its last clause ("we want
    the conference next year, when will you agree") or, when that clause opens with no
    question word, in its first ("henry, when can we meet for lunch"); not a greeting."""
    text = line.replace("’", "'")
    if greets(text):
        return False
    said = [s for s in sentences(text) if s.strip()]
    asked = [s for s in said if s.rstrip(TRAILING).endswith("?") and len(s.split()) >= LEAST_WORDS]
    last = asked[-1] if asked else (said[-1] if said else text)
    clause = LAST_CLAUSE.split(last)[-1]
    if _ASKS.match(clause):
        return bool(_ASKS_WHEN.match(clause))
    return bool(_ASKS_WHEN.match(_FIRST_CLAUSE.split(last, maxsplit=1)[0]))


def names_a_time(reply: str) -> bool:
    """Whether a recorded reply names a time or a number ("Tomorrow night.", "About 6 ships.",
    "I hope by four weeks …"), or says it does not know ("I don't know—no specifics.")."""
    return bool(_NAMES.search(reply.replace("’", "'")))
