"""A correction reaches a student's rewording of its line, not a line that changes one word that
matters (a number, a negation, a name, who does what to whom, a direction, a word to its
opposite). The pairs are the judged dev pairs of tests/data/correction_pairs/dev.jsonl."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from embeddings import Index
from server.corrections import PARAPHRASE, Corrector
from server.limits import MAX_LINE_CHARS
from server.rewording import Lexicon, change
from tests.server.conftest import correction

# (corrected line, another student's rewording of it, the side both play)
REWORDED = [
    ("Will you limit ABM sites to two?", "r u ok with only 2 abm sites each", "kissinger"),
    (
        "We cannot accept your position on the Middle East.",
        "ur middle east position is unacceptable to us",
        "dobrynin",
    ),
    (
        "When will the President answer Brezhnev's letter?",
        "when is nixon going to reply to brezhnevs letter",
        "dobrynin",
    ),
    (
        "Tell Syria to pull its tanks out of Jordan.",
        "get the syrians to withdraw their tanks from jordan",
        "kissinger",
    ),
    (
        "Moscow wants the summit announced soon.",
        "the kremlin wants to announce the summit asap",
        "dobrynin",
    ),
    (  # a year said short
        "The Israelis must give back the land they took in 1967.",
        "israel has to return the land it took in 67",
        "dobrynin",
    ),
    (  # the names in the other order, each in a frame of its own
        "The President sent Brezhnev a letter yesterday.",
        "brezhnev got a letter from nixon yesterday",
        "dobrynin",
    ),
    (  # a word said for its opposite's "not"
        "Moscow rejects your proposal on Berlin.",
        "the kremlin cant accept ur berlin proposal",
        "dobrynin",
    ),
]
# (corrected line, a line that needs another recorded reply, the side, what changed)
CHANGED = [
    ("Will you limit ABM sites to two?", "Will you limit ABM sites to one?", "kissinger", "number"),
    (
        "We cannot accept your position on the Middle East.",
        "We can accept your position on the Middle East.",
        "dobrynin",
        "negation",
    ),
    (
        "When will the President answer Brezhnev's letter?",
        "When will Brezhnev answer the President's letter?",
        "dobrynin",
        "roles",
    ),
    (
        "When are you going back to Moscow?",
        "When are you coming back from Moscow?",
        "kissinger",
        "direction",
    ),
    (
        "The Egyptians violated the ceasefire.",
        "The Israelis violated the ceasefire.",
        "kissinger",
        "name",
    ),
    (
        "Does Moscow want to sell gold this year?",
        "does moscow want to buy gold this yr",
        "kissinger",
        "opposite",
    ),
    (
        "Are the Chinese massing troops in the north?",
        "r the chinese massing troops in the south",
        "kissinger",
        "opposite",
    ),
    ("The border clashes began in 1969.", "the border clashes started in 72", "dobrynin", "number"),
    (
        "Did the Egyptians ask Moscow for more arms?",
        "did moscow ask the egyptians for more arms",
        "kissinger",
        "roles",
    ),
]


@pytest.fixture(scope="module")
def index(fixture_index_dir):
    return Index.load(fixture_index_dir)


@pytest.fixture(scope="module")
def lexicon(index, encoder):
    return Lexicon([r.spoken_text for r in index.records], index.glossary, encoder.whole_words())


def told(lexicon: Lexicon, corrected: str, line: str) -> str | None:
    return change(lexicon.gist(corrected), lexicon.gist(line))


def test_a_year_said_short_is_the_year(lexicon):
    assert lexicon.gist("after the '73 war").numbers == {73}
    assert told(lexicon, "back to the 1967 lines", "back to the '67 lines") is None
    assert told(lexicon, "back to the 1967 lines", "back to the 73 lines") == "number"
    assert told(lexicon, "It began in the 1960s.", "it began in the sixties") is None
    assert told(lexicon, "It began in the sixties.", "it began in 1973") == "number"
    assert told(lexicon, "limit the sites to 67", "limit the sites to 68") == "number"


def test_a_word_said_for_its_opposite_turns_the_line_as_a_not_does(lexicon):
    assert told(lexicon, "We accept the plan.", "we reject the plan") == "opposite"
    assert told(lexicon, "We cannot accept the plan.", "we reject the plan") is None
    assert told(lexicon, "We accept the plan.", "we dont reject the plan") is None
    assert told(lexicon, "We reduce our forces.", "we cut our forces") is None  # one side
    assert told(lexicon, "Will you buy or sell wheat?", "will you sell wheat") is None  # both
    assert told(lexicon, "Meet me before lunch.", "meet me after lunch") == "opposite"
    assert told(lexicon, "Bomb the north.", "bomb the south") == "opposite"
    assert told(lexicon, "We can accept the plan.", "we cannot accept the plan") == "negation"


def test_a_phrasal_verb_is_read_as_the_word_it_means(lexicon):
    """ "turn ... down" is "reject", "break off" is "sever": opposites of "approve", "improve",
    "open", with the particle up to three words after the verb."""
    assert told(lexicon, "Did they approve the draft?", "did they turn down the draft") == (
        "opposite"
    )
    assert told(lexicon, "Why reject the draft treaty?", "y turn the draft treaty down") is None
    assert told(lexicon, "We want to improve relations.", "we want to break off relations") == (
        "opposite"
    )
    assert told(lexicon, "Will you open the talks?", "will u end the talks") == "opposite"
    assert told(lexicon, "They broke off the talks.", "they ended the talks") is None
    assert told(lexicon, "When will the talks begin?", "when do the talks start") is None


def test_a_place_the_record_does_not_know_still_has_a_direction(lexicon):
    """ "Haiphong" written with a capital is a name of the line's own; typed in lower case in
    the other line it is the same place, gone the other way."""
    assert told(
        lexicon, "Is the tanker going to Haiphong?", "is the tanker coming from haiphong"
    ) == ("direction")
    assert (
        told(lexicon, "Is the tanker going to Haiphong?", "is the tanker headed to haiphong")
        is None
    )


def test_the_two_germanys_are_told_apart(lexicon):
    assert (
        told(lexicon, "West Germany will ratify it.", "east germany will ratify it") == "opposite"
    )
    assert (
        told(lexicon, "The GDR controls the routes.", "the frg controls the routes") == "opposite"
    )
    assert told(lexicon, "West Germany will ratify it.", "bonn will ratify it") is None
    assert told(lexicon, "East Germany must sign.", "the gdr has to sign") is None


def test_the_united_states_is_america_however_it_is_said(lexicon):
    for said in ("america", "the usa", "the U.S.", "the US", "Washington"):
        assert told(lexicon, "The United States wants detente.", f"{said} wants detente") is None
    assert told(lexicon, "The United States wants detente.", "the soviets want detente") == "name"
    assert lexicon.gist("tell us what you want").names == ()  # "us" in lower case: the pronoun


def test_a_passive_keeps_who_does_what_to_whom(lexicon):
    """ "Israel was attacked by Syria" says what "Syria attacked Israel" says; with the names
    traded in the passive too, the roles are swapped."""
    assert told(lexicon, "Syria attacked Israel.", "israel was attacked by syria") is None
    assert told(lexicon, "Syria attacked Israel.", "syria was attacked by israel") == "roles"
    assert told(lexicon, "Israel was attacked by Syria.", "syria was attacked by israel") == (
        "roles"
    )
    assert told(lexicon, "Nixon invited Brezhnev.", "brezhnev got invited by nixon") is None


def test_roles_are_swapped_only_where_the_names_traded_places_in_one_frame(lexicon):
    """The word beside each name, function words passed over: "answer" stays after the first
    name when the names trade places; "letter" goes with the President when a rewording turns
    the sentence round."""
    traded = lexicon.gist("When will Brezhnev answer the President's letter?")
    assert lexicon.gist("When will the President answer Brezhnev's letter?").beside == (
        ("", "answer"),
        ("answer", "letter"),
    )
    assert traded.beside == (("", "answer"), ("answer", "letter"))
    turned = lexicon.gist("pls pass nixons letter to brezhnev")
    assert turned.names == ("presid", "brezhnev")
    assert turned.beside == (("pass", "letter"), ("to", ""))
    assert change(lexicon.gist("Please give Brezhnev the President's letter."), turned) is None


@pytest.mark.parametrize(("corrected", "line", "as_"), REWORDED)
def test_a_rewording_changes_nothing_that_matters(lexicon, corrected, line, as_):
    assert change(lexicon.gist(corrected), lexicon.gist(line)) is None


@pytest.mark.parametrize(("corrected", "line", "as_", "what"), CHANGED)
def test_a_line_changing_one_word_that_matters_is_told(lexicon, corrected, line, as_, what):
    assert change(lexicon.gist(corrected), lexicon.gist(line)) == what


def test_names_are_read_as_the_record_says_them(lexicon):
    """ "nixon" is "the President", "the kremlin" and Moscow are the Soviets, "syrians" Syria."""
    assert lexicon.gist("when is nixon going to reply").names == ("presid",)
    assert lexicon.gist("the kremlin wants").names == lexicon.gist("Moscow wants").names
    assert lexicon.gist("We will not accept it.").negative
    assert not lexicon.gist("we wont say it's unacceptable").negative  # two negations


@pytest.fixture(scope="module")
def corrector(index, encoder):
    return Corrector(index, encoder)


@pytest.mark.parametrize(("corrected", "line", "as_"), REWORDED)
def test_a_correction_reaches_a_rewording_of_its_line(corrector, corrected, line, as_):
    found = corrector.find([correction(corrected, as_)], line, as_)
    assert found is not None and found[0].line == corrected


@pytest.mark.parametrize(("corrected", "line", "as_", "what"), CHANGED)
def test_a_correction_does_not_reach_a_line_that_changes_what_matters(
    corrector, corrected, line, as_, what
):
    """Each of these lines is as close to the corrected one as a rewording (the cosine alone
    reaches it), and needs another recorded reply."""
    fixes = [correction(corrected, as_)]
    alone = Corrector(corrector.index, corrector.encoder, veto=False).find(fixes, line, as_)
    assert alone is not None and alone[1] >= PARAPHRASE
    assert corrector.find(fixes, line, as_) is None


# Words the gist reads: names as written and as typed, numbers, negations, directions.
WORDS = (
    *("Nixon", "nixon", "the President", "Brezhnev", "brezhnevs", "Moscow", "kremlin", "ussr"),
    *("Syria", "syrians", "Cairo", "Egypt", "to", "from", "into", "not", "can't", "cannot"),
    *("unacceptable", "un", "two", "2", "2nd", "twenty", "ten million", "1,500", ",", "?"),
    *("r", "u", "pls", "the", "letter", "sites", "ABM", "SALT", "answer", "back"),
    *("buy", "sell", "reject", "accept", "before", "b4", "after", "north", "South", "1967"),
    *("'67", "sixties", "did", "give"),
    *("was", "attacked", "by", "turn", "down", "broken", "off", "West Germany", "east", "gdr"),
    *("US", "the United States", "u.s.", "Haiphong", "haiphong"),
)


# derandomize: the same examples on every run, as tests/server/test_fuzz.py (a clean clone's CI
# must not fail on a draw); wider random runs found the two kept below (@example)
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    line=st.one_of(
        st.text(max_size=MAX_LINE_CHARS),
        st.text(alphabet="0123456789, stndrhuo'’", max_size=MAX_LINE_CHARS),
        st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    )
)
@example(line="Syria Nixon syrians")  # a name and its adjective: read as roles swapped
@example(line="to Nixon from Nixon")  # both ways in each line: read as turned round
def test_any_line_a_student_may_say_rewords_itself(lexicon, line):
    """Whatever is typed (digits up to the line limit, shorthand, names, stray marks), its gist
    is read, and a line changes nothing of itself: a correction always reaches its own line."""
    assert lexicon.rewords(line, line)
