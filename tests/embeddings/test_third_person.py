"""A reply that speaks of a third man answers only a line that speaks of someone.

On the shipped corpus four free dev lines on the freeze were shown Dobrynin's "He has no
authority." (about Semenov) to Kissinger's "Semenov on a boat trip went into great detail …"
(v13 d209 turn 2), among them "what's the exact ceiling on offensive missiles in the freeze"
(tests/data/free_dev.jsonl, nothing in the record answers it; fit probability 0.82).

Refitted (THRESHOLD 0.7), the tier model alone puts that line below the bar (0.53), but "would
you accept a ceiling on the longer missiles within the freeze" it would answer from the boat
trip (0.82).
"""

from __future__ import annotations

import pytest

from embeddings.third_person import says_someone, speaks_of_someone

BOAT_TRIP = ("frus1969-76v13/d209", 2)


@pytest.fixture(scope="module")
def roleplay(roleplay_with):
    """The fixture corpus plus the call on Semenov's boat trip."""
    return roleplay_with("frus1969-76v13-d209.txt")


def _turns(answer):
    return [(m.prompt.document, m.prompt.index) for m in (*answer.matches, *answer.suggestions)]


def test_a_line_that_names_no_one_is_not_answered_about_semenov(roleplay):
    line = "would you accept a ceiling on the longer missiles within the freeze"
    _, rows, evidence = roleplay.candidates(line)
    # the tier model alone answers the line from the boat trip
    before = roleplay.model.probability(evidence)
    best = roleplay.index.records[rows[int(before.argmax())]]
    assert (best.document, best.index) == BOAT_TRIP
    assert before.max() >= roleplay.threshold
    assert roleplay.index.reply(rows[int(before.argmax())])[0].spoken_text == (
        "He has no authority."
    )

    answer = roleplay.respond(line)
    assert BOAT_TRIP not in _turns(answer)  # neither shown nor offered


def test_a_line_that_names_semenov_is_still_answered_about_him(roleplay):
    answer = roleplay.respond("what did semenov tell smith on the boat")
    assert answer.status != "no_match"
    first = answer.matches[0]
    assert (first.prompt.document, first.prompt.index) == BOAT_TRIP


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("He has no authority.", True),
        ("Yes, he will be in and out.", True),
        ("His behavior is getting to be too tough.", True),
        ("I will send to Moscow and see.", False),
        ("Then he said nothing.", False),  # not how it opens
    ],
)
def test_a_reply_speaks_of_someone_when_it_opens_so(reply, expected):
    assert speaks_of_someone(reply) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("he's not in the loop, rogers will take it up", True),
        ("tell her i said hi", True),
        ("we want to freeze offensive weapons for 5 years", False),
        ("the helsinki talks", False),  # "he" only inside a word
    ],
)
def test_a_line_speaks_of_someone_when_it_says_he_or_she(line, expected):
    assert says_someone(line) is expected
