"""The other side's names, as subjects, become "you" before a line is matched; the name a line
calls the listener by is left out of it, and out of the recorded turns as indexed."""

from __future__ import annotations

import pytest

from embeddings import Glossary, Index, RolePlay, build_index
from embeddings.address import addressed, unnamed
from embeddings.ranking import RERANK_DEPTH
from embeddings.roleplay import CANDIDATES
from embeddings.search import top_k
from embeddings.views import VIEWS, turn_records, view_texts
from tests.embeddings.helpers import make_document
from transcripts import Corpus, load_corpus, shipped_corpus_dir


@pytest.mark.parametrize(
    ("line", "role", "expected"),
    [
        (
            "It would really help if Moscow held back.",
            "kissinger",
            "It would really help if you held back.",
        ),
        ("The Kremlin is furious.", "kissinger", "you are furious."),
        ("Well, the Soviets won't budge.", "kissinger", "Well, you won't budge."),
        ("Your government has been slow.", "dobrynin", "you have been slow."),
        ("Washington wants a deal.", "dobrynin", "you want a deal."),
        ("Bonn has been holding us up.", "kissinger", "the Germans have been holding us up."),
        ("But London won't go ahead.", "dobrynin", "But the British won't go ahead."),
    ],
)
def test_addressed_turns_the_listeners_name_to_you(line, role, expected):
    assert addressed(line, role) == expected


@pytest.mark.parametrize(
    "line",
    [
        "I am going to Moscow tomorrow.",
        "Moscow's answer came late.",
        "What will Moscow do?",
        "I flew to London and Bonn.",
        "A proposal from the Soviet Government is not treated lightly.",
    ],
)
def test_addressed_leaves_places_and_objects_alone(line):
    assert addressed(line, "kissinger") == line


def test_addressed_changes_only_the_other_sides_names():
    assert addressed("Washington wants a deal.", "kissinger") == "Washington wants a deal."
    assert addressed("Moscow will object.", "dobrynin") == "Moscow will object."
    assert addressed("Moscow will object.", "brezhnev") == "Moscow will object."


@pytest.mark.parametrize(
    ("line", "role", "expected"),
    [
        ("anatoly when do you fly home?", "kissinger", "when do you fly home?"),
        (
            "you sound busy today anatoly, whats going on",
            "kissinger",
            "you sound busy today, whats going on",
        ),
        (
            "What we need, Anatol, on that is a program.",
            "kissinger",
            "What we need, on that is a program.",
        ),
        ("O.K., Anatol, thank you.", "kissinger", "O.K., thank you."),
        (
            "I cannot judge. Anatol, you are more devious.",
            "kissinger",
            "I cannot judge. you are more devious.",
        ),
        ("hello mr. ambassador, how are you", "kissinger", "hello how are you"),
        ("ambassador, we need an answer", "kissinger", "we need an answer"),
        ("hows the weather out there henry", "dobrynin", "hows the weather out there"),
        ("Hello, Henry. You are already back?", "dobrynin", "Hello. You are already back?"),
        ("Dr. Kissinger, come to Moscow", "dobrynin", "come to Moscow"),
        (
            "what do the israelis want now, Mr. Secretary?",
            "dobrynin",
            "what do the israelis want now?",
        ),
    ],
)
def test_unnamed_leaves_out_the_name_the_listener_is_called_by(line, role, expected):
    assert unnamed(line, role) == expected


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("hey anatol", "kissinger"),  # calling him is what it says
        ("Hello, Henry.", "dobrynin"),
        ("Ambassador Beam said no.", "kissinger"),  # another ambassador
        ("our ambassador in Beirut was taken", "kissinger"),
        ("the Secretary of State, Dr. Kissinger, come urgently", "dobrynin"),  # an apposition
        ("Henry's plan is fine", "dobrynin"),
        ("anatoly, when do you fly home?", "dobrynin"),  # not the listener
        ("henry, when can we meet?", "kissinger"),
        ("anatoly, when do you fly home?", "brezhnev"),
    ],
)
def test_unnamed_keeps_names_that_do_not_call_the_listener(line, role):
    assert unnamed(line, role) == line


def test_a_turns_views_leave_out_the_name_its_speaker_calls_the_other_by():
    call = make_document(
        "frus-test-v1/d1",
        [
            ("K", "Anatol, the grain sale can go ahead."),
            ("D", "Good, Henry. Moscow will be pleased."),
        ],
    )
    texts = view_texts(turn_records(Corpus((call,))), Glossary())
    turn, plain, exchange = (VIEWS.index(v) for v in ("turn", "plain", "exchange"))
    assert texts[turn].startswith("the grain sale can go ahead. (")
    assert texts[plain] == "Anatol, the grain sale can go ahead."  # the turn's own words
    assert texts[exchange].startswith(
        "the grain sale can go ahead. Good. Moscow will be pleased. ("
    )
    assert "Anatol" not in texts[turn] + texts[exchange]
    assert "Henry" not in texts[len(VIEWS) + turn]


# Calls whose turns mostly greet by name ("Hello, Henry.", "Anatol."), and the two whose turns
# answer the lines below. The fixture corpus has one turn that names the listener, too few to
# draw a line away from the turn it fits.
GREETINGS = ("v16-d48", "v16-d114", "v16-d287", "v14-d220", "v15-d68", "v15-d3", "v40-d367")


@pytest.fixture(scope="module")
def greeted(tmp_path_factory, encoder, shipped_vectors) -> RolePlay:
    """A role-play over these calls alone (their vectors and the chatter examples' read from a
    copy of the shipped index's cache, not encoded)."""
    sources = [
        shipped_corpus_dir() / "frus-text" / f"frus1969-76{name}.txt"
        for name in ("v13-d145", "v13-d159", *GREETINGS)
    ]
    index_dir = shipped_vectors(tmp_path_factory.mktemp("greeted") / "index")
    build_index(load_corpus(sources), index_dir, encoder=encoder)
    return RolePlay(Index.load(index_dir), encoder, cached=True)


@pytest.mark.parametrize(
    ("line", "as_", "document", "turn", "reply"),
    [
        (
            "anatoly, you seem very busy today",
            "kissinger",
            "frus1969-76v13/d159",
            2,
            "I am preparing for my way home.",
        ),
        (
            "henry, has our paper reached you?",
            "dobrynin",
            "frus1969-76v13/d145",
            0,
            "Yes, and am analyzing them now. There are some positive elements and some that may "
            "present troubles.",
        ),
    ],
)
def test_a_line_naming_the_listener_reaches_the_turn_it_fits(
    greeted, line, as_, document, turn, reply
):
    """Before, the name and its label drew these lines to the greetings: the fitting turn was
    12th in the first stage and not among the rerank's candidates."""
    row = greeted.index.row(document, turn)
    scores, rows, _ = greeted.candidates(line, as_=as_)
    first_stage = top_k(scores.fused, RERANK_DEPTH, scores.mask).tolist()
    assert first_stage[0] == row
    assert rows[:CANDIDATES].index(row) == 0
    answer = greeted.respond(line, as_=as_)
    assert answer.status == "match"
    match = answer.matches[0]
    assert (match.prompt.document, match.prompt.index) == (document, turn)
    assert [t.clean_text for t in match.reply] == [reply]
    assert match.document.url.endswith(document)
