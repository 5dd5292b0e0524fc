"""A line of Kissinger's is supported by the words said around it, not anywhere in its call.

On the shipped corpus "How was your vacation, Anatoly?" was answered, as a match, by Kissinger's
"When are you leaving?" → "Tomorrow night." (v12 d189 turn 13) over "Did you have a good time?"
→ "Not exactly—it was a very short visit." (v13 d63 turn 1), which the rerank scored higher:
Dobrynin names his vacation in turn 36 of that call, and the tier model's `conversation`
evidence credited every turn of it with the word. "enjoy your vacation, get some rest"
(tests/data/free_dev_b.jsonl, judged to have no fitting turn) was answered from turn 41 the same
way. Dobrynin's turns keep the whole conversation: his short reactions answer what was said
long before.
"""

from __future__ import annotations

import pytest

from embeddings.evidence import AROUND

LEAVING = ("frus1969-76v12/d189", 13)  # K: "When are you leaving?"
VACATION = ("frus1969-76v12/d189", 36)  # D: "I hope you won't spoil my vacation. ..."
RESTED = ("frus1969-76v12/d189", 41)  # K: "Come back reasonably rested but not so ..."
GOOD_TIME = ("frus1969-76v13/d63", 1)  # K: "Did you have a good time?"


@pytest.fixture(scope="module")
def roleplay(roleplay_with):
    """The fixture corpus (v13 d63 among it) plus v12 d189 as the shipped index reads it."""
    return roleplay_with("frus-tei/frus1969-76v12-d189.xml")


def _row(roleplay, turn):
    return roleplay.index.row(*turn)


def _turns(matches):
    return [(m.prompt.document, m.prompt.index) for m in matches]


def test_a_word_said_far_away_does_not_support_a_line_of_kissinger(roleplay):
    support = roleplay._support
    telling = support.telling(roleplay.read("How was your vacation, Anatoly?").stems)
    assert "vacat" in telling
    assert "vacat" in support.whole["frus1969-76v12/d189"]
    leaving, vacation = _row(roleplay, LEAVING), _row(roleplay, VACATION)
    assert roleplay.index.records[vacation].speaker == "dobrynin"
    assert roleplay.index.records[vacation].index - roleplay.index.records[leaving].index > AROUND
    # the call says the line's telling words, but not around turn 13
    assert support.conversation(telling, leaving) < 0.5
    # Dobrynin's turn 36 is read against its whole conversation, which says every one of them
    assert support.conversation(telling, vacation) == 1.0


def test_how_was_your_vacation_is_not_answered_when_are_you_leaving(roleplay):
    """Refitted (THRESHOLD 0.7), the turn that asks about the trip answers it (fit 0.86), and
    "When are you leaving?" is shown second, below the bar (0.58; 0.65 were the whole call to
    support it), not beside it."""
    answer = roleplay.respond("How was your vacation, Anatoly?")
    assert answer.status == "match"
    assert _turns(answer.matches)[:2] == [GOOD_TIME, LEAVING]
    assert answer.matches[0].prompt.spoken_text == "Did you have a good time?"
    assert round(answer.matches[1].fit, 2) == 0.58


def test_enjoy_your_vacation_is_not_answered_from_the_call_that_names_it(roleplay):
    answer = roleplay.respond("enjoy your vacation, get some rest")
    assert (answer.status, answer.reason, answer.matches) == ("no_match", "weak", ())
    assert _turns(answer.suggestions) == [RESTED]


def test_a_line_the_turn_itself_answers_is_still_a_match(roleplay):
    answer = roleplay.respond("did you have a nice holiday?")
    assert answer.status == "match"
    assert _turns(answer.matches)[0] == GOOD_TIME
