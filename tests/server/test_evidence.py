"""The speaker model behind "Who said it?": held out by conversation, and it finds real cues."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from server.evidence import CLEAR, fit, level_of


@pytest.fixture(scope="module")
def index(fixture_index_dir: Path) -> Any:
    from embeddings import Index

    return Index.load(fixture_index_dir)


@pytest.fixture(scope="module")
def evidence(index: Any) -> Any:
    return fit(index)


@dataclasses.dataclass
class Relabelled:
    """The index with one conversation's speakers swapped: what a leak would pick up."""

    records: list[Any]
    documents: dict[str, Any]
    vectors: Any
    views: int


def test_a_conversation_is_scored_without_its_own_speakers(index: Any, evidence: Any) -> None:
    # v13 d161 and v32 d143 print one call: both are held out together.
    held = {"frus1969-76v13/d161", "frus1969-76v32/d143"}
    swap = {"kissinger": "dobrynin", "dobrynin": "kissinger"}
    records = [
        dataclasses.replace(r, speaker=swap[r.speaker]) if r.document in held else r
        for r in index.records
    ]
    relabelled = fit(Relabelled(records, index.documents, index.vectors, index.views))
    rows = [i for i, r in enumerate(index.records) if r.document in held]
    others = [i for i, r in enumerate(index.records) if r.document not in held]
    assert np.allclose(relabelled.logit[rows], evidence.logit[rows])
    assert not np.allclose(relabelled.logit[others], evidence.logit[others])


def test_a_line_speaking_for_moscow_points_to_dobrynin(index: Any, evidence: Any) -> None:
    # The fixture corpus is small (150 turns), so cues are few; "Moscow" / "my Government"
    # recur in Dobrynin's lines of other conversations, and the held-out model learns it.
    for_moscow = [
        r
        for r in index.records
        if r.speaker == "dobrynin" and re.search(r"\bMoscow\b|my Government", r.spoken_text)
    ]
    assert len(for_moscow) >= 8
    scores = [evidence.alone(r.document, r.index) for r in for_moscow]
    assert np.median(scores) >= 0.75, scores
    # Seen by a model that never saw the conversation, most lines still point the right way.
    right = np.mean([evidence.alone(r.document, r.index) > 0.5 for r in index.records])
    assert right > 0.55


def test_the_line_before_adds_its_evidence(index: Any, evidence: Any) -> None:
    rec = next(
        r
        for r in index.records
        if r.index > 0
        and evidence.alone(r.document, r.index - 1) >= CLEAR
        and index.turn(r.document, r.index - 1).speaker != r.speaker
    )
    alone = evidence.alone(rec.document, rec.index)
    assert evidence.with_context(rec.document, rec.index) > alone
    assert evidence.with_context(rec.document, 0) is None


def test_levels() -> None:
    assert level_of(0.95) == "clear"
    assert level_of(0.75) == "subtle"
    assert level_of(0.6) is None
