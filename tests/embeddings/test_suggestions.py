"""A line refused for a name the record cannot hold is offered only lines near what else it says.

"What about Putin?" was offered Kissinger's "What way? Do it in Moscow?" (v12 d189 turn 23):
the tier model gave it a fit above the threshold (0.36 since a line of Kissinger's is supported
only by the words said around it: still above the floor a line refused as weak is offered at),
reading the later name near Moscow and two words any question says. Besides the name the line
says nothing, so nothing is offered; "Putin will protest about the conference." still gets the
seed's line on protesting (refitted, THRESHOLD 0.7: its line on the conference, 0.68, no longer
reaches the bar such a line is offered at).
"""

from __future__ import annotations

import pytest

from embeddings.evidence import without
from embeddings.lexical import Lexical
from embeddings.suggestions import FUNCTION_STEMS, SUGGESTION_FLOOR, near_the_rest, telling
from tests.embeddings.tier_fits import model_fits

SEED = "frus1969-76v39/d107"
DO_IT = ("frus1969-76v12/d189", 23)  # K: "What way? Do it in Moscow?"
OLYMPICS = "the president asked me to talk about the olympics"


@pytest.fixture(scope="module")
def roleplay(roleplay_with):
    """The fixture corpus plus v12 d189 as the shipped index reads it (from the TEI)."""
    return roleplay_with("frus-tei/frus1969-76v12-d189.xml")


def _offered(answer):
    return [(m.prompt.document, m.prompt.index, m.prompt.spoken_text) for m in answer.suggestions]


def test_a_name_and_nothing_else_is_offered_nothing(roleplay):
    line = "What about Putin?"
    _, rows, evidence = roleplay.candidates(line)
    fit = roleplay.model.probability(evidence)
    # the fit alone would offer the short Moscow turn to a line refused as weak
    best = roleplay.index.records[rows[int(fit.argmax())]]
    assert (best.document, best.index) == DO_IT and fit.max() >= SUGGESTION_FLOOR

    answer = roleplay.respond(line)
    assert (answer.status, answer.reason, answer.names) == ("no_match", "anachronism", ("Putin",))
    assert answer.suggestions == ()


def test_a_name_with_more_said_is_offered_what_says_it(roleplay):
    answer = roleplay.respond("Putin will protest about the conference.")
    assert (answer.reason, answer.names) == ("anachronism", ("Putin",))
    assert _offered(answer) == [(SEED, 52, "The Chinese will protest.")]


def test_a_rest_the_record_says_everywhere_is_offered_nothing(shipped):
    """ "the president asked me to talk about the olympics" (`free_dev_openers`: nothing in the
    record answers it) is refused, the Olympics being a topic no recorded turn speaks of. The
    rest of the line, the President asking and talking, is said in most conversations: no word
    of it tells one line from another, so nothing is offered, though the tier model would offer
    two of his requests at fits above the bar (0.95, 0.81). (Refitted, THRESHOLD 0.7: the other
    tests of this module would pass without the rule, their lines' other candidates being
    below the bar a line refused for a name is offered at.)"""
    fits = model_fits(shipped, OLYMPICS, "kissinger")
    assert fits[("frus1969-76v13/d284", 7)] >= shipped.threshold  # "… The President asked me …"
    assert fits[("frus1969-76v13/d25", 6)] >= shipped.threshold  # "… the President wanted me …"
    answer = shipped.respond(OLYMPICS)
    assert (answer.status, answer.reason, answer.names) == ("no_match", "unheld", ("olympics",))
    assert answer.suggestions == ()


def test_the_rest_of_a_line_leaves_the_refused_names_out(roleplay):
    assert without("What about Putin's war?", {"putin"}) == "What about  war?"
    assert roleplay.refusals.rest("What about Putin?", "anachronism") == "What about ?"
    assert roleplay.refusals.rest("The Chinese will protest about Cuba.", "unheld") == (
        "The Chinese will protest about ."
    )
    # a refusal for another reason rests on no name: the line is all there is
    assert roleplay.refusals.rest("What about Putin?", "chatter") == "What about Putin?"


def test_telling_words_are_neither_function_words_nor_the_records_common_ones():
    assert {"what", "about", "who", "out", "doe"} <= FUNCTION_STEMS
    stems = Lexical.tokens("What does he think about SALT (arms control)?")
    assert stems == ["what", "doe", "he", "think", "about", "salt", "arm", "control"]
    assert telling(stems, common={"think", "talk"}) == {"salt", "arm", "control"}
    assert telling(Lexical.tokens("What about ?"), common=()) == frozenset()


def test_only_rows_that_say_a_telling_word_are_near_the_rest():
    turns = [["way", "moscow"], ["chines", "protest"], ["confer", "discuss"]]
    assert near_the_rest([7, 3, 9], turns, frozenset({"protest", "confer"})) == [3, 9]
    assert near_the_rest([7, 3, 9], turns, frozenset()) == []
