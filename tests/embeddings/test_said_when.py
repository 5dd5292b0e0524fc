"""A recorded turn that names another time than the line is not its answer.

On the shipped corpus "can you come to the white house at 4 oclock" was shown, as a match,
Kissinger's "In San Clemente. We are leaving today at 5:00. …" with Dobrynin's "If I receive
anything before 5:00, I will call you." (v13 d159 turn 14; `free_dev_b` judges it not to fit);
playing Dobrynin, "we want the security council to meet tonight" his "And it says he has asked
the Secretary General to have Security Council tomorrow …" (v30 d84 turn 6; nothing in the record
answers that line) (docs/quality.md, "A time the line names, contradicted").
"""

from __future__ import annotations

import pytest

from embeddings.roleplay import AMBIGUOUS_GAP
from embeddings.said_when import When, said_when
from embeddings.suggestions import SUGGESTION_FLOOR
from tests.embeddings.tier_fits import model_fits, turn_of

SAN_CLEMENTE = ("frus1969-76v13/d159", 14)  # K: "In San Clemente. We are leaving today at 5:00. …"
TOMORROW = ("frus1969-76v30/d84", 6)  # D: "And it says he has asked the Secretary General …"
QUARTER_TO = ("frus1969-76v25/d210", 15)  # K: "… I will call you back—oh, what is it now, …"
NO_LATER = ("frus1969-76v25/d210", 17)  # K: "No later than two." → "No later than two. Okay."
WHITE_HOUSE = "can you come to the white house at 4 oclock"
TONIGHT = "we want the security council to meet tonight"


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("In San Clemente. We are leaving today at 5:00. You can call me in San Clemente.", {5}),
        ("11 o’clock? How about 12 o’clock tomorrow?", {11, 12}),
        ("Next Wednesday, fine. Eight o’clock.", {8}),
        ("1:00 am.", {1}),
        ("ill call you back no later than two", {2}),
        ("the president will announce the moscow trip tomorrow at 9", {9}),
        ("can you come to the white house at 4 oclock", {4}),
        ("lets meet at 4pm", {4}),
        ("Could we meet midday tomorrow?", {12}),
        # numbers that count something are no hour
        ("I and my govt. give assurances what has been done by 4 ambassadors.", set()),
        ("we want to agree on ABM at two sites", set()),
        ("He will stay for two days.", set()),
    ],
)
def test_the_clock_hours_a_text_names(text, hours):
    assert said_when(text).hours == hours


def test_weekdays_dates_and_days_of_the_talk():
    assert said_when("Bring them on Friday or Tues").weekdays == {"friday", "tuesday"}
    assert said_when("so if the 5th doesnt work for you henry").dates == {5}
    assert said_when("I can’t leave now until about midnight tonight.").days == {"today"}
    assert said_when("I will check it tomorrow, not today").days == {"tomorrow", "today"}
    assert not said_when("We have a monumental problem with Israel.")


def test_only_another_time_of_the_same_kind_contradicts():
    four, five = When(hours=frozenset({4})), When(hours=frozenset({5}))
    tonight = When(days=frozenset({"today"}))
    assert four.contradicts(five)
    assert not four.contradicts(When(hours=frozenset({4, 5})))  # one time in common
    assert not four.contradicts(tonight)  # another kind: the turn adds, it does not deny
    assert not four.contradicts(When())
    assert tonight.contradicts(When(days=frozenset({"tomorrow"})))


def test_the_tier_model_alone_would_show_the_turns_of_another_time(shipped):
    """Why they were shown: the names the lines share with them carry the fit. Refitted
    (THRESHOLD 0.7), the model alone would still answer the Security Council from tomorrow's
    turn (0.72); San Clemente, its likeliest for the White House (0.49), it would offer."""
    white_house = model_fits(shipped, WHITE_HOUSE, "kissinger")
    assert max(white_house, key=white_house.get) == SAN_CLEMENTE
    assert white_house[SAN_CLEMENTE] >= SUGGESTION_FLOOR
    assert model_fits(shipped, TONIGHT, "dobrynin")[TOMORROW] > shipped.threshold


def test_four_oclock_is_not_answered_about_five(shipped):
    answer = shipped.respond(WHITE_HOUSE)
    assert answer.status == "no_match"
    assert SAN_CLEMENTE not in [turn_of(m) for m in (*answer.matches, *answer.suggestions)]


def test_tonight_is_not_answered_about_tomorrow(shipped):
    answer = shipped.respond(TONIGHT, as_="dobrynin")
    assert answer.status == "no_match"
    assert TOMORROW not in [turn_of(m) for m in (*answer.matches, *answer.suggestions)]


def test_the_same_time_still_answers(shipped):
    """A line that names the turn's own time, or none, is answered by it as before."""
    for line in (
        "we are leaving san clemente today at 5, call me there",
        "call me in san clemente",
    ):
        answer = shipped.respond(line)
        assert (answer.status, turn_of(answer.matches[0])) == ("match", SAN_CLEMENTE), line
        assert (
            answer.matches[0].reply[0].spoken_text
            == "If I receive anything before 5:00, I will call you."
        )
    answer = shipped.respond(
        "the security council should meet tomorrow, the secretary general asked for it",
        as_="dobrynin",
    )
    assert (answer.status, turn_of(answer.matches[0])) == ("match", TOMORROW)


def test_two_oclock_moves_the_fitting_turn_up(shipped):
    """ "ill call you back no later than two": the call back at a quarter to 12:00 is set aside,
    and the fitting "No later than two." answers alone. Refitted (THRESHOLD 0.7), the tier
    model puts it first (0.997), the call back beside it (0.992): without the rule the line
    would be `ambiguous`, the call back shown with it."""
    answer = shipped.respond("ill call you back no later than two")
    turns = [turn_of(m) for m in answer.matches]
    assert (answer.status, turns[0]) == ("match", NO_LATER)
    assert answer.matches[0].reply[0].spoken_text == "No later than two. Okay."
    assert QUARTER_TO not in turns
    assert model_fits(shipped, "ill call you back no later than two", "kissinger")[QUARTER_TO] > (
        answer.confidence - AMBIGUOUS_GAP
    )
