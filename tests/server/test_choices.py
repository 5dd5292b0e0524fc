"""What-next choices: distinct by the real model, short, of similar length, other conversations."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from server.choices import MAX_CHARS, MAX_LENGTH_RATIO, distractors


@pytest.fixture(scope="module")
def index(fixture_index_dir: Path) -> Any:
    from embeddings import Index

    return Index.load(fixture_index_dir)


def test_every_set_of_choices_holds_the_rules(index: Any, encoder: Any) -> None:
    sets = []
    for record in index.records:
        wrong = distractors(index, record)
        if wrong is not None:
            sets.append([record, *wrong])
    assert len(sets) >= 40
    texts = sorted({t.clean_text for choice in sets for t in choice})
    vectors = dict(zip(texts, encoder.encode(texts), strict=True))
    for right, *wrong in sets:
        choices = [right, *wrong]
        assert len(wrong) == 3
        assert all(len(c.clean_text) <= MAX_CHARS for c in choices)
        lengths = [len(c.clean_text) for c in choices]
        assert max(lengths) <= MAX_LENGTH_RATIO * min(lengths)
        assert {c.speaker for c in choices} == {right.speaker}
        conversations = [
            frozenset({c.document, *index.documents[c.document].same_as}) for c in choices
        ]
        assert all(not (a & b) for a, b in itertools.combinations(conversations, 2))
        for a, b in itertools.combinations(choices, 2):
            cosine = float(np.dot(vectors[a.clean_text], vectors[b.clean_text]))
            assert cosine < 0.9, (a.clean_text, b.clean_text, cosine)


def test_a_long_answer_is_not_asked(index: Any) -> None:
    long = next(r for r in index.records if len(r.clean_text) > MAX_CHARS)
    assert distractors(index, long) is None
