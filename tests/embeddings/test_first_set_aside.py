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
"""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.first_set_aside import first_set_aside
from tests.embeddings.tier_fits import model_fits, turn_of

KIDS = "how are the kids anatoly"
GREETING = ("frus1969-76v40/d300", 0)  # K: "Anatole, how are you?"
MELOY = ("frus1969-76v16/d285", 1)  # K: "Anatol, how are you. You know our Ambassador . . ."
SUMMIT = "what about the summit, henry?"
CONFERENCE = ("frus1969-76v39/d107", 1)  # D: "What about the conference—…" → a question back
STUNT = ("frus1969-76v14/d220", 25)  # D: "This is the point. …" → "Use what as a publicity stunt."
TELEGRAM = ("frus1969-76v14/d220", 17)  # D: "Yes, exactly. Well, Henry, …" → "Like what?"
FREEZE = "so what is your real position on abm and the freeze"
ON_ABM = ("frus1969-76v13/d160", 11)  # D: "On ABM?" → "What is to be limited."
FREEZING = ("frus1969-76v13/d160", 17)  # D: "When they come to that one, they discuss freezing …"
POSITION = ("frus1969-76v13/d161", 13)  # D: "What is your position?" (the judged fit)


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
    """Why the next one was shown: the model's best reading of each line is a turn a rule sets
    aside, and the next is near the bar on the same evidence."""
    kids = model_fits(shipped, KIDS, "kissinger")
    assert max(kids, key=kids.get) == GREETING and kids[GREETING] > 0.9
    assert kids[MELOY] > 0.8
    summit = model_fits(shipped, SUMMIT, "dobrynin")
    assert max(summit, key=summit.get) == CONFERENCE and summit[CONFERENCE] > 0.99
    freeze = model_fits(shipped, FREEZE, "dobrynin")
    assert max(freeze, key=freeze.get) == ON_ABM


@pytest.mark.parametrize(
    ("line", "as_", "offered"),
    [
        (KIDS, "kissinger", [MELOY]),
        (SUMMIT, "dobrynin", [STUNT, TELEGRAM]),
        # an answerable line shown a wrong turn first: refused, its fitting turn offered to pick
        (FREEZE, "dobrynin", [FREEZING, POSITION]),
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
