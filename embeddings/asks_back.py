"""A reply that asks what the recorded turn meant answers only a line that said it so.

Playing Dobrynin, "the israelis are violating the ceasefire, you must stop them" was shown, as
a match (fit probability 0.62), Kissinger's "Appropriate consultations with whom?" after
Brezhnev's message read out ("… appropriate consultations …"); playing Kissinger, "we are
putting our forces on alert, this is not a bluff" was shown "What do you mean closer?" after
"… we are moving our fleet much closer." (0.68), and "brezhnev's invite to moscow is meant in a
friendly way i assume" was shown "What do you mean?" (0.71). Such a reply gives nothing: it
asks what the recorded turn's own words meant ("closer", "consultations", the whole turn), and
shown to a student who did not say them, it asks about something the student never said. It
fits a line that says what the turn said, a paraphrase so close that the tier model is near
certain of it ("Anatol, we have a problem with the grain you're buying." → "What kind of
purchases?", 1.00; "We expect the Berlin deal to be initialed early in September." → "Initial
what?", 0.99).

So when the candidate that would be shown is a turn whose recorded reply only asks back what
the turn meant, and its fit probability is under ``STRICT_THRESHOLD`` (the bar of a class set to
strict answers), the line is refused (`no_match`, reason "weak") and the candidates near
enough are offered, that one among them: the student may have meant it, and a line offered is
never said to answer. A reply asks back what the turn meant when every sentence of it is a
question for information (opening with what, which, when, where, who, why or how, or ending with
one: "Like what?", "Ask whom?"; "On what." printed without its mark; not "Why not?", which
agrees, nor a greeting's "How are you?", nor a yes-or-no question, which proposes an answer) and
it says no telling word the turn does not say (the question's own words aside: "what kind of",
"how many", "what do you mean", "like what"). A question that brings a word of its own
carries the talk on and may answer a looser paraphrase: "We'd let the OAU police it." → "Who
is going to control South Africa?" (0.60, fitting). A line that itself asks what, which,
when... is answered by no question back at all (:mod:`embeddings.asked_back`).

Measured on the dev sets (docs/quality.md, "A reply that asks what the turn meant").
"""

from __future__ import annotations

import re
from collections.abc import Collection

import numpy as np

from embeddings.asked import TRAILING, WH, sentences
from embeddings.asked_back import only_asks_back
from embeddings.greeting import greets
from embeddings.lexical import Lexical
from embeddings.suggestions import telling
from embeddings.tiers import STRICT_THRESHOLD

# A question back that names what it asks about last: "Like what?", "with whom?".
_ENDS_ASKING = re.compile(r"\b" + WH + r"\W*$", re.IGNORECASE)
# Words of the question itself, not of what it asks about: "what kind of", "how many", "what
# do you mean", "like what".
_QUESTION_WORDS = re.compile(
    r"\b(?:(?:what|which)\s+(?:kind|sort)s?\s+of|how\s+(?:many|much)"
    r"|(?:do|does|did)\s+(?:you|he|she|they|it)\s+mean|like(?=\s+what\b))\b",
    re.IGNORECASE,
)


def asks_back(reply: str) -> bool:
    """Whether a recorded reply does nothing but ask for information back: each sentence a
    question that opens with a question word (:func:`embeddings.asked_back.only_asks_back`:
    "What kind of purchases?", "On what.") or ends with one ("Like what?", "Appropriate
    consultations with whom?"); not a greeting ("How are you?")."""
    if greets(reply):
        return False
    if only_asks_back(reply):
        return True
    said = [s.strip().rstrip(TRAILING) for s in sentences(reply.strip()) if s.strip()]
    return bool(said) and all(s.endswith("?") and _ENDS_ASKING.search(s[:-1]) for s in said)


def asks_what_it_meant(reply: str, turn: Collection[str], common: Collection[str]) -> bool:
    """Whether a recorded reply only asks back what its turn meant: :func:`asks_back`, and it
    says no telling word (:func:`embeddings.suggestions.telling`, ``common``: the record's
    common stems) that ``turn`` (the turn's stems, as BM25 reads them) does not say.
    "What do you mean closer?" after "… our fleet much closer." does; "Who is going to control
    South Africa?" after the OAU's control of Angola asks something of its own."""
    if not asks_back(reply):
        return False
    own = telling(Lexical.tokens(_QUESTION_WORDS.sub(" ", reply)), common)
    return own <= set(turn)


def unsure_ask_back(fit: np.ndarray, meant: np.ndarray) -> bool:
    """Whether the candidate that would be shown, the highest of ``fit`` (the fit probabilities
    after every rule), has a reply that only asks back what its turn meant (``meant``, for the
    same candidates) and a fit under ``STRICT_THRESHOLD``."""
    if not len(fit):
        return False
    first = int(np.argmax(fit))
    return bool(meant[first]) and float(fit[first]) < STRICT_THRESHOLD
