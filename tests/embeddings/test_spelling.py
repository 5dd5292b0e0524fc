import pytest

from embeddings.spelling import Speller

RECORD = ["Dobrynin told Semenov the MBFR conference would be rather slow.", "Nixon agrees."]


@pytest.fixture(scope="module")
def speller(encoder):
    return Speller(RECORD, encoder.whole_words())


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # a slip one edit from a word of the record: dropped, swapped, wrong and extra letters
        ("ask dobyrnin", "ask dobrynin"),
        ("Nxion would rtaher wait", "Nixon would rather wait"),
        ("the confrence is slow", "the conference is slow"),
        ("semenovv said so", "semenov said so"),
        # known words are never corrected, whether English, the model's or the record's
        ("the barista wears a wig", "the barista wears a wig"),
        ("zhou and nato", "zhou and nato"),
        # nothing one edit away in the record, too short, capitals inside, not ASCII
        ("whats going on at cienfuegos", "whats going on at cienfuegos"),
        ("nxn slbms SLBMs Dobrynín", "nxn slbms SLBMs Dobrynín"),
    ],
)
def test_a_slip_is_read_as_the_record_word_one_edit_away(speller, typed, read):
    assert speller.correct(typed) == read


def test_the_tokenizers_whole_words_are_words_not_pieces(encoder):
    words = encoder.whole_words()
    assert {"nato", "zhou", "conference"} <= words
    assert not any(w.startswith("##") or not w.isalpha() for w in words)


@pytest.mark.parametrize(
    ("typed", "spelled", "turn"),
    [
        (
            "My idae is that these MBFR discusions will take 2 or 3 yeras.",
            "My idea is that these MBFR discussions will take 2 or 3 years.",
            30,
        ),
        (
            "For us a bdoy and a confrence are not obviously different.",
            "For us a body and a conference are not obviously different.",
            12,
        ),
    ],
)
def test_a_line_with_slips_is_answered_as_its_spelling(roleplay, typed, spelled, turn):
    answer, expected = roleplay.respond(typed), roleplay.respond(spelled)
    assert answer.query == typed  # the student's line is kept as typed
    assert (answer.status, answer.confidence) == (expected.status, expected.confidence)
    assert (answer.matches[0].prompt.document, answer.matches[0].prompt.index) == (
        "frus1969-76v39/d107",
        turn,
    )
