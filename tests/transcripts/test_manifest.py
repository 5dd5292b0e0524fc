"""Manifest rows give a header-less file its metadata; titles name the participants."""

from __future__ import annotations

from transcripts import KISSINGER, load_corpus, shipped_corpus_dir
from transcripts.manifest import read_index
from transcripts.speakers import resolve_label, title_participants

SEED = shipped_corpus_dir() / "frus-text" / "frus1969-76v39-d107.txt"


def test_read_index_shipped_rows():
    rows = read_index((shipped_corpus_dir() / "frus-text" / "INDEX.tsv").read_text("utf-8"))
    seed = next(r for r in rows if r.file == "frus1969-76v39-d107.txt")
    assert (seed.id, seed.complete, seed.turns, seed.volume_title) == (
        "frus1969-76v39/d107",
        True,
        56,
        "European Security",
    )
    assert {r.volume_title for r in rows if r.volume == "frus1969-76v30"} == {
        "Greece; Cyprus; Turkey, 1973–1976"
    }


def test_load_headerless_file_takes_index_row(tmp_path):
    (tmp_path / "seed-copy.txt").write_text(SEED.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "INDEX.tsv").write_text(
        "file\tvolume\tdocument\tcomplete\tturns\tfirst_line\n"
        "seed-copy.txt\tfrus1969-76v39\t107\tno\t56\tHK: Anatol\n",
        encoding="utf-8",
    )
    corpus = load_corpus([tmp_path])
    (doc,) = corpus.documents
    assert (doc.id, doc.excerpt, doc.volume_title) == (
        "frus1969-76v39/d107",
        True,
        "European Security",
    )
    assert corpus.problems == ()


def test_load_headerless_file_without_index_or_name(tmp_path):
    path = tmp_path / "seed-copy.txt"
    path.write_text(SEED.read_text("utf-8"), encoding="utf-8")
    corpus = load_corpus([path])
    (doc,) = corpus.documents
    assert doc.id == "unknown/d107"  # the number still comes from the title line
    assert len(doc.turns) == 56
    assert corpus.problems[0].message.startswith("Cannot tell which FRUS document this is")


def test_title_participants_variants():
    ids = lambda title: [p.id for p in title_participants(title)]  # noqa: E731
    assert ids(
        "Transcript of Telephone Conversation Between the President’s Assistant for National "
        "Security Affairs (Kissinger) and the Soviet Ambassador (Dobrynin)"
    ) == ["kissinger", "dobrynin"]
    assert ids(
        "Transcript of Telephone Conversation Between Soviet Ambassador Dobrynin and Secretary "
        "of State Kissinger"
    ) == ["dobrynin", "kissinger"]
    assert ids(
        "Transcript of Telephone Conversation Between the President’s Assistant for National "
        "Security Affairs (Kissinger) and Soviet Ambassador Dobrynin"
    ) == ["kissinger", "dobrynin"]


def test_resolve_label_needs_one_participant():
    both = title_participants("Call Between (Kissinger) and (Dobrynin)")
    assert [resolve_label(x, both) for x in ("K", "HK", "Kissinger", "AD", "D", "X")] == [
        KISSINGER,
        KISSINGER,
        KISSINGER,
        "dobrynin",
        "dobrynin",
        None,
    ]
    same_initial = title_participants("Call Between (Kissinger) and (Kosygin)")
    assert resolve_label("K", same_initial) is None  # ambiguous: reported, never guessed
