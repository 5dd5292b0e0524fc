import json
from dataclasses import replace

import numpy as np
import pytest

from embeddings import Filters, Glossary, Index, IndexLoadError, build_index
from embeddings.index import FORMAT_VERSION
from embeddings.views import turn_records, view_texts
from tests.embeddings.helpers import (
    ASIDE,
    CALL_A,
    CLOSING,
    OMISSION,
    call_with_the_president,
    document_ending_with_omission,
    document_with_omission,
    make_document,
    small_corpus,
)
from transcripts import UNKNOWN_VOLUME, Corpus


class Counting:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, encoder):
        self._encoder = encoder
        self.model_id, self.dimension, self.batch_size = (
            encoder.model_id,
            encoder.dimension,
            encoder.batch_size,
        )
        self.backend, self.graph, self.vectors_from = (
            encoder.backend,
            encoder.graph,
            encoder.vectors_from,
        )
        self.texts: list[str] = []

    def encode(self, texts):
        self.texts.extend(texts)
        return self._encoder.encode(texts)

    def encode_tokens(self, texts, prefixes=None):
        self.texts.extend(texts)
        return self._encoder.encode_tokens(texts, prefixes)

    def longest_first(self, texts):
        return self._encoder.longest_first(texts)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory, encoder):
    index_dir = tmp_path_factory.mktemp("small")
    build_index(small_corpus(), index_dir, encoder=encoder)
    return Index.load(index_dir)


def test_build_saves_normalised_memory_mapped_vectors_and_manifest(small_index):
    manifest = small_index.manifest
    assert manifest["model_id"] == "all-MiniLM-L6-v2"
    assert manifest["backend"] == "onnx"
    assert manifest["dimension"] == 384
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["views"] == ["turn", "plain", "exchange"]
    assert len(manifest["corpus_hash"]) == 64 and manifest["built_at"]
    assert isinstance(small_index.vectors, np.memmap)
    assert small_index.vectors.shape == (9 * 3, 384)
    np.testing.assert_allclose(np.linalg.norm(small_index.vectors, axis=1), 1.0, rtol=1e-5)


def test_build_saves_each_turns_word_token_vectors(small_index, torch_encoder):
    tokens = small_index.tokens
    assert isinstance(tokens.rows, np.memmap) and tokens.rows.dtype == np.float32
    assert len(tokens) == len(small_index.records) == 9
    row = small_index.row("frus-test-v2/d2", 3)
    block = tokens.block(row)
    # "The submarine base in Cuba worries the President.": one row per word piece, no "."
    tokenizer = torch_encoder._stages.model.tokenizer
    pieces = tokenizer.tokenize(small_index.records[row].spoken_text)
    assert len(block) == len([p for p in pieces if p != "."]) == 8
    np.testing.assert_allclose(np.linalg.norm(block, axis=1), 1.0, atol=1e-5)


def test_turn_records_carry_text_pages_and_reply(small_index):
    rec = small_index.turn("frus-test-v2/d2", 3)
    assert rec.speaker == "kissinger"
    assert rec.spoken_text == "The submarine base in Cuba worries the President."
    assert [r.spoken_text for r in small_index.reply(small_index.row("frus-test-v2/d2", 3))] == [
        "There is no base, I assure you."
    ]
    with pytest.raises(KeyError, match="No turn 9 of document 'frus-test-v2/d2'"):
        small_index.turn("frus-test-v2/d2", 9)


def test_filters_select_volume_document_dates_and_speaker(small_index):
    def rows(filters):
        return [
            (small_index.records[i].document[-2:], small_index.records[i].index)
            for i in np.flatnonzero(small_index.mask(filters))
        ]

    assert rows(Filters(volume="frus-test-v1")) == [("d1", 0), ("d1", 1), ("d1", 2), ("d1", 3)]
    assert rows(Filters(document="frus-test-v2/d2", speaker="kissinger")) == [("d2", 1), ("d2", 3)]
    assert rows(Filters(date_from="1972-01-01")) == [("d2", i) for i in range(5)]
    assert rows(Filters(date_to="1971-12-31", speaker="dobrynin")) == [("d1", 1), ("d1", 3)]


def test_neighbours_skip_repeated_words_and_excluded_document(small_index):
    near = small_index.neighbours("frus-test-v1/d1", 2, 3, speaker="kissinger")
    # the other "Yes." is no distractor for "Yes."; the two other Kissinger lines are
    assert sorted(n[:2] for n in near) == [("frus-test-v1/d1", 0), ("frus-test-v2/d2", 3)]
    assert all(-1.0 <= n[2] <= 1.0 for n in near)
    alone = small_index.neighbours("frus-test-v1/d1", 2, 3, exclude_document="frus-test-v2/d2")
    assert {n[:2] for n in alone} == {
        ("frus-test-v1/d1", 0),
        ("frus-test-v1/d1", 1),
        ("frus-test-v1/d1", 3),
    }


def test_rebuilding_an_unchanged_corpus_encodes_nothing(tmp_path, encoder):
    counting = Counting(encoder)
    first = build_index(small_corpus(), tmp_path, encoder=counting)
    assert first.encoded == len(counting.texts) > 0
    counting.texts.clear()
    again = build_index(small_corpus(), tmp_path, encoder=counting)
    assert again.encoded == 0 and counting.texts == []
    assert Index.load(tmp_path).manifest["turns"] == 9


def test_changing_one_document_encodes_only_its_turns(tmp_path, encoder):
    counting = Counting(encoder)
    build_index(small_corpus(), tmp_path, encoder=counting)
    changed = list(CALL_A)
    changed[0] = ("K", "The corn sale can go ahead next month.")
    doc_a = make_document("frus-test-v1/d1", changed, date="1971-03-02")
    corpus = Corpus((doc_a, small_corpus().documents[1]))
    counting.texts.clear()
    report = build_index(corpus, tmp_path, encoder=counting)
    assert 0 < report.encoded == len(counting.texts) <= 3 * len(changed)
    own_views = set(view_texts(turn_records(Corpus((doc_a,))), Glossary()))
    assert set(counting.texts) <= own_views
    assert any(t.startswith("The corn sale") for t in counting.texts)
    assert Index.load(tmp_path).turn("frus-test-v1/d1", 0).spoken_text.startswith("The corn sale")


def test_narrative_documents_are_not_indexed_as_turns(tmp_path, encoder):
    narrative = replace(make_document("frus-test-v3/d3", CALL_A), dialogue=False)
    build_index(Corpus((narrative,)), tmp_path, encoder=encoder)
    index = Index.load(tmp_path)
    assert len(index) == 0 and index.documents["frus-test-v3/d3"].dialogue is False


def test_documents_that_cannot_be_cited_give_no_turns():
    cited = make_document("frus-test-v3/d3", CALL_A)
    nameless = replace(cited, id="unknown/d3", volume=UNKNOWN_VOLUME)
    records = turn_records(Corpus((cited, nameless)))
    assert {r.document for r in records} == {"frus-test-v3/d3"}
    assert len(records) == len(cited.turns)


def test_loading_an_index_of_another_format_names_both(small_index, tmp_path):
    manifest = dict(small_index.manifest, format_version=FORMAT_VERSION + 1)
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(
        IndexLoadError,
        match=rf"format version {FORMAT_VERSION + 1}, but .* reads format version {FORMAT_VERSION}",
    ):
        Index.load(tmp_path)


def test_loading_an_index_of_another_model_names_both(small_index):
    with pytest.raises(
        IndexLoadError, match=r"built with the model 'all-MiniLM-L6-v2', not 'other-model'"
    ):
        Index.load(small_index.index_dir, model_id="other-model")


def test_loading_a_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexLoadError, match=r"No index in .*backchannel build --index"):
        Index.load(tmp_path / "nowhere")


def test_an_omission_between_turns_goes_with_the_turn_after_it(tmp_path, encoder):
    records = turn_records(Corpus((document_with_omission(),)))
    # the headnote before the first turn belongs to no exchange
    assert [r.editorial_before for r in records] == [(), (OMISSION,), (), ()]
    build_index(Corpus((document_with_omission(),)), tmp_path, encoder=encoder)
    index = Index.load(tmp_path)
    assert index.turn("frus-test-v4/d4", 1).editorial_before == (OMISSION,)


def test_a_reply_after_an_omission_shows_it_first_as_printed(tmp_path, encoder, chatter_vectors):
    from embeddings import RolePlay
    from server.wire import answer_out

    build_index(Corpus((document_with_omission(),)), chatter_vectors(tmp_path), encoder=encoder)
    roleplay = RolePlay(Index.load(tmp_path), encoder, cached=True)
    answer = roleplay.respond("The grain sale can go ahead next week.")
    match = answer_out(answer).model_dump(mode="json")["matches"][0]
    assert match["prompt"]["turn"] == 0
    assert match["reply"]["text"] == f"{OMISSION}\n\nMoscow will be very pleased with the wheat."
    assert match["reply"]["turns"][0]["editorial_before"] == [OMISSION]
    assert match["reply"]["turns"][0]["clean_text"] == "Moscow will be very pleased with the wheat."


def test_a_note_after_the_last_turn_goes_with_it_and_ends_the_reply(
    tmp_path, encoder, chatter_vectors
):
    """A document whose last element is an editors' paragraph: the last turn keeps it, and the
    reply built from the line before ends with it, as does one followed by a note before the
    next turn; the citation is the turns' own."""
    from embeddings import RolePlay
    from server.wire import answer_out

    corpus = Corpus((document_ending_with_omission(),))
    records = turn_records(corpus)
    assert [r.editorial_after for r in records] == [(), (), (), (CLOSING,)]
    assert [r.editorial_before for r in records] == [(), (), (ASIDE,), ()]
    build_index(corpus, chatter_vectors(tmp_path), encoder=encoder)
    index = Index.load(tmp_path)
    assert index.turn("frus-test-v6/d6", 3).editorial_after == (CLOSING,)
    assert [t.editorial_after for t in index.reply(2)] == [(CLOSING,)]
    assert [t.editorial_after for t in index.reply(0)] == [(ASIDE,)]  # up to the next turn
    assert index.reply(0)[0].clean_text == "Moscow will be very pleased with the wheat."
    roleplay = RolePlay(index, encoder, cached=True)
    match = answer_out(roleplay.respond("Tell your minister the ships may load in Odessa."))
    last = match.matches[0]
    assert (last.prompt.turn, last.reply.text) == (2, f"Then I will cable tonight.\n\n{CLOSING}")
    assert last.reply.turns[0].editorial_after == [CLOSING]
    assert last.reply.turns[0].clean_text == "Then I will cable tonight."
    assert last.citation.pages == [100]
    first = answer_out(roleplay.respond("The grain sale can go ahead next week.")).matches[0]
    assert first.reply.text == f"Moscow will be very pleased with the wheat.\n\n{ASIDE}"


def test_a_call_with_someone_else_never_answers_for_the_other_side(
    tmp_path, encoder, chatter_vectors
):
    from embeddings import RolePlay

    corpus = Corpus((make_document("frus-test-v1/d1", CALL_A), call_with_the_president()))
    build_index(corpus, chatter_vectors(tmp_path), encoder=encoder)
    roleplay = RolePlay(Index.load(tmp_path), encoder, cached=True)
    # the same words were said to Dobrynin (d1) and to the President (d5): only d1 answers
    answer = roleplay.respond("The grain sale can go ahead next week.", k=5)
    assert answer.status == "match"
    assert {m.prompt.document for m in answer.matches} == {"frus-test-v1/d1"}
    assert answer.matches[0].reply[0].spoken_text == "Moscow will be very pleased with the wheat."
    # a line said only to the President finds nothing of his to answer with
    near = roleplay.respond("Dobrynin will call me tonight about the summit date.", k=5)
    assert all(m.reply[0].speaker == "dobrynin" for m in near.matches)
