"""A reply that only asks back what the recorded turn meant is shown only to a line near certain
to say what the turn said; otherwise the line is refused and the turn offered to pick.

On the shipped corpus, playing Kissinger, "we are putting our forces on alert, this is not a
bluff" was shown "What do you mean closer?" after "But what I wanted to say is we are moving our
fleet much closer." (v16 d287 turn 10; `free_dev_b` judges nothing in the record an answer), and
playing Dobrynin, "the israelis are violating the ceasefire, you must stop them" "Appropriate
consultations with whom?" after Brezhnev's message (v25 d202 turn 0; `free_dobrynin_dev_b`)
(docs/quality.md, "A reply that asks what the turn meant").

Refitted (THRESHOLD 0.7), the tier model alone refuses both (its best fits 0.66), but playing
Dobrynin, "the general secretary agrees to the dates of the summit" (`free_dobrynin_dev_b`,
nothing in the record answers it) it would show "Like what?" after his telegram from Moscow
(v14 d220 turn 17, fit 0.80, beside Brezhnev's short message, 0.79: `ambiguous`).
"""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.asks_back import asks_back, asks_what_it_meant, unsure_ask_back
from embeddings.lexical import Lexical
from tests.embeddings.tier_fits import model_fits, turn_of

CLOSER = (
    "frus1969-76v16/d287",
    10,
)  # "… moving our fleet much closer." → "What do you mean closer?"
PURCHASES = ("frus1969-76v16/d48", 11)  # "… grain purchases you are making." → "What kind of…"
OAU = (
    "frus1969-76v28/d146",
    8,
)  # "… the OAU control it." → "Who is going to control South Africa?"
INITIALED = ("frus1969-76v40/d300", 14)  # "… have it initialed …" → "Initial what?"
TELEGRAM = ("frus1969-76v14/d220", 17)  # D: "Yes, exactly. Well, Henry, …" → "Like what?"
AGREES = "the general secretary agrees to the dates of the summit"


@pytest.mark.parametrize(
    ("reply", "asks"),
    [
        ("What do you mean closer?", True),
        ("What kind of purchases?", True),
        ("Like what?", True),
        ("Appropriate consultations with whom?", True),
        ("Ask whom?", True),
        ("Initial what?", True),
        ("On what.", True),
        ("Who is going to control South Africa?", True),
        # not a question back for information
        ("How are you?", False),
        ("Oh, hello, Henry. How are you?", False),
        ("Why not?", False),
        ("You have already decided?", False),
        ("Closer to the shore?", False),
        ("I don't know what you mean.", False),
        ("What kind of purchases? We have made none.", False),
    ],
)
def test_a_reply_that_only_asks_back(reply, asks):
    assert asks_back(reply) is asks


@pytest.mark.parametrize(
    ("reply", "turn", "meant"),
    [
        (
            "What do you mean closer?",
            "But what I wanted to say is we are moving our fleet much closer.",
            True,
        ),
        ("What kind of purchases?", "Anatol, we have some problem with grain purchases.", True),
        ("For how many?", "Your people have placed an order for a million tons.", True),
        ("Like what?", "Very shortly we will give you some drafts of papers.", True),
        ("Initial what?", "And we expect to have it initialed the first week of September.", True),
        # a question that brings a word of its own carries the talk on
        (
            "Who is going to control South Africa?",
            "We would be prepared to have the Organization of African Unity control it.",
            False,
        ),
        ("What is your position?", "After you say agreement on ABM, agreement is reached.", False),
        # not a question back at all
        ("Closer to the shore?", "We are moving our fleet closer in.", False),
    ],
)
def test_a_question_back_about_what_the_turn_meant(reply, turn, meant):
    assert asks_what_it_meant(reply, Lexical.tokens(turn), frozenset()) is meant


def test_only_the_candidate_shown_under_the_strict_bar_counts():
    meant = np.array([True, False, True])
    assert unsure_ask_back(np.array([0.79, 0.5, 0.2]), meant) is True
    assert unsure_ask_back(np.array([0.80, 0.5, 0.2]), meant) is False  # near certain
    assert unsure_ask_back(np.array([0.5, 0.7, 0.6]), meant) is False  # another is shown
    assert unsure_ask_back(np.array([0.0, 0.0, 0.3]), meant) is True
    assert unsure_ask_back(np.array([]), np.array([], dtype=bool)) is False


def test_the_tier_model_alone_shows_the_question_back(shipped):
    """Why it would be shown: the telegram's words, Moscow's message on the summit."""
    fits = model_fits(shipped, AGREES, "dobrynin")
    assert max(fits, key=fits.__getitem__) == TELEGRAM
    assert shipped.threshold < fits[TELEGRAM] < 0.8


def test_a_line_far_from_the_turn_is_refused_and_offered_it(shipped):
    """Refused, the telegram offered first; then lines of the summit's conversations (the
    topic the line names)."""
    answer = shipped.respond(AGREES, as_="dobrynin")
    assert (answer.status, answer.reason, answer.matches) == ("no_match", "weak", ())
    assert [turn_of(m) for m in answer.suggestions] == [
        TELEGRAM,
        ("frus1969-76v14/d220", 25),  # "This is the point. …" → "Use what as a publicity stunt."
        ("frus1969-76v15/d68", 12),  # "And it is difficult for me too. Henry, I just received …"
    ]
    assert answer.suggestions[0].reply[0].spoken_text == "Like what?"


@pytest.mark.parametrize(
    ("line", "turn", "reply"),
    [
        (
            "Anatol, we have a problem with the grain you're buying.",
            PURCHASES,
            "What kind of purchases?",
        ),
        (
            "But what I wanted to tell you is that we're moving our fleet much closer.",
            CLOSER,
            "What do you mean closer?",
        ),
        (
            "We expect the Berlin deal to be initialed early in September.",
            INITIALED,
            "Initial what?",
        ),
        # a question of its own answers a looser paraphrase at the model's own bar
        ("We'd let the OAU police it.", OAU, "Who is going to control South Africa?"),
    ],
)
def test_a_line_that_says_what_the_turn_said_is_still_answered(shipped, line, turn, reply):
    answer = shipped.respond(line)
    assert (answer.status, turn_of(answer.matches[0])) == ("match", turn)
    assert answer.matches[0].reply[0].spoken_text == reply
