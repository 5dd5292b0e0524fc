"""What-next choices: distinct by the real model, short, of similar length, other conversations."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from server.choices import (
    MAX_CHARS,
    MAX_LENGTH_RATIO,
    candidates,
    choose,
    distractors,
    equally_good,
    line_key,
    same_reading,
    shorter,
    topical_names,
)

# Four calls in which Dobrynin says "I understand" in his several ways, the answer of one (vol.
# XV, doc. 3, line 9) among them.
UNDERSTOOD = (
    "frus1969-76v15-d3.txt",
    "frus1969-76v39-d307.txt",
    "frus1969-76v40-d300.txt",
    "frus1969-76v25-d193.txt",
)


@pytest.fixture(scope="module")
def index(fixture_index_dir: Path) -> Any:
    from embeddings import Index

    return Index.load(fixture_index_dir)


@pytest.fixture(scope="module")
def understood(
    fixture_paths: list[Path], shipped_vectors: Any, encoder: Any, tmp_path_factory: Any
) -> Any:
    """The fixture corpus and the four calls, indexed (no text encoded: every vector is read
    from a copy of the shipped index's cache)."""
    from embeddings import Index, build_index
    from transcripts import load_corpus, shipped_corpus_dir

    paths = [*fixture_paths, *(shipped_corpus_dir() / "frus-text" / n for n in UNDERSTOOD)]
    root = shipped_vectors(tmp_path_factory.mktemp("understood") / "index")
    build_index(load_corpus(paths), root, encoder=encoder)
    return Index.load(root)


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


def test_lines_that_read_the_same_are_told_by_their_words(understood: Any) -> None:
    """The rule on the record's own lines: the acknowledgements at either end set aside, what
    is left is compared; a word of substance keeps two lines apart."""

    def line(document: str, turn: int) -> str:
        return str(understood.turn(f"frus1969-76{document}", turn).clean_text)

    answer = line("v15/d3", 8)
    assert answer == "Yeah, I understand. Okay, thank you."
    alike = [line("v39/d307", 4), line("v40/d300", 23), line("v25/d193", 15), line("v40/d300", 5)]
    assert alike == [
        "Yeah, I understand.",
        "Oh I see. I understand. Okay.",
        "No, no, I understand.",
        "Yes, I understand.",
    ]
    assert all(same_reading(a, b) for a, b in itertools.combinations([answer, *alike], 2))
    assert same_reading(line("v25/d193", 17), answer)  # "No, I understand."
    assert not same_reading(line("v39/d107", 29), answer)  # "By the fall, I understand."
    # acknowledgements only: compared whole
    assert (line("v15/d3", 26), line("v25/d193", 25)) == ("Okay, thank you.", "Yeh, no, no.")
    assert not same_reading(line("v15/d3", 26), line("v25/d193", 25))
    assert same_reading("No, no, no.", line("v25/d193", 25))
    # one word apart reads the same only in a line of three words or more
    assert same_reading("I don’t know.", "I don’t know really.")
    assert not same_reading("I think so.", "I don’t think so.")


def test_no_choice_reads_the_same_as_the_answer_or_another(understood: Any) -> None:
    """Vol. XV, doc. 3, line 9 was asked with three "I understand"s of other calls beside it
    ("Yeah, I understand.", "Oh I see. I understand. Okay.", "No, no, I understand."): a
    question the record cannot answer. No set of choices holds two lines that read the same."""
    right = understood.turn("frus1969-76v15/d3", 8)
    assert [t.clean_text for t in distractors(understood, right)] == [
        "Otherwise it will be the same. I mean from the way of handling—",
        "No, I am sure there will be no problem.",
        "You do not? It is in connection with our last talk and your draft.",
    ]
    sets = 0
    for record in understood.records:
        wrong = distractors(understood, record)
        if wrong is None:
            continue
        sets += 1
        texts = [t.spoken_text for t in (record, *wrong)]
        assert not any(same_reading(a, b) for a, b in itertools.combinations(texts, 2)), texts
    assert sets >= 190


def test_no_wrong_choice_names_what_the_conversation_never_does(understood: Any) -> None:
    """Vol. XXV, doc. 193, line 21 (October 1973: the ceasefire formula, "we have not yet
    discussed with the Israelis") was offered beside a 1971 line on "separate ABM agreement"
    and one on what Sadat tells the British: a student who knows the call strikes both out
    without remembering its words. No wrong choice names a topical name its question's
    conversation never says (over the test corpus: ABM, Sadat, Rush, Vorontsov, …)."""
    topics = topical_names(understood)
    assert sorted(topics.names) == ["abm", "cairo", "isra", "rush", "sadat", "vorontsov"]
    right = understood.turn("frus1969-76v25/d193", 20)
    assert right.clean_text.startswith("Anatol, you should understand because I don’t want")
    abm, sadat = (
        understood.turn("frus1969-76v32/d143", 6),
        understood.turn("frus1969-76v25/d172", 1),
    )
    assert topics.foreign(understood, abm, right.document) == {"abm"}
    assert topics.foreign(understood, sadat, right.document) == {"sadat"}
    assert [(t.document, t.index, t.clean_text) for t in distractors(understood, right)] == [
        (
            "frus1969-76v25/d172",
            13,
            "That is what we will do. Australia has nothing to lose with Egypt. I will be in "
            "touch with you in three hours. I will try to do something by tonight.",
        ),
        (
            "frus1969-76v40/d300",
            10,
            "Or one week, I didn’t give a time, I said for a short recess. But I want to assure "
            "you. … I’ve talked to the President by telephone. We stand behind the agreement "
            "and there is simply a bureaucratic problem to get everybody lined up.",
        ),
        (
            "frus1969-76v13/d161",
            8,
            "At that point they would begin discussing what sort of agreement. Then when they "
            "know what sort of agreement would discuss radars and so forth. Simultaneously "
            "would discuss freeze. If that is possible agreement would be immediate.",
        ),
    ]
    sets = 0
    for record in understood.records:
        wrong = distractors(understood, record)
        if wrong is not None:
            sets += 1
            assert not [t for t in wrong if topics.foreign(understood, t, record.document)]
    assert sets >= 190


def test_the_answer_is_given_the_length_rank_asked(index: Any) -> None:
    """Least used first, the answer was the shortest of its four choices in 0.28 of the shipped
    pool (chance 0.25): the least used lines are the longer. Vol. XXXIX, doc. 107, line 8 (161
    characters), all lines as little used, stood beside three longer ones (162, 207, 202
    characters). Asked a rank, the same bar gives the answer that rank: that many wrong
    choices shorter, the rest longer, each as near as the nearest three allow."""
    right = index.turn("frus1969-76v39/d107", 7)
    assert len(right.clean_text) == 161
    found = candidates(index, right)
    first = choose(index, found, used={})
    assert [len(t.clean_text) for t in first] == [162, 207, 202]
    assert shorter(right, first) == 0
    good = {(t.document, t.index) for _, t in equally_good(found.lines, first)}
    lengths = []
    for rank in range(4):
        wrong = choose(index, found, used={}, ranks=(rank,))
        assert shorter(right, wrong) == rank
        assert {(t.document, t.index) for t in wrong} <= good
        lengths.append([len(t.clean_text) for t in wrong])
    assert lengths == [[162, 207, 202], [162, 207, 106], [162, 83, 95], [83, 95, 85]]
    # a rank is given only by lines used no more than the least used set's most used one
    shorter_used = {line_key(t.clean_text): 1 for t, _ in found.lines if len(t.clean_text) < 161}
    assert choose(index, found, used=shorter_used, ranks=(3, 2, 1)) == first
    assert choose(index, found, used=shorter_used, ranks=(3, 0)) == first
