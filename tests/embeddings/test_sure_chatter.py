"""A line the record near-certainly answers is refused as classroom chatter only when it comes
clearly nearer a chatter example than any recorded turn: "what is the weather like in
Washington", played as Dobrynin, came 0.026 nearer the example "what's the weather like
tomorrow" and was told it was not a line for Kissinger, though Dobrynin asked "How's the
weather?" and Kissinger answered "Perfect." (docs/quality.md, "In-character small talk refused
as chatter")."""

import pytest

from embeddings import RolePlay
from embeddings.evidence import spoken_words
from embeddings.refusals import CHATTER_MARGIN, SURE_FIT, SURE_MARGIN

WEATHER = "what is the weather like in Washington"


def _margin(roleplay: RolePlay, line: str, as_: str) -> float:
    scores, _, _ = roleplay.candidates(line, as_=as_)
    read = scores.reading
    return roleplay.refusals.chatter.margin(
        spoken_words(roleplay.encoder, read.spoken, read.tokens, read.pieces)
    )


@pytest.fixture(scope="module")
def roleplay(roleplay_with) -> RolePlay:
    """The fixture corpus with the calls where Dobrynin asks after the weather (v13 d322, v15
    d68) and whether Kissinger has looked through a paper (v09 d17)."""
    return roleplay_with(
        "frus1969-76v13-d322.txt", "frus1969-76v15-d68.txt", "frus1969-76v09-d17.txt"
    )


@pytest.mark.parametrize(
    ("line", "turn", "reply"),
    [
        (WEATHER, ("frus1969-76v13/d322", 0), "Perfect. I am sitting with Ken Rush"),
        (
            "Did you get a chance to read it yet?",
            ("frus1969-76v09/d17", 3),
            "Yes. I had a chance to look through it.",
        ),
    ],
)
def test_a_line_near_certainly_answered_just_past_the_chatter_bar_is_answered(
    roleplay, line, turn, reply
):
    assert CHATTER_MARGIN < _margin(roleplay, line, "dobrynin") < SURE_MARGIN
    answer = roleplay.respond(line, as_="dobrynin")
    assert answer.status in {"match", "ambiguous"} and answer.reason is None
    assert answer.confidence >= SURE_FIT
    top = answer.matches[0]
    assert (top.prompt.document, top.prompt.index) == turn
    assert top.reply[0].clean_text.startswith(reply)


def test_the_wider_bar_holds_only_for_a_near_certain_candidate(roleplay):
    scores, _, _ = roleplay.candidates(WEATHER, as_="dobrynin")
    read = scores.reading
    refusals = roleplay.refusals
    asked = (WEATHER, read.spoken, read.tokens, read.pieces)
    assert refusals.outright(*asked) == "chatter"
    assert refusals.outright(*asked, best=0.9) == "chatter"
    assert refusals.outright(*asked, best=0.99) is None


@pytest.mark.parametrize("line", ["whats the weather like tomorrow", "how hot is it outside today"])
def test_chatter_far_past_the_bar_is_refused_however_sure_its_candidate(roleplay, line):
    """Both would be answered "How's the weather?" → "Perfect." (fit 0.99)."""
    assert _margin(roleplay, line, "dobrynin") > SURE_MARGIN
    answer = roleplay.respond(line, as_="dobrynin")
    assert (answer.status, answer.reason, answer.matches) == ("no_match", "chatter", ())
    assert answer.confidence >= SURE_FIT
