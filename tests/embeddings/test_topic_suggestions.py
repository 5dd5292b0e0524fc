"""A refused line that names a topic the record holds is offered lines of that topic's
conversations only (issue 11: "what about berlin" was offered a SALT speech that names Berlin
once, while the refusal listed Berlin's conversations)."""

import pytest

from embeddings import RolePlay
from embeddings.suggestions import SUGGESTION_FLOOR
from transcripts import NamedTopic, TopicNames

BERLIN = {"frus1969-76v40/d300", "frus1969-76v13/d159"}
SALT_SITES = ("frus1969-76v13/d321", 2)  # "... We have tried to help you on Berlin ..."


@pytest.fixture(scope="module")
def berlin(roleplay_with) -> RolePlay:
    """The fixture corpus, the SALT sites call that names Berlin once and two Berlin calls."""
    return roleplay_with(
        "frus1969-76v13-d321.txt", "frus1969-76v40-d300.txt", "frus1969-76v13-d159.txt"
    )


def _place(roleplay: RolePlay, row: int) -> tuple[str, int]:
    record = roleplay.index.records[row]
    return record.document, record.index


def test_a_topic_s_documents_are_those_the_index_holds(berlin):
    topic = NamedTopic("topic:berlin", "Berlin and the German treaties")
    assert TopicNames(berlin.index.documents.values()).documents([topic]) == BERLIN
    assert TopicNames([]).documents([topic]) == frozenset()


def test_what_about_berlin_is_not_offered_a_speech_naming_berlin_once(berlin):
    line = "what about berlin"
    _, rows, evidence = berlin.candidates(line)
    fit = dict(zip(rows, berlin.model.probability(evidence), strict=False))
    salt = berlin.index.row(*SALT_SITES)
    # Searched in the whole record, the speech is near enough to be offered.
    assert fit[salt] >= SUGGESTION_FLOOR
    answer = berlin.respond(line)
    assert (answer.status, answer.reason) == ("no_match", "weak")
    assert [t.id for t in answer.topics] == ["topic:berlin"]
    offered = [(m.prompt.document, m.prompt.index) for m in answer.suggestions]
    assert SALT_SITES not in offered
    assert {document for document, _ in offered} <= BERLIN


def test_a_refused_berlin_line_is_offered_berlin_lines(berlin):
    line = "the berlin negotiations are stuck on the federal presence question"
    answer = berlin.respond(line)
    assert (answer.status, answer.reason) == ("no_match", "weak")
    offered = {(m.prompt.document, m.prompt.index) for m in answer.suggestions}
    assert offered
    assert {document for document, _ in offered} <= BERLIN
    # A scope (a class's scenario) without the topic's conversations offers its own lines.
    scoped = berlin.respond(line, scope=["frus1969-76v13/d321"])
    assert (scoped.status, scoped.reason) == ("no_match", "weak")
    assert {m.prompt.document for m in scoped.suggestions} <= {"frus1969-76v13/d321"}
