"""A recorded greeting answers only a line that greets.

On the shipped corpus "How was your vacation, Anatoly?" was shown, as a match (fit 0.74),
Dobrynin's "I thought you were on your way." to Kissinger's "Anatoliy, how are you?" (v13 d159
turn 0), and "how's irina? tell your wife i said hi" (tests/data/free_dev.jsonl, nothing in the
record answers it) his "Thank you." to the same words in v40 d367 (turn 2). And a line that
only greets, typed as students type it ("hi anatoly how r u": no question mark), was not answered
by the greeting at all: "Anatoliy, how are you?" ends by asking "how", so it was set aside as a
question for information for a line that asks nothing (embeddings.asked), and the line got
"Anatol, how are you. You know our Ambassador . . ." → "I heard, I am sorry." (v16 d285 turn 1,
fit 0.85), the condolence for Ambassador Meloy's murder.

Refitted (THRESHOLD 0.7), the tier model alone answers the vacation from "Did you have a good
time?" (v13 d63 turn 1, fit 0.84; the greeting 0.70 below it), but "How was your weekend,
Anatoly?" (`free_dev`'s "how was your weekend anatol?") it would still answer with the greeting
(0.80) over that turn (0.77).
"""

from __future__ import annotations

import pytest

from embeddings.greeting import greets, only_greets

GREETINGS = {("frus1969-76v13/d159", 0), ("frus1969-76v40/d367", 2)}  # "Anatoliy, how are you?"


@pytest.fixture(scope="module")
def roleplay(roleplay_with):
    """The fixture corpus (v13 d63 among it) plus the two calls that open with the greeting."""
    return roleplay_with("frus1969-76v13-d159.txt", "frus1969-76v40-d367.txt")


def _turns(answer):
    return [(m.prompt.document, m.prompt.index) for m in (*answer.matches, *answer.suggestions)]


@pytest.mark.parametrize(
    "line", ["How was your weekend, Anatoly?", "how's irina? tell your wife i said hi"]
)
def test_a_line_that_does_not_greet_is_not_answered_by_a_greeting(roleplay, line):
    _, rows, evidence = roleplay.candidates(line)
    # the tier model alone answers the line with the greeting
    before = roleplay.model.probability(evidence)
    best = roleplay.index.records[rows[int(before.argmax())]]
    assert (best.document, best.index) in GREETINGS
    assert best.spoken_text == "Anatoliy, how are you?"
    assert before.max() >= roleplay.threshold

    answer = roleplay.respond(line)
    assert GREETINGS.isdisjoint(_turns(answer))  # neither shown nor offered


def test_the_weekend_is_offered_the_turn_that_asks_about_a_trip(roleplay):
    """The greeting was the model's likeliest, so the line is refused and the next offered
    (embeddings.first_set_aside), not shown as the answer."""
    answer = roleplay.respond("How was your weekend, Anatoly?")
    assert (answer.status, answer.reason, answer.matches) == ("no_match", "weak", ())
    assert len(answer.suggestions) == 1
    first = answer.suggestions[0]
    assert (first.prompt.document, first.prompt.index) == ("frus1969-76v13/d63", 1)
    assert first.prompt.spoken_text == "Did you have a good time?"


def test_a_greeting_still_answers_a_line_that_greets(roleplay):
    answer = roleplay.respond("hello anatol, how are you?")
    assert answer.status != "no_match"
    assert answer.matches[0].prompt.spoken_text == "Anatoliy, how are you?"


@pytest.mark.parametrize("line", ["hi anatoly how r u", "good evening anatol how are you"])
def test_a_greeting_answers_a_line_that_greets_without_asking(roleplay, line):
    answer = roleplay.respond(line)
    assert answer.status != "no_match"
    first = answer.matches[0]
    assert (first.prompt.document, first.prompt.index) in GREETINGS
    assert first.prompt.spoken_text == "Anatoliy, how are you?"


@pytest.mark.parametrize(
    "line",
    [
        "hey anatol",
        "hi anatoly how are you",
        "oh hi henry, how are you",
        "anatoly my friend, good morning. did you sleep at all",
        "Hello Henry. The Cypriot Ambassador just told me Makarios is alive",
        "so what's up",
    ],
)
def test_a_line_greets_when_a_clause_opens_with_a_greeting(line):
    assert greets(line)


@pytest.mark.parametrize(
    "line",
    [
        "How was your vacation, Anatoly?",
        "how's irina? tell your wife i said hi",
        "how's your daughter doing",
        "the president says hello to brezhnev",
    ],
)
def test_a_line_that_asks_about_something_else_does_not_greet(line):
    assert not greets(line)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anatoliy, how are you?", True),
        ("Oh, hello, Henry. How are you?", True),
        ("Good morning, Henry.", True),
        ("Hello.", True),
        ("Yes, Anatol.", False),  # no greeting in it
        ("Anatol, how are you. You know our Ambassador . . .", False),
        ("Hello. I received a short message from Brezhnev to the President.", False),
    ],
)
def test_a_recorded_turn_only_greets_when_it_says_nothing_else(text, expected):
    assert only_greets(text) is expected
