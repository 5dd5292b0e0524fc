"""A line whose likeliest answer is set aside is refused, its other near candidates offered.

On the shipped corpus "how are the kids anatoly" lost the greetings "Anatole, how are you?"
(v40 d300 turn 0, fit 0.94) and was answered, as a match, with Dobrynin's condolence for
Ambassador Meloy after "Anatol, how are you. You know our Ambassador . . ." (v16 d285 turn 1);
playing Dobrynin, "what about the summit, henry?" lost "What about the conference—…" (v39 d107
turn 1, 1.00, a question back) and was answered "Use what as a publicity stunt." (v14 d220 turn
25); "so what is your real position on abm and the freeze" lost "On ABM?" (v13 d160 turn 11,
0.91) and was shown another call's "When they come to that one, …" first (`ambiguous`), its
fitting "What is your position?" (v13 d161 turn 13) second (docs/quality.md, "A line whose
likeliest answer is set aside").

Refitted (THRESHOLD 0.7), the tier model alone answers the freeze from "What is your position?"
(0.999), and the next candidates of the kids (Meloy, 0.64) and of the summit (0.50) are below the
bar. Lines of the free dev sets still lose a likeliest turn set aside to a next one above it:
"how was your weekend anatol?" the greeting "Anatoliy, how are you?" (v13 d159 turn 0, 0.81) to
"Did you have a good time?" (v13 d63 turn 1, 0.79); playing Dobrynin, "how is your family
henry" his "How are you?" (v25 d193 turn 1, 0.99) to "How are you Henry. … How was your trip?"
(v16 d211 turn 1, 0.92); "i'm going to be secretary of state, you'll have to deal with me in a
new way" "I will have to dictate something afterwards." (v13 d340 turn 11, 0.81; its reply
speaks of a third man) to "We will make every effort to move toward your position. …" (v13 d159
turn 12, 0.77). `free_dev_smalltalk` and `free_dev_b` judge nothing in the record to answer them.
"""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.first_set_aside import first_set_aside
from tests.embeddings.tier_fits import model_fits, turn_of

CONFERENCE = ("frus1969-76v39/d107", 1)  # D: "What about the conference—…" → a question back
WEEKEND = "how was your weekend anatol?"
GREETED = ("frus1969-76v13/d159", 0)  # K: "Anatoliy, how are you?"
GOOD_TIME = ("frus1969-76v13/d63", 1)  # K: "Did you have a good time?"
GOOD_TO_SEE = ("frus1969-76v16/d48", 3)  # K: "Anatol, it was good to see you yesterday."
FAMILY = "how is your family henry"
HOW_ARE_YOU = ("frus1969-76v25/d193", 1)  # D: "How are you?"
TRIP = ("frus1969-76v16/d211", 1)  # D: "How are you Henry. … How was your trip?"
WEATHER = ("frus1969-76v13/d322", 0)  # D: "How’s the weather?"
SECRETARY = "i'm going to be secretary of state, you'll have to deal with me in a new way"
DICTATE = ("frus1969-76v13/d340", 11)  # K: "I will have to dictate …" → "He mentioned to me …"
EFFORT = ("frus1969-76v13/d159", 12)  # K: "We will make every effort to move toward your …"
CALL_BACK = ("frus1969-76v25/d209", 14)  # K: "Well, I will have to get to the President and …"
RESPONSE = ("frus1969-76v13/d340", 13)  # K: "In a general way a response to what you said …"


@pytest.mark.parametrize(
    ("fit", "kept", "aside"),
    [
        ([0.9, 0.8], [0.0, 0.8], True),  # the likeliest set aside
        ([0.9, 0.8], [0.9, 0.0], False),  # another one set aside
        ([0.3, 0.95], [0.3, 0.0], True),  # likeliest by the model, not by the search's order
        ([0.9, 0.8], [0.9, 0.8], False),
        ([], [], False),
    ],
)
def test_whether_the_likeliest_candidate_was_set_aside(fit, kept, aside):
    assert first_set_aside(np.array(fit), np.array(kept)) is aside


def test_the_tier_model_alone_puts_a_turn_set_aside_first(shipped):
    """Why the next one would be shown: the model's best reading of each line is a turn a rule
    sets aside, and the next is above the bar on the same evidence."""
    weekend = model_fits(shipped, WEEKEND, "kissinger")
    assert max(weekend, key=weekend.get) == GREETED
    assert weekend[GOOD_TIME] > shipped.threshold
    family = model_fits(shipped, FAMILY, "dobrynin")
    assert max(family, key=family.get) == HOW_ARE_YOU and family[TRIP] > shipped.threshold
    secretary = model_fits(shipped, SECRETARY, "kissinger")
    assert max(secretary, key=secretary.get) == DICTATE
    assert secretary[EFFORT] > shipped.threshold


@pytest.mark.parametrize(
    ("line", "as_", "offered"),
    [
        (WEEKEND, "kissinger", [GOOD_TIME, GOOD_TO_SEE]),
        (FAMILY, "dobrynin", [TRIP, WEATHER]),
        (SECRETARY, "kissinger", [EFFORT, CALL_BACK, RESPONSE]),
    ],
)
def test_a_line_whose_likeliest_turn_is_set_aside_is_refused(shipped, line, as_, offered):
    answer = shipped.respond(line, as_=as_)
    assert (answer.status, answer.reason, answer.matches) == ("no_match", "weak", ())
    assert [turn_of(m) for m in answer.suggestions] == offered


def test_a_turn_set_aside_behind_the_likeliest_leaves_the_line_answered(shipped):
    """ "what about the ceasefire, henry?": the question back "What about the conference—…" is
    set aside, but the model's likeliest, "What about cease fire, …" (v25 d316 turn 1), stands."""
    answer = shipped.respond("what about the ceasefire, henry?", as_="dobrynin")
    assert answer.status == "ambiguous"
    assert turn_of(answer.matches[0]) == ("frus1969-76v25/d316", 1)
    assert [m.fit for m in answer.matches if turn_of(m) == CONFERENCE] == [0.0]
