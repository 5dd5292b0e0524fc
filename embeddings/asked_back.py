"""A question for information is not answered by a reply that only asks for information back.

`backchannel ask "what about SALT?"` was answered, as a match (fit probability 0.71), from
Kissinger's "I am calling you about that SALT situation." with Dobrynin's "What about?";
"what about the grain purchases?" from "Anatol, we have some problem with grain purchases you
are making." with "What kind of purchases?" (0.94); "what about the summit" from Kissinger's
MBFR turn with "What about the conference—this was a multilateral conference." (0.76). The
student asked what, how or which; the reply gives nothing: it asks what, too. A teacher would
say the question went unanswered.

So a candidate is set aside (its fit probability 0) when the line asks for information (the
last question it asks opens with what, which, when, where, who, whose, why or how in its last
clause or its first, or, as students type without the mark, its first clause opens so: "what
about china") and the recorded reply does nothing but ask the same kind of question back:
every sentence of it opens with what, which, when, where, who, why or how after a preposition
at most, with its question mark ("For how many?") or, for what, which and who, printed without
it ("On what.").
A yes-or-no question back is left alone: "You have already decided?" proposes an answer, and
answers "What about the fighting in Lebanon?" (tests/embeddings/test_topic_chatter.py); so is
"Why not?", which agrees. A question back still answers a line that raises something without
asking ("anatoly we have to talk about the abm sites mess" fits "What about?"). A line that
greets asks after nothing (:mod:`embeddings.greeting` says whether a greeting answers it).

Measured on the dev sets (docs/quality.md, "What about X?" and, for the last question,
"The Dobrynin side, counted").
"""

from __future__ import annotations

import re

from embeddings.asked import LAST_CLAUSE, LEAST_WORDS, TRAILING, WH, sentences
from embeddings.greeting import greets

# What may come before a student's question: an interjection, the listener's name ("and" or
# "but" only in a sentence with a question mark: "But what I wanted to say is …" says).
_LEAD = r"^\W*(?:(?:so|ok|okay|well|now|anatol\w*|henry|mr\.? ambassador{})\W+)*"
_ASKED = re.compile(_LEAD.format("|and|but") + WH, re.IGNORECASE)
_OPENS = re.compile(_LEAD.format("") + WH, re.IGNORECASE)
_FIRST_CLAUSE = re.compile(r"[.!?;:,—–]")
# A question back for information: what, which, when... after a preposition at most ("For how
# many?"); printed without its mark only when it opens with what, which or who ("On what.",
# "What about the conference—this was a multilateral conference."), since "When you have
# amateurs doing this it is very hard for us." says something.
_AFTER_A_PREPOSITION = r"^\W*(?:(?:on|to|with|for|about|from|of|in)\s+)?"
_ASKS = re.compile(_AFTER_A_PREPOSITION + r"(?!why not\b)" + WH, re.IGNORECASE)
_UNMARKED = re.compile(_AFTER_A_PREPOSITION + r"(?:what|which|whom?)\b", re.IGNORECASE)


def wants_information(line: str) -> bool:
    """Whether a student's line asks what, which, when, where, who, whose, why or how: the
    last question it asks (of ``LEAST_WORDS`` words or more: "ok?" is a tag) opens so in its
    last clause ("and what about angola?", "on salt, where do we go?") or its first ("what
    about the ceasefire, henry?"), or, with no question mark, its first clause does ("what
    about china", "so how was new york"); not a greeting ("how are you, anatol?"). The last
    question is the one a reply answers, as a reply answers the end of a recorded turn: "Why
    just the south? Wouldn't you want our forces in the north too?" ends asking yes or no,
    and Kissinger's "Why in the north?" answers it (docs/quality.md, "The Dobrynin side,
    counted")."""
    text = line.replace("’", "'")
    if greets(text):
        return False
    asked = [
        s
        for s in sentences(text)
        if s.rstrip(TRAILING).endswith("?") and len(s.split()) >= LEAST_WORDS
    ]
    last = asked[-1] if asked else text
    if asked and _ASKED.match(LAST_CLAUSE.split(last)[-1]):
        return True
    return bool(_OPENS.match(_FIRST_CLAUSE.split(last, maxsplit=1)[0]))


def only_asks_back(reply: str) -> bool:
    """Whether a recorded reply does nothing but ask for information back: each sentence a
    question that opens with what, which, when, where, who, why or how ("What kind of
    purchases?", "On what."); a yes-or-no question ("You have already decided?") proposes an
    answer, and "Why not?" agrees: both are left alone."""
    said = [s.strip() for s in sentences(reply.strip()) if s.strip()]
    if not said:
        return False
    return all(
        _UNMARKED.match(s) or (_ASKS.match(s) and s.rstrip(TRAILING).endswith("?")) for s in said
    )
