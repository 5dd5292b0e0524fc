"""A short recorded turn tied to the line by one common name is no answer.

On the shipped corpus "how is your daughter doing in moscow" was shown Dobrynin's reply to
Kissinger's "What way? Do it in Moscow?" (v12 d189 turn 23) as a match, and "our journalists in
moscow are being harassed, stop it" his reply to "Would it offend in Moscow?" (v13 d297 turn 6):
the name was all the turn and the line had in common (tests/data/free_dev_c.jsonl judges both
lines to have no fitting turn in the record). Playing Dobrynin, "i will pass this to moscow
right away" is still answered by his "I will send to Moscow and see." (v12 d107 turn 6): the
turn says what the line says, sending it on, not only the name.

Refitted (THRESHOLD 0.7), the tier model alone puts the line on the journalists below the bar
(0.62), but "would the people in moscow like jazz" it would answer from "Would it offend in
Moscow?" (0.97).
"""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.shared_name import SharedName, record_names

DO_IT = ("frus1969-76v12/d189", 23)  # K: "What way? Do it in Moscow?"
OFFEND = ("frus1969-76v13/d297", 6)  # K: "Would it offend in Moscow?"
SEND = ("frus1969-76v12/d107", 6)  # D: "I will send to Moscow and see."
PASS = ("frus1969-76v32/d143", 13)  # D: "I will pass this along to Moscow. I will ..."


@pytest.fixture(scope="module")
def roleplay(roleplay_with):
    """The fixture corpus plus the conversations of the three short turns (v12 d189 as the
    shipped index reads it, from the TEI)."""
    return roleplay_with(
        "frus-tei/frus1969-76v12-d189.xml", "frus1969-76v13-d297.txt", "frus1969-76v12-d107.txt"
    )


def _row(roleplay, turn):
    return next(i for i, r in enumerate(roleplay.index.records) if (r.document, r.index) == turn)


def _turns(answer):
    return [(m.prompt.document, m.prompt.index) for m in (*answer.matches, *answer.suggestions)]


@pytest.mark.parametrize(
    ("line", "turn"),
    [
        ("how is your daughter doing in moscow", DO_IT),
        ("would the people in moscow like jazz", OFFEND),
    ],
)
def test_a_short_turn_sharing_only_moscow_is_no_answer(roleplay, line, turn):
    row = _row(roleplay, turn)
    assert roleplay.index.records[row].spoken_text in {
        "What way? Do it in Moscow?",
        "Would it offend in Moscow?",
    }
    _, rows, evidence = roleplay.candidates(line)
    # the tier model alone would answer the line from the short turn
    before = roleplay.model.probability(evidence)
    assert rows[int(before.argmax())] == row and before.max() >= roleplay.threshold

    answer = roleplay.respond(line)
    assert answer.status == "no_match" and answer.reason == "weak"
    assert turn not in _turns(answer)  # neither shown nor offered


def test_a_short_turn_that_says_what_the_line_says_still_answers(roleplay):
    answer = roleplay.respond("i will pass this to moscow right away", as_="dobrynin")
    # both say it: "I will send to Moscow and see." (fit 0.84) and "I will pass this along to
    # Moscow. ..." (0.54, shown after it: refitted, the model is surer of the shorter turn)
    assert answer.status == "match"
    assert _turns(answer)[:2] == [SEND, PASS]
    assert answer.matches[0].prompt.spoken_text == "I will send to Moscow and see."


def test_the_rule_on_its_own_terms():
    """Moscow is a name said in most conversations; "offend" in few; "daughter" never."""
    texts = ["Would it offend in Moscow?", "Tell Moscow.", "They ask in Moscow.", "Moscow."]
    conversations = {
        "a": frozenset({"offend", "moscow"}),
        "b": frozenset({"moscow", "tell"}),
        "c": frozenset({"moscow", "ask"}),
    }
    assert record_names(texts) == {"moscow"}
    rule = SharedName.build(texts, conversations, lambda text: text)
    assert rule.common == {"moscow"} and rule.names == {"moscow"}
    assert set(rule.short) == {0, 1, 2, 3}  # short turns that say the name
    words = ["how", "is", "your", "daughter", "daughter", "in", "moscow"]

    def cosines(best: float) -> np.ndarray:
        return np.array([0.4, 0.3, 0.3, best, best, 0.5, 0.95])

    line = ["daughter", "moscow"]
    assert rule.only_a_name(0, line, words, lambda: cosines(0.2))
    # the daughter matched in the turn: the turn says more than the name
    assert not rule.only_a_name(0, line, words, lambda: cosines(0.6))
    # a rare word shared ("offend"): no longer a name alone
    assert not rule.only_a_name(0, ["offend", "moscow"], ["offend", "moscow"], lambda: cosines(0))
    # nothing shared, or the line says nothing beyond the name
    assert not rule.only_a_name(0, ["daughter"], words, lambda: cosines(0.2))
    assert not rule.only_a_name(0, ["moscow"], ["in", "moscow"], lambda: np.array([0.5, 0.9]))
