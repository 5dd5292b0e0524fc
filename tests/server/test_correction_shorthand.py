"""An instructor's correction answers the line as students type it, shorthand and all."""

from __future__ import annotations

import pytest

from embeddings import Index
from server.corrections import Corrector, normalised
from server.store import Correction
from tests.server.conftest import correction

LINE = "I will call you before you leave tomorrow."


def test_a_repeat_in_shorthand_is_the_same_line():
    assert normalised("ill call u b4 u leave tmrw!") == normalised(
        "I'll call you before you leave tomorrow"
    )


@pytest.fixture(scope="module")
def corrector(fixture_index_dir, encoder):
    return Corrector(Index.load(fixture_index_dir), encoder)


@pytest.mark.parametrize(
    "typed", ["ill call u b4 u leave tmrw", "i will call u before u leave 2morrow"]
)
def test_a_correction_answers_its_line_typed_in_shorthand(corrector, typed):
    """As typed, "ill call u b4 u leave tmrw" is 0.49 from the corrected line: no paraphrase."""
    found = corrector.find([correction(LINE)], typed, "kissinger")
    assert found is not None
    chosen, cosine = found
    assert chosen.line == LINE and cosine > 0.95


def test_shorthand_does_not_make_another_line_a_paraphrase(corrector):
    assert corrector.find([correction(LINE)], "u r leaving the talks tmrw?", "kissinger") is None
    assert (
        corrector.find([correction(LINE, "dobrynin")], "ill call u b4 u leave", "kissinger") is None
    )


def test_of_two_corrections_of_a_line_its_paraphrase_gets_the_newer(corrector):
    """The store lists corrections newest first; an exact repeat took the newer and a
    paraphrase, equally close to both, the older."""
    newer = Correction(
        id=2,
        class_code="HIST210",
        line=LINE,
        document=None,
        turn=None,
        speaker="kissinger",
        created="2026-12-03T00:00:00+00:00",
    )
    older = correction(LINE)
    for typed in (LINE, "ill call u b4 u leave tmrw"):
        found = corrector.find([newer, older], typed, "kissinger")
        assert found is not None and found[0].id == 2, typed


def test_a_transcript_read_again_encodes_none_of_its_lines_again(corrector):
    """An open transcript is read at every event of its session: its lines' vectors are kept."""
    calls: list[list[str]] = []

    class Counting:
        def encode(self, texts):
            calls.append(list(texts))
            return corrector.encoder.encode(texts)

        def whole_words(self):
            return corrector.encoder.whole_words()

    counted = Corrector(corrector.index, Counting())
    said = [
        ("ill call u b4 u leave tmrw", "kissinger"),
        ("u r leaving the talks tmrw?", "kissinger"),
    ]
    first = counted.find_all([correction(LINE)], said, keep=True)
    assert [f[0].id if f else None for f in first] == [1, None]
    assert len(calls) == 2  # the students' two lines in one call, the corrected line in one
    calls.clear()
    assert counted.find_all([correction(LINE)], said, keep=True) == first
    assert calls == []
