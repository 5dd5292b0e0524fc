"""A recorded greeting answers only a line that greets.

"How was your vacation, Anatoly?" was shown, as a match (fit probability 0.74), Dobrynin's
"I thought you were on your way." to Kissinger's "Anatoliy, how are you?"; "how's irina? tell
your wife i said hi" his "Thank you." to the same words in another call. A turn that says
nothing but a greeting (hello, good morning, how are you; the other man's name aside) shares
"how" and "you" with such a line, and short turns score well word by word, while what the line
asks about (the vacation, his wife) is not in it at all. A teacher would say the student asked
something and was greeted back.

So a candidate is set aside (its fit probability 0) when the recorded turn only greets and the
line does not greet: no sentence or clause of it opens with a greeting ("hi", "hey anatol",
"good morning henry", "how are you", "what's up"), a name or an interjection before it allowed.

Measured on the dev sets (docs/quality.md, "A greeting answers only a greeting").
"""

from __future__ import annotations

import re

# The words around a greeting that change nothing: an interjection, the other man's name or
# title (as the record and students write them).
_AROUND = (
    r"(?:oh|ah|well|so|and|hey there|there|"
    r"anatol\w*|henry|mr\.? ambassador|ambassador|dr\.? kissinger|kissinger|dobrynin)"
)
# Greetings as the record says them; a recorded turn made of these only greets.
_RECORDED = r"(?:hello|hi|good (?:morning|afternoon|evening)|how are you(?: today)?|how do you do)"
_ONLY_GREETS = re.compile(
    rf"^(?:\W*(?:{_RECORDED}|{_AROUND})\b)*\W*$",
    re.IGNORECASE,
)
_HAS_GREETING = re.compile(rf"\b{_RECORDED}\b", re.IGNORECASE)
# Greetings as students type them (texting shorthand already read: "how r u" is "how are you").
_GREETING = (
    r"(?:hi|hello|hey|hiya|heya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|"
    r"morning|evening|how are (?:you|things)|how're you|how have you been|how(?:'s| is) it going|"
    r"how(?: are)? you doing|what'?s up|sup)"
)
_GREETS = re.compile(rf"^(?:{_AROUND}\W+)*{_GREETING}\b", re.IGNORECASE)
_CLAUSES = re.compile(r"[.!?;:,—–]+")  # a line's sentences and clauses, as students type them


def only_greets(text: str) -> bool:
    """Whether a recorded turn says nothing but a greeting ("Anatoliy, how are you?", "Oh,
    hello, Henry. How are you?"); "Hello. I received a short message from Brezhnev" says more."""
    return bool(_HAS_GREETING.search(text)) and bool(_ONLY_GREETS.match(text))


def greets(line: str) -> bool:
    """Whether a student's line greets: a sentence or clause of it opens with a greeting, after
    a name or an interjection ("hey anatol", "oh hi henry, how are you"); "how was your
    vacation?" and "tell your wife i said hi" do not."""
    text = line.replace("’", "'")
    return any(_GREETS.match(part.strip()) for part in _CLAUSES.split(text) if part.strip())
