"""A word the record says counts once in the word-by-word match, however many pieces it has.

"Tell Brezhnev we are serious about Berlin" was answered from v13 d305 turn 10 ("If you think
it’s a good idea. We have no problem with writing a letter to Mr. Brezhnev on some occasion."),
whose reply "I think it’s a good idea." says nothing about Berlin: the tokenizer cuts
"Brezhnev" into four pieces, each matched almost exactly, so his name was four of the line's
ten pieces and outweighed "Berlin", which that turn never says. Counted once, the name no
longer carries the line: v40 d300 turn 4, on "the Berlin thing", matches it better word by
word, and the line is refused (the record holds no reply to it: tests/data/free_dev_b.jsonl
judges "if you dont move on berlin we will walk away from everything" the same way).
"""

from __future__ import annotations

import pytest

from embeddings.tiers import FEATURES

LINE = "Tell Brezhnev we are serious about Berlin"
LETTER = ("frus1969-76v13/d305", 10)  # "... writing a letter to Mr. Brezhnev on some occasion."
BERLIN = ("frus1969-76v40/d300", 4)  # "... a slight bureaucratic problem with the Berlin thing"


@pytest.fixture(scope="module")
def roleplay(roleplay_with):
    """The fixture corpus plus the two conversations the line is matched against."""
    return roleplay_with("frus1969-76v13-d305.txt", "frus1969-76v40-d300.txt")


def _row(roleplay, turn):
    return next(i for i, r in enumerate(roleplay.index.records) if (r.document, r.index) == turn)


def test_a_name_cut_into_pieces_does_not_carry_the_line(roleplay):
    letter, berlin = _row(roleplay, LETTER), _row(roleplay, BERLIN)
    assert roleplay.index.records[letter].spoken_text.endswith(
        "writing a letter to Mr. Brezhnev on some occasion."
    )
    assert roleplay.index.reply(letter)[0].spoken_text == "I think it’s a good idea."
    assert "the Berlin thing" in roleplay.index.records[berlin].spoken_text

    scores, _, _ = roleplay.candidates(LINE)
    evidence = roleplay.evidence.features(LINE, scores, [letter, berlin])
    words = FEATURES.index("words")
    # the turn on Berlin matches the line better word by word than the letter to Brezhnev
    assert evidence[1, words] > evidence[0, words] + 0.02

    answer = roleplay.respond(LINE)
    assert answer.status == "no_match" and answer.reason == "weak"
    assert answer.confidence is not None and answer.confidence < roleplay.threshold
    assert not answer.matches
