"""The query's words must be the index's words: `Lexical.tokens` (one text, fast) against
`bm25s.tokenize` (the batches the index is built from)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from embeddings.lexical import Lexical
from transcripts import shipped_corpus_dir

DATA = Path(__file__).resolve().parents[1] / "data"


def test_one_text_gives_the_words_bm25s_gives_on_the_whole_corpus_and_the_eval_lines() -> None:
    lines = [
        line
        for path in sorted((shipped_corpus_dir() / "frus-text").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    lines += [
        json.loads(row)["query"]
        for path in sorted(DATA.glob("*.jsonl"))
        for row in path.read_text(encoding="utf-8").splitlines()
        if row.strip()
    ]
    assert len(lines) > 3_000  # every line of the 65 documents and every eval line
    expected = Lexical._tokens(lines)
    differ = [(t, e) for t, e in zip(lines, expected, strict=True) if Lexical.tokens(t) != e]
    assert not differ, differ[:3]


def test_stopwords_are_dropped_and_words_stemmed() -> None:
    assert Lexical.tokens("The Russians are negotiating at the SALT talks in 1971") == [
        "russian",
        "negoti",
        "salt",
        "talk",
        "1971",
    ]
    assert Lexical.tokens("a I ?!") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_text_gives_the_words_bm25s_gives(text: str) -> None:
    assert Lexical.tokens(text) == Lexical._tokens([text])[0]
