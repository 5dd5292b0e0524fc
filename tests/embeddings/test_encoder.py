import json
from pathlib import Path

import numpy as np
import pytest
import torch

from embeddings import Encoder, VectorCache
from embeddings.encoder import pieces_within
from embeddings.glossary import Glossary
from embeddings.onnx_model import PROBE_TEXTS
from embeddings.tokenizing import Tokenize


def test_encoder_returns_unit_float32_rows(encoder):
    vectors = encoder.encode(["The Chinese will protest.", "Beijing will object."])
    assert encoder.model_id == "all-MiniLM-L6-v2"
    assert encoder.dimension == 384
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_similarity_ranks_a_paraphrase_above_an_unrelated_line(encoder):
    line = "The Chinese will protest."
    assert encoder.similarity(line, "China is going to complain.") > encoder.similarity(
        line, "What is the capital of Australia?"
    )


def test_loading_the_model_writes_nothing_on_stderr(capfd):
    """Every command loads the model: a teacher's terminal and the server's log get no
    progress bar for reading local weights."""
    Encoder(backend="torch")
    assert capfd.readouterr().err == ""


def test_unknown_model_fails_without_downloading():
    with pytest.raises(
        ValueError, match=r"Could not load .*'no-such/model-xyz' without the network"
    ):
        Encoder("no-such/model-xyz")


def test_cache_encodes_only_texts_it_has_not_seen(tmp_path, encoder):
    calls: list[list[str]] = []

    def counting(texts):
        calls.append(list(texts))
        return encoder.encode(texts)

    cache = VectorCache(tmp_path, encoder.model_id, encoder.dimension, backend="onnx")
    first, encoded = cache.encode(["a", "b", "a"], counting)
    assert encoded == 2 and calls == [["a", "b"]]
    np.testing.assert_allclose(first[0], first[2])

    reopened = VectorCache(tmp_path, encoder.model_id, encoder.dimension, backend="onnx")
    again, encoded = reopened.encode(["b", "c", "a"], counting)
    assert encoded == 1 and calls[-1] == ["c"]
    np.testing.assert_allclose(again[0], first[1])
    np.testing.assert_allclose(again[2], first[0])


def test_cache_keeps_models_and_backends_apart(tmp_path, encoder):
    def cache(model_id, backend):
        return VectorCache(tmp_path, model_id, encoder.dimension, backend=backend)

    cache(encoder.model_id, "onnx").encode(["a"], encoder.encode)
    assert len(cache("other-model", "onnx")) == 0
    assert len(cache(encoder.model_id, "torch")) == 0
    assert len(cache(encoder.model_id, "onnx")) == 1


def test_encode_tokens_gives_the_same_vectors_and_one_row_per_word_piece(encoder, torch_encoder):
    texts = ["Nixon will see you, briefly. (the President)", "Hello, Anatoly!"]
    vectors, tokens = encoder.encode_tokens(texts, ["Nixon will see you, briefly.", None])
    np.testing.assert_allclose(vectors, encoder.encode(texts), atol=1e-5)
    # the prefix's words only: nixon will see you briefly (no comma, no label words)
    assert tokens[0].shape == (5, 384)
    # hello ana ##to ##ly: punctuation and [CLS]/[SEP] left out
    pieces = torch_encoder._stages.model.tokenizer.tokenize("Hello, Anatoly!")
    assert pieces == ["hello", ",", "ana", "##to", "##ly", "!"]
    assert tokens[1].shape == (4, 384)
    np.testing.assert_allclose(np.linalg.norm(tokens[1], axis=1), 1.0, rtol=1e-5)
    empty_vectors, empty_tokens = encoder.encode_tokens([])
    assert empty_vectors.shape == (0, 384) and empty_tokens == []


def test_a_prefix_is_counted_in_the_pieces_of_the_text_it_leads(encoder, torch_encoder):
    """The query's prefix (the line, before its glossary labels) is counted in the encoding
    the forward pass made of the whole text, not tokenised again; the count must stay
    ``tokenize``'s of the prefix alone, special tokens aside, for every line a student typed
    in the evaluation sets, with its labels after it, in a padded batch."""
    data = Path(__file__).resolve().parent.parent / "data"
    lines = [
        json.loads(raw)["query"]
        for path in sorted(data.glob("*.jsonl"))
        for raw in path.read_text(encoding="utf-8").splitlines()
        if raw.strip()
    ]
    assert len(lines) > 600
    glossary = Glossary()
    spoken = [glossary.canonical(line) for line in lines] + ["Hello, Anatoly!", ""]
    texts = [f"{text} (SALT, strategic arms limitation talks)" for text in spoken]
    encodings = encoder._stages.tokenize(texts)[1]  # the tokenizer the ONNX graph is given
    assert len({len(e.ids) for e in encodings}) == 1  # padded to the longest
    tokenizer = torch_encoder._stages.model.tokenizer
    counts = [pieces_within(e, len(s)) for e, s in zip(encodings, spoken, strict=True)]
    assert counts == [len(tokenizer.tokenize(s)) for s in spoken]
    assert counts[-2:] == [6, 0]


def test_the_fast_tokenizer_gives_preprocess_inputs_for_every_line(encoder, torch_encoder):
    """A query skips sentence-transformers' ``preprocess`` for the Rust tokenizer itself (on
    ONNX Runtime, the one kept beside the graph, read back without transformers); the model's
    inputs must stay ``preprocess``'s, bit for bit, for every line of the evaluation sets with
    its glossary labels, alone and in padded batches, whatever settings another call
    (``longest_first``'s unpadded batch, ``piece_words``) left on the tokenizer."""
    data = Path(__file__).resolve().parent.parent / "data"
    glossary = Glossary()
    texts = [
        glossary.expand(glossary.canonical(json.loads(raw)["query"]))
        for path in sorted(data.glob("*.jsonl"))
        for raw in path.read_text(encoding="utf-8").splitlines()
        if raw.strip()
    ]
    tokenize, model = encoder._stages.tokenize, torch_encoder._stages.model
    # the batches are cut as transformers' tokenizer counts the pieces (as they were before)
    pieces = model.tokenizer(texts, truncation=True, max_length=model.max_seq_length)
    with encoder._tokenizing:
        assert encoder._vocabulary.pieces(texts) == [len(ids) for ids in pieces["input_ids"]]
    order = encoder.longest_first(texts)
    for batch in [[texts[i] for i in order[s : s + 16]] for s in range(0, len(order), 16)]:
        encoder.longest_first(batch[:2])
        for inputs in (batch, batch[-1:]):
            found, encodings = tokenize(inputs)
            expected = model.preprocess(inputs)
            assert list(found) == list(expected) == [*tokenize.tensors, "modality"]
            for name in tokenize.tensors:
                assert torch.from_numpy(found[name]).dtype == expected[name].dtype
                assert found[name].tolist() == expected[name].tolist()
            assert [e.ids for e in encodings] == [e.ids for e in expected.encodings]
        encoder.piece_words(batch[0])


def test_a_model_whose_inputs_the_tokenizer_does_not_give_keeps_preprocess(
    torch_encoder, monkeypatch
):
    """A model set to ask for more than an encoding's ids, type ids and mask (here the
    special-tokens mask) gets no fast path: its inputs come from ``preprocess``."""
    model = torch_encoder._stages.model
    assert Tokenize.of(model, PROBE_TEXTS) is not None
    monkeypatch.setattr(
        model[0], "processing_kwargs", {"text": {"return_special_tokens_mask": True}}
    )
    assert "special_tokens_mask" in model.preprocess(["Hello, Anatoly!"])
    assert Tokenize.of(model, PROBE_TEXTS) is None
