"""The role-play engine: starting a play-through, and what it refuses."""

from __future__ import annotations

from typing import Any

import pytest

from server.errors import ProtocolError
from server.roleplay import RoleplayEngine
from tests.server.conftest import SEED


@pytest.fixture(scope="module")
def engine(roleplay: Any) -> RoleplayEngine:
    return RoleplayEngine(roleplay)


def test_start_as_dobrynin_cues_kissinger_opening(engine: RoleplayEngine, fixture_corpus) -> None:
    ready, state = engine.start("dobrynin", SEED)
    opening = fixture_corpus.document(SEED).turns[0]
    assert (ready.position, ready.partner) == (1, "kissinger")
    assert [t.clean_text for t in ready.cue] == [opening.clean_text]
    assert state.dump() == {
        "kind": "roleplay",
        "as": "dobrynin",
        "document": SEED,
        "position": 1,
        "scenario": None,
        "lines": 0,
        "closeness": [],
        "offer": None,
    }


def test_say_in_play_through_scores_a_paraphrase_lower(engine: RoleplayEngine) -> None:
    _, state = engine.start("kissinger", SEED)
    exact = engine.say(state, "Anatol, two things about our discussions this morning.")
    loose = engine.say(state, "What time is it in Moscow?")
    assert exact.reply.script.closeness > loose.reply.script.closeness
    assert exact.state.position == loose.state.position == 2
    assert exact.end is None


def test_say_in_play_through_cites_the_recorded_reply(
    engine: RoleplayEngine, fixture_corpus
) -> None:
    _, state = engine.start("kissinger", SEED)
    said_line = "Anatol, two things about our discussions this morning."
    script = engine.say(state, said_line).reply.script
    doc = fixture_corpus.document(SEED)
    said, reply = doc.turns[0], doc.turns[1]
    assert [t.clean_text for t in script.recorded_reply] == [reply.clean_text]
    assert script.citation.model_dump() == {
        "document": SEED,
        "title": doc.title,
        "volume_title": doc.volume_title,
        "number": 107,
        "pages": sorted({*said.pages, *reply.pages}),
        "date": doc.date,
        "source": doc.source_note,
        "url": "https://history.state.gov/historicaldocuments/frus1969-76v39/d107",
        "excerpt": doc.excerpt,
    }


def test_start_refuses_narrative_record(engine: RoleplayEngine) -> None:
    with pytest.raises(ProtocolError) as refused:
        engine.start("kissinger", "frus1969-76v12/d95")
    assert (refused.value.code, refused.value.message) == (
        "not_a_dialogue",
        "Document 'frus1969-76v12/d95' is a narrative record, not a conversation, so it cannot "
        "be played; choose a transcript (GET /api/documents shows 'dialogue': true).",
    )


def test_start_refuses_unknown_document(engine: RoleplayEngine) -> None:
    with pytest.raises(ProtocolError) as refused:
        engine.start("kissinger", "frus1969-76v39/d999")
    assert refused.value.message == (
        "No document 'frus1969-76v39/d999' in the index; ids look like 'frus1969-76v39/d107' "
        "(GET /api/documents lists them)."
    )
