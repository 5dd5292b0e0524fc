"""The tier model weighs how well a line matches the *end* of a candidate turn.

A recorded reply answers the end of a long turn, not its first clause. Playing Dobrynin, "i will
pass this to moscow right away" is said in the first clause of a 100-word turn of v32 d143
("I will pass this along to Moscow. I will be there myself on Monday. ... You can understand
the difficulty that this problem exists."), which Kissinger answers on ABM and the freeze; the
short "I will send to Moscow and see." of v12 d107 is answered by "The final session is
Monday ...", which fits (tests/data/free_dobrynin_dev_b.jsonl, line 13). Without the ending
evidence the long turn won, until the tier model also weighed how much of the turn the line
restates and the turns around it (session 48); the ending evidence still counts for the short
turn against the long one.
"""

from __future__ import annotations

import dataclasses

import pytest

from embeddings.tiers import FEATURES, TIERS

LINE = "i will pass this to moscow right away"
SHORT = ("frus1969-76v12/d107", 6)  # "I will send to Moscow and see."
LONG = ("frus1969-76v32/d143", 13)  # "I will pass this along to Moscow. I will be there ..."


@pytest.fixture(scope="module")
def roleplay(roleplay_with):
    """The fixture corpus plus v12 d107, which holds the short turn."""
    return roleplay_with("frus1969-76v12-d107.txt")


def _turns(roleplay, rows):
    return [(roleplay.index.records[r].document, roleplay.index.records[r].index) for r in rows]


def test_the_end_of_a_long_turn_is_what_its_reply_answers(roleplay):
    _, rows, evidence = roleplay.candidates(LINE, as_="dobrynin")
    turns = _turns(roleplay, rows[: len(evidence)])
    short, long = turns.index(SHORT), turns.index(LONG)
    ending, words = FEATURES.index("ending"), FEATURES.index("words")
    # the long turn matches the line word by word as a whole, but not in its last words
    assert evidence[long, words] > evidence[short, words]
    assert evidence[long, ending] < evidence[long, words] - 0.1
    assert evidence[short, ending] == pytest.approx(evidence[short, words])

    answer = roleplay.respond(LINE, as_="dobrynin")
    best = answer.matches[0]
    assert (best.prompt.document, best.prompt.index) == SHORT
    assert best.prompt.spoken_text == "I will send to Moscow and see."
    assert best.reply[0].speaker == "kissinger"
    assert best.reply[0].spoken_text.startswith("The final session is Monday")
    assert best.citation.url.endswith("frus1969-76v12/d107")

    # the same model without the ending evidence puts the long turn nearer the short one
    weights = TIERS.weights
    blind = dataclasses.replace(TIERS, weights=(*weights[:ending], 0.0, *weights[ending + 1 :]))
    with_ending, without = TIERS.probability(evidence), blind.probability(evidence)
    assert with_ending[short] - with_ending[long] > without[short] - without[long] + 0.05
