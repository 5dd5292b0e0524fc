"""A question for a time or a number is not answered by a reply that names none (its recorded
line may still be offered to pick).

On the shipped corpus, playing Dobrynin, "henry, when can we meet for lunch" was shown, as a
match, Kissinger's "We are all set as far as we are concerned." after "When we meet at 12
o'clock, I will have word from my government …" (v13 d224 turn 11; `free_dobrynin_dev_b` judges
"Ok, can we have lunch on Monday." the fit), and "we want the european security conference
next year, when will you agree" "Something like that." (v39 d107 turn 7; `free_dev_c`)
(docs/quality.md, "A question for a time or a number").
"""

from __future__ import annotations

import pytest

from embeddings.asked_when import asks_when, names_a_time
from tests.embeddings.tier_fits import model_fits, turn_of

AT_TWELVE = ("frus1969-76v13/d224", 11)  # D: "When we meet at 12 o'clock, …" → "We are all set …"
# D's turns of v39 d107 whose replies name no time, the tier model's two likeliest for AGREE
CONFERENCE = [
    ("frus1969-76v39/d107", 31),  # "… But the conference—…" → "That's right."
    (
        "frus1969-76v39/d107",
        7,
    ),  # "It doesn't matter—January or February …" → "Something like that."
]
# D: "Yes, that is very good. …" → "Absolutely. And also I want to tell you …"
VERY_GOOD = ("frus1969-76v39/d235", 6)
LUNCH = "henry, when can we meet for lunch"
AGREE = "we want the european security conference next year, when will you agree"


@pytest.mark.parametrize(
    ("line", "asks"),
    [
        (LUNCH, True),
        (AGREE, True),
        ("so when do you leave?", True),
        ("thx for all this. how long are you gonna be away", True),
        ("how many americans do you have to get out of lebanon?", True),
        ("so if the 5th doesn't work for you henry, what date does?", True),
        ("when's the summit", True),
        # not a question for a time or a number
        ("how much is your oil going to cost us", False),
        ("No idea yet how many will want to leave Beirut.", False),
        ("when u say contacts on the middle east do u mean our governments or you and me", False),
        ("when i get moscows statement on cyprus, who do i hand it to?", False),
        ("I'll call you when I land", False),
        ("where do we go from here on salt?", False),
        ("how are you, anatol?", False),
    ],
)
def test_a_line_that_asks_for_a_time_or_a_number(line, asks):
    assert asks_when(line) is asks


@pytest.mark.parametrize(
    ("reply", "names"),
    [
        ("Tomorrow night.", True),
        (
            "About 6 ships. They will stay until the convoy is in Syria and then will move off.",
            True,
        ),
        ("I hope by four weeks—just enough to gain strength to conduct discussions.", True),
        ("I don’t know—no specifics.", True),
        ("We are all set as far as we are concerned.", False),
        ("Something like that.", False),
        ("That would be my expectation.", False),
    ],
)
def test_a_reply_that_names_a_time_or_a_number(reply, names):
    assert names_a_time(reply) is names


def test_the_tier_model_alone_would_answer_without_a_time(shipped):
    """Why they were shown: the words of the arrangement carry the fit. Refitted (THRESHOLD
    0.7), the model alone would still show both: the lunch at 12 (0.71), the conference's two
    turns (0.85, 0.84, `ambiguous`)."""
    fits = model_fits(shipped, LUNCH, "dobrynin")
    assert max(fits, key=fits.get) == AT_TWELVE and fits[AT_TWELVE] > shipped.threshold
    fits = model_fits(shipped, AGREE, "dobrynin")
    assert sorted(fits, key=fits.get, reverse=True)[:2] == CONFERENCE
    assert all(fits[turn] > 0.8 for turn in CONFERENCE)


def test_when_to_meet_is_not_answered_without_a_time(shipped):
    """Refused; the recorded line may still be what the student meant, so it is offered to
    pick, never shown as the answer."""
    answer = shipped.respond(LUNCH, as_="dobrynin")
    assert (answer.status, answer.matches) == ("no_match", ())
    assert turn_of(answer.suggestions[0]) == AT_TWELVE


def test_when_to_agree_is_not_answered_without_a_time(shipped):
    """Refused (the model's likeliest set aside: embeddings.first_set_aside); the conference's
    turns offered first, then the next candidate, whose reply names a time."""
    answer = shipped.respond(AGREE, as_="dobrynin")
    assert (answer.status, answer.matches) == ("no_match", ())
    assert [turn_of(m) for m in answer.suggestions] == [*CONFERENCE, VERY_GOOD]


def test_replies_that_give_the_time_or_the_number_still_answer(shipped):
    """A reply that names a time or a number, or says it does not know, still answers; "how
    much" is not asked for a number ("It is so political—you press us too hard.")."""
    answer = shipped.respond("when are you back from moscow?")
    turns = [turn_of(m) for m in answer.matches]
    assert answer.status != "no_match"
    assert turns[0] == (
        "frus1969-76v12/d189",
        15,
    )  # "When are you coming back?" → "I hope by four weeks…"
    assert (
        "frus1969-76v13/d85",
        9,
    ) in turns  # "When will you be back?" → "I don't know—no specifics."
    answer = shipped.respond("How many warships are we talking about?", as_="dobrynin")
    assert (answer.status, turn_of(answer.matches[0])) == ("match", ("frus1969-76v16/d287", 17))
    assert answer.matches[0].reply[0].spoken_text.startswith("About 6 ships.")
    answer = shipped.respond("how much is your oil going to cost us")
    assert (answer.status, turn_of(answer.matches[0])) == ("match", ("frus1969-76v16/d205", 20))
