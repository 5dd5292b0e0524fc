"""A line naming a topic the record holds is refused as classroom chatter only when it comes far
nearer a chatter example than any recorded turn: "What about the fighting in Lebanon?" reads
like the example "what about the war in gaza", and was told it was not a line for Dobrynin."""

import pytest

from embeddings import RolePlay
from embeddings.evidence import spoken_words
from embeddings.refusals import CHATTER_MARGIN, TOPIC_MARGIN, Refusals
from transcripts import NamedTopic, TopicNames

LEBANON = "frus1969-76v16/d285"


def _margin(roleplay: RolePlay, line: str) -> float:
    scores, _, _ = roleplay.candidates(line)
    return roleplay.refusals.chatter.margin(
        spoken_words(roleplay.encoder, scores.reading.spoken, scores.reading.tokens)
    )


@pytest.fixture(scope="module")
def lebanon(roleplay_with) -> RolePlay:
    """The fixture corpus and the 1976 call on evacuating Americans from Lebanon."""
    return roleplay_with("frus1969-76v16-d285.txt")


def test_the_names_are_those_of_the_topics_the_documents_hold(roleplay, lebanon):
    fixture = TopicNames(roleplay.index.documents.values()).names
    assert {"middle east", "syria", "egyptian", "salt", "helsinki", "kudirka"} <= fixture
    assert not {"lebanon", "beirut", "vietnam", "china", "grain"} & fixture
    added = TopicNames(lebanon.index.documents.values()).names - fixture
    assert added == {"lebanon", "lebanese", "beirut", "palestinians", "plo"}


@pytest.mark.parametrize(
    ("line", "held"),
    [
        ("What about the war in the MIDDLE EAST?", True),
        ("and Chou En-lai's visit", False),  # China is not a topic of the fixture corpus
        ("the middle of the east wing", False),
        ("Syria's tanks", True),
        ("asalt", False),
    ],
)
def test_a_name_counts_as_a_whole_word_or_phrase(roleplay, line, held):
    assert bool(roleplay.refusals.topics(line)) is held


def test_a_line_names_each_topic_once_in_the_list_s_order(roleplay):
    line = "Sadat, Syria and SALT, and the Middle East"
    assert [t.id for t in roleplay.refusals.topics(line)] == [
        "topic:war-1973",
        "topic:salt",
        "topic:middle-east",
    ]


def test_a_question_on_a_held_topic_gets_the_record_s_answer(lebanon):
    line = "What about the fighting in Lebanon?"
    assert CHATTER_MARGIN < _margin(lebanon, line) < TOPIC_MARGIN
    answer = lebanon.respond(line)
    assert answer.status == "match"
    top = answer.matches[0]
    assert (top.prompt.document, top.prompt.index) == (LEBANON, 15)
    assert top.prompt.clean_text.startswith("It depends on military operations—what is going on")
    assert [t.clean_text for t in top.reply] == ["You have already decided?"]
    # Without the topics' names the same line is chatter, whatever its candidates.
    scores, _, _ = lebanon.candidates(line)
    spoken = [r.spoken_text for r in lebanon.index.records]
    blind = Refusals(spoken, lebanon.refusals.chatter, lebanon.encoder)  # no topic names
    assert blind.outright(line, scores.reading.spoken, scores.reading.tokens) == "chatter"
    assert lebanon.refusals.outright(line, scores.reading.spoken, scores.reading.tokens) is None


MIDDLE_EAST = NamedTopic("topic:middle-east", "The Middle East, 1970–1971")
WAR = NamedTopic("topic:war-1973", "The October 1973 war")


@pytest.mark.parametrize(
    ("line", "topics"),
    [
        # the Middle East of 1973 too: it named only 1970–1971's, as if the record stopped there
        ("What about the war in the Middle East?", (WAR, MIDDLE_EAST)),
        # the topic's own title, "The October 1973 war", refused as classroom talk before
        ("I want to talk about the October war", (WAR,)),
        ("What about the Egyptian army?", (WAR,)),
        ("Anatoly, what about the tanks in Syria?", (WAR,)),
    ],
)
def test_a_held_topic_line_nothing_answers_is_refused_as_weak_not_as_chatter(
    roleplay, line, topics
):
    """The fixture corpus holds the 1973 war and the Middle East but no turn that answers
    these: refused as the record holding no answer, not as talk that is no line of the channel."""
    assert CHATTER_MARGIN < _margin(roleplay, line) < TOPIC_MARGIN
    answer = roleplay.respond(line)
    assert (answer.status, answer.reason, answer.matches) == ("no_match", "weak", ())
    assert answer.topics == topics


@pytest.mark.parametrize(
    "line",
    [
        "i love egyptian food",
        "what is the population of egypt right now",
        "who is the president of israel now",
        "what about the war in vietnam",  # not a topic of the fixture corpus
    ],
)
def test_chatter_naming_a_held_topic_is_still_chatter(roleplay, line):
    answer = roleplay.respond(line)
    assert (answer.status, answer.reason, answer.matches, answer.topics) == (
        "no_match",
        "chatter",
        (),
        (),
    )
    assert _margin(roleplay, line) > TOPIC_MARGIN
