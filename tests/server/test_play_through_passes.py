"""A line played through a conversation costs one forward pass of the encoder, not two or three,
and is answered exactly as before: the same reply, the same closeness, the same correction."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from server.activity import RoleplayState
from server.roleplay import RoleplayEngine
from server.store import Correction
from server.wire import answer_out
from tests.server.conftest import SEED

# Lines whose search reads other words than the student typed: the name of the one addressed
# dropped, shorthand in standard spelling, a glossary label added, spaces collapsed.
LINES = {
    "kissinger": (
        "Anatol, two things about our discussions this morning.",
        "u think the MBFR talks will last?",
        "  What is   the capital of Australia? ",
        "Mr. Ambassador, the President wants an answer by Friday.",
    ),
    "dobrynin": (
        "Henry, what do you want from us?",
        "we r ready 2 talk about the summit",
        "The weather in Moscow is cold.",
    ),
}
STEPS, CORRECTED = 150, 38  # the play-throughs' lines, and those a correction answered or refused
CORRECTIONS = [
    Correction(1, "HIST210", "you think the MBFR talks will last long?", SEED, 0, "kissinger", "t"),
    Correction(2, "HIST210", "What is the capital of Australia?", None, None, "kissinger", "t"),
    Correction(3, "HIST210", "What do you want from us?", SEED, 1, "dobrynin", "t"),
]


@pytest.fixture(scope="module")
def engine(roleplay: Any) -> RoleplayEngine:
    return RoleplayEngine(roleplay)


class _Passes:
    """The encoder's forward passes, each as the texts of its batch."""

    def __init__(self, encoder: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.batches: list[list[str]] = []
        batch = encoder._batch

        def counted(texts: list[str], run: Any, with_tokens: bool, stages: Any) -> Any:
            self.batches.append(list(texts))
            return batch(texts, run, with_tokens, stages)

        monkeypatch.setattr(encoder, "_batch", counted)


def _reference(engine: RoleplayEngine, state: RoleplayState, line: str) -> tuple[Any, float]:
    """What ``say`` answered when each text was encoded on its own: the search's answer, the
    instructor's correction over it, and the encoder's similarity of the line as typed and
    the recorded line."""
    from embeddings import Context

    assert state.document is not None and state.position is not None
    roleplay = engine.roleplay
    roleplay.reader.forget()
    context = Context(state.document, state.position)
    answer = answer_out(roleplay.respond(line, as_=state.as_, context=context))
    found = engine.corrector.find(CORRECTIONS, line, state.as_)
    if found is not None:
        answer = engine.corrector.apply(answer, *found)
    said = roleplay.index.turn(state.document, state.position).spoken_text
    return answer.model_dump(mode="json"), round(float(engine.encoder.similarity(line, said)), 4)


def test_a_play_through_line_is_one_forward_pass(
    engine: RoleplayEngine, encoder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search's reading encodes the line as typed beside it (the closeness), and the line
    in standard spelling where a correction may be a paraphrase of it: one batch. The recorded
    line's vector is the index's. Before: the reading, then the line with the recorded line,
    then the corrections' reading of the line, each a pass of its own."""
    _, state = engine.start("kissinger", SEED)
    engine.say(state, LINES["kissinger"][1], CORRECTIONS)  # the corrections' lines encoded once
    engine.roleplay.reader.forget()
    passes = _Passes(encoder, monkeypatch)
    said = engine.say(state, LINES["kissinger"][0])
    assert passes.batches == [
        [
            "two things about our discussions this morning.",
            "Anatol, two things about our discussions this morning.",
        ]
    ]
    assert said.reply.script is not None and said.reply.script.closeness == 0.3779
    passes.batches.clear()
    engine.say(state, LINES["kissinger"][1], CORRECTIONS)
    assert passes.batches == [
        [
            "you think the MBFR talks will last? "
            "(MBFR, mutual and balanced force reductions, troop cuts)",
            "u think the MBFR talks will last?",
            "you think the MBFR talks will last?",
        ]
    ]
    passes.batches.clear()  # read as typed, searched as typed: one text
    engine.say(state, "What is the capital of Australia?")
    assert passes.batches == [["What is the capital of Australia?"]]


def test_every_play_through_step_answers_as_when_each_text_was_encoded_alone(
    engine: RoleplayEngine, roleplay: Any
) -> None:
    """Every dialogue of the fixture corpus played through as each side, a class's
    corrections in force: each reply (status, matches, scores, suggestions, correction) and
    each closeness is the one the line gets encoded alone and compared with the recorded line
    encoded with it (the encoder's similarity), as ``say`` computed them before."""
    steps = corrected = 0
    for doc in roleplay.index.documents.values():
        if not doc.dialogue or not doc.turns:
            continue
        for as_, lines in LINES.items():
            if not any(roleplay.index.turn(doc.id, t).speaker == as_ for t in range(doc.turns)):
                continue
            _, state = engine.start(as_, doc.id)
            while state.position is not None:
                line = lines[steps % len(lines)]
                said = engine.say(state, line, CORRECTIONS)
                answer, closeness = _reference(engine, state, line)
                reply = said.reply.dump()  # as sent and stored
                script = reply.pop("script")
                del reply["type"]
                assert (reply, script["closeness"]) == (answer, closeness), (doc.id, line)
                steps += 1
                corrected += answer.get("correction") is not None or any(
                    m.get("chosen_by") for m in answer["matches"]
                )
                state = said.state
    assert (steps, corrected) == (STEPS, CORRECTED)


def test_the_reading_is_the_same_with_other_texts_in_its_pass(roleplay: Any) -> None:
    """The line's reading, encoded with other texts in one batch, is the reading of the line
    encoded alone, to the last bit: the search, its tiers and scores cannot tell them apart."""
    for as_, lines in LINES.items():
        for line in lines:
            roleplay.reader.forget()
            alone = roleplay.read(line, as_)
            roleplay.reader.forget()
            shared = roleplay.read(line, as_, also=[line, line.upper()])
            for field in ("query", "tokens", "dense", "lexical", "weights"):
                assert np.array_equal(getattr(alone, field), getattr(shared, field)), field
            assert (alone.read, alone.spoken, alone.pieces, alone.domain) == (
                shared.read,
                shared.spoken,
                shared.pieces,
                shared.domain,
            )
            assert np.array_equal(shared.also[line], roleplay.encoder.encode([line])[0])
