"""The shipped corpus: every file parses as INDEX.tsv says, nothing printed is lost, duplicates
are reconciled, and bad input is reported with file:line without losing what parsed."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from transcripts import SegmentKind, Turn, fold_quotes, load_corpus, shipped_corpus_dir
from transcripts.corpus import compare_forms

TEXT = shipped_corpus_dir() / "frus-text"
TEI = shipped_corpus_dir() / "frus-tei"
INDEX = list(csv.DictReader((TEXT / "INDEX.tsv").open(encoding="utf-8"), delimiter="\t"))


@pytest.fixture(scope="module")
def text_corpus():
    """Every shipped text file on its own (no merging with the TEI forms)."""
    return load_corpus([TEXT], merge=False)


@pytest.fixture(scope="module")
def shipped():
    return load_corpus()


def test_load_text_counts_match_index(text_corpus):
    assert len(INDEX) == 65
    by_file = {Path(d.path).name: d for d in text_corpus.documents}
    assert sorted(by_file) == sorted(row["file"] for row in INDEX)
    for row in INDEX:
        doc = by_file[row["file"]]
        assert len(doc.turns) == int(row["turns"]), row["file"]
        assert doc.id == f"{row['volume']}/d{row['document']}"
        assert doc.excerpt == (row["complete"] == "no")
        first, line = doc.turns[0], row["first_line"]
        label, said = line.split(" ", 1)
        assert label in (f"{first.label}:", f"{first.label}.")
        assert first.printed.startswith(said)


def test_load_text_nothing_unattributed(text_corpus):
    assert not [s for d in text_corpus.documents for s in d.segments if s.kind == "unattributed"]
    assert [p for p in text_corpus.problems if p.severity == "error"] == []
    assert all(d.dialogue and d.volume_title for d in text_corpus.documents)


_LABEL = re.compile(r"^(?:K|D|HK|AD)[:.] ", re.MULTILINE)
_PAGE = re.compile(r"\[Page \d+\]")


def _source_body(path: Path) -> str:
    """The body as printed: after the title, before the notes; labels and page lines out."""
    text = path.read_text(encoding="utf-8")
    if "\n---\n" in text:
        text = text.split("\n---\n", 1)[1]
    lines = text.split("\n")
    while lines and not re.match(r"^\d+\. ", lines[0]):
        lines.pop(0)  # [Page N] before the title
    lines = lines[1:]
    while lines and (not lines[-1].strip() or re.match(r"^(  \d+\. |- )", lines[-1])):
        lines.pop()
    return _PAGE.sub(" ", _LABEL.sub("", "\n".join(lines)))


def _without_markers(text: str, notes: tuple[int, ...]) -> str:
    """``text`` less its page markers and, in order, the given footnote digits."""
    text, pos = _PAGE.sub(" ", text), 0
    for n in notes:
        m = re.compile(rf"(?<=[^\s\d]){n}(?!\d)").search(text, pos)
        assert m, (n, text)
        text, pos = text[: m.start()] + text[m.end() :], m.start()
    return text


def _words(text: str) -> str:
    return " ".join(text.split())


def test_load_text_nothing_lost(text_corpus):
    for doc in text_corpus.documents:
        body = _source_body(Path(doc.path))
        printed = "\n\n".join(b.printed for b in doc.body)
        assert _words(_PAGE.sub(" ", printed)) == _words(body), doc.id
        notes = tuple(n for b in doc.body if isinstance(b, Turn) for n in b.footnotes)
        clean = "\n\n".join(b.clean_text for b in doc.body)
        assert _words(clean) == _words(_without_markers(body, notes)), doc.id
        for turn in doc.turns:
            assert _words(turn.clean_text) == _words(_without_markers(turn.printed, turn.footnotes))


def test_load_shipped_merges_text_and_tei_forms(shipped):
    ids = [d.id for d in shipped.documents]
    assert len(ids) == len(set(ids)) == 66  # 65 text + 3 TEI, d188/d189 once each
    for number in (188, 189):
        doc = shipped.document(f"frus1969-76v12/d{number}")
        assert doc.source_format == "tei" and not doc.excerpt
    assert shipped.document("frus1969-76v12/d95").dialogue is False
    assert not [p for p in shipped.problems if "disagrees" in p.message]


@pytest.mark.parametrize("number", [188, 189])
def test_load_text_copy_agrees_with_tei(number):
    corpus = load_corpus(
        [TEXT / f"frus1969-76v12-d{number}.txt", TEI / f"frus1969-76v12-d{number}.xml"],
        merge=False,
    )
    (text_doc,) = [d for d in corpus.documents if d.source_format == "text"]
    (tei_doc,) = [d for d in corpus.documents if d.source_format == "tei"]
    assert len(text_doc.turns) == {188: 20, 189: 21}[number] < len(tei_doc.turns)
    assert compare_forms(text_doc, tei_doc) == []
    for a, b in zip(text_doc.turns, tei_doc.turns, strict=False):
        assert a.speaker == b.speaker
        assert fold_quotes(a.clean_text) == fold_quotes(b.clean_text)
    # each keeps its own apostrophes as printed
    assert "’" in "".join(t.clean_text for t in text_doc.turns)
    assert "’" not in "".join(t.clean_text for t in tei_doc.turns)
    assert "'" in "".join(t.clean_text for t in tei_doc.turns)


def test_load_same_conversation_in_two_volumes_linked(shipped):
    a = shipped.document("frus1969-76v13/d161")
    b = shipped.document("frus1969-76v32/d143")
    assert a.same_as == ("frus1969-76v32/d143",)
    assert b.same_as == ("frus1969-76v13/d161",)
    assert [d.id for d in shipped.documents if d.same_as] == [a.id, b.id]


def test_load_shipped_corpus_metadata(shipped):
    seed = shipped.document("frus1969-76v39/d107")
    assert seed.volume_title == "European Security" and not seed.excerpt
    assert shipped.document("frus1969-76v12/d188").volume_title == (
        "Soviet Union, January 1969–October 1970"
    )
    assert shipped.document("frus1969-76v12/d188").date == "1970-07-27T08:45:00-04:00"


def test_load_missing_path_raises():
    with pytest.raises(FileNotFoundError, match=r"No such file or folder: 'nowhere\.txt'"):
        load_corpus(["nowhere.txt"])


def test_load_binary_junk(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    corpus = load_corpus([junk])
    assert corpus.documents == ()
    (problem,) = corpus.problems
    assert (problem.path, problem.line) == (str(junk), 1)
    assert problem.message.startswith("This is not a text transcript: it holds binary data")


def test_load_text_without_labels(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Call Dobrynin about the summit.\n\nAsk about Berlin too.\n", encoding="utf-8")
    corpus = load_corpus([notes])
    assert corpus.documents == ()
    (problem,) = corpus.problems
    assert str(problem).startswith(f"{notes}:1: This is not a FRUS transcript: it has no title")


def test_load_titled_text_without_labels_is_narrative(tmp_path):
    path = tmp_path / "frus1969-76v12-d95.txt"
    path.write_text(
        "95. Transcript of Telephone Conversation Between (Kissinger) and (Dobrynin)1\n\n"
        "Dobrynin wanted to check a few things. K said they were hastily done.\n",
        encoding="utf-8",
    )
    (doc,) = load_corpus([path]).documents
    assert doc.dialogue is False and doc.turns == ()
    assert [s.kind for s in doc.segments] == [SegmentKind.NARRATIVE]


def test_load_enormous_line(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("K: " + "word " * 1_000_000, encoding="utf-8")  # 5 MB, one line
    corpus = load_corpus([path])
    assert corpus.documents == ()
    assert str(corpus.problems[0]) == (
        f"{path}:1: Line 1 is 5,000,003 characters long, more than the 100,000 a transcript "
        "paragraph can be; it is kept unparsed as unattributed text. Check that the file is a "
        "FRUS transcript with one paragraph per line."
    )


def test_load_unknown_label_kept_and_reported(tmp_path):
    path = tmp_path / "frus1969-76v13-d1.txt"
    path.write_text(
        "1. Transcript of Telephone Conversation Between (Kissinger) and (Dobrynin)1\n\n"
        "K: Hello.\n\nX: Who is this?\n\nD: Anatoliy.\n",
        encoding="utf-8",
    )
    corpus = load_corpus([path])
    (doc,) = corpus.documents
    assert [t.clean_text for t in doc.turns] == ["Hello.", "Anatoliy."]
    (seg,) = doc.segments
    assert (seg.kind, seg.printed, seg.line, seg.before_turn) == (
        SegmentKind.UNATTRIBUTED,
        "X: Who is this?",
        5,
        1,
    )
    (problem,) = corpus.problems
    assert str(problem) == (
        f"{path}:5: Unknown speaker label 'X': it does not stand for exactly one of the "
        "participants the title names (Kissinger and Dobrynin); the paragraph cannot be "
        "attributed and is kept as unattributed text. Fix the label or the title."
    )


def test_load_dangling_footnote_marker(tmp_path):
    path = tmp_path / "frus1969-76v13-d2.txt"
    path.write_text(
        "url: x\nvolume: frus1969-76v13\ndocument: 2\ncomplete: yes\n---\n"
        "2. Transcript of Telephone Conversation Between (Kissinger) and (Dobrynin)1\n\n"
        "K: Hello.2\n\nD: Fine.3\n\n  1. Source: Box 1.\n  2. May 14.\n",
        encoding="utf-8",
    )
    corpus = load_corpus([path])
    (problem,) = corpus.problems
    assert (problem.line, problem.severity) == (10, "warning")
    assert problem.message.startswith("Footnote marker 3 has no note in this copy")
    assert corpus.documents[0].turns[1].footnotes == (3,)


def test_load_truncated_xml_keeps_what_parsed(tmp_path):
    data = (TEI / "frus1969-76v12-d189.xml").read_bytes()
    cut = data[: data.index(b"When are you coming back?")]
    path = tmp_path / "frus1969-76v12-d189.xml"
    path.write_bytes(cut)
    corpus = load_corpus([path])
    problem = corpus.problems[0]
    assert problem.line == cut.count(b"\n") + 1
    assert problem.message.startswith(f"Broken XML at line {problem.line}: ")
    (doc,) = corpus.documents
    assert doc.excerpt is True
    assert 14 <= len(doc.turns) < 48
    assert doc.turns[13].clean_text == "When are you leaving?"


def test_load_mixed_folder_reports_bad_and_keeps_good(tmp_path):
    (tmp_path / "junk.txt").write_bytes(b"\x00\x01\x02")
    seed = (TEXT / "frus1969-76v39-d107.txt").read_text(encoding="utf-8")
    (tmp_path / "frus1969-76v39-d107.txt").write_text(seed, encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["frus1969-76v39/d107"]
    assert len(corpus.documents[0].turns) == 56
    assert [Path(p.path).name for p in corpus.problems] == ["junk.txt"]


def test_load_empty_folder(tmp_path):
    corpus = load_corpus([tmp_path])
    assert corpus.documents == ()
    assert [str(p) for p in corpus.problems] == [
        f"{tmp_path}: This folder holds no .txt or .xml transcripts (searched recursively); "
        "nothing was imported from it."
    ]


def test_load_same_file_twice_reads_it_once():
    corpus = load_corpus([TEXT / "frus1969-76v39-d107.txt", TEXT / "frus1969-76v39-d107.txt"])
    assert [d.id for d in corpus.documents] == ["frus1969-76v39/d107"]
    assert corpus.problems == ()


def _refuse(monkeypatch, method: str, path: Path) -> None:
    """Make ``Path.<method>`` of ``path`` fail as a file without read permission would (the
    tests run as root in CI, where chmod 000 does not stop reading)."""
    original = getattr(Path, method)

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, refuse)


def _seed_copy(folder: Path) -> None:
    (folder / "frus1969-76v39-d107.txt").write_bytes(
        (TEXT / "frus1969-76v39-d107.txt").read_bytes()
    )


def test_load_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    _seed_copy(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text("K: Hello.\n", encoding="utf-8")
    _refuse(monkeypatch, "read_bytes", locked)
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["frus1969-76v39/d107"]
    assert [(str(p), p.severity) for p in corpus.problems] == [
        (
            f"{locked}: Could not read: Permission denied; check the file's permissions. "
            "Nothing was imported from it.",
            "error",
        )
    ]


def test_load_folder_named_like_a_transcript_is_searched_not_read(tmp_path):
    tei = (TEI / "frus1969-76v12-d188.xml").read_bytes()
    (tmp_path / "frus1969-76v12-d188.xml").write_bytes(tei)
    (tmp_path / "drafts.xml").mkdir()  # once crashed the volume-header scan (IsADirectoryError)
    (tmp_path / "old.txt").mkdir()
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["frus1969-76v12/d188"]
    assert corpus.problems == ()


def test_load_unreadable_manifest_is_a_problem(tmp_path, monkeypatch):
    _seed_copy(tmp_path)
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("id\n", encoding="utf-8")
    _refuse(monkeypatch, "read_text", manifest)
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["frus1969-76v39/d107"]
    assert len(corpus.documents[0].turns) == 56
    assert [str(p) for p in corpus.problems] == [
        f"{manifest}: Could not read: Permission denied; check the file's permissions. The "
        "transcripts beside it are imported without its rows (volume and document come from "
        "their headers or file names)."
    ]


def test_load_short_excerpts_end_at_the_last_whole_turn(shipped):
    """Two copies stop where a long message begins: v16 d286 after three turns, v25 d258 inside
    Brezhnev's message, which Dobrynin reads aloud over several unlabelled paragraphs."""
    short = shipped.document("frus1969-76v16/d286")
    assert short.excerpt and [(t.speaker, t.clean_text) for t in short.turns] == [
        ("kissinger", "I am late for a meeting with the President so we have to make it quick."),
        ("dobrynin", "One minute. Did Hyland mention to you I called you?"),
        ("kissinger", "Yes."),
    ]
    message = shipped.document("frus1969-76v25/d258")
    assert message.excerpt and [t.speaker for t in message.turns] == ["kissinger", "dobrynin"]
    read_aloud = message.turns[1]
    assert read_aloud.clean_text.startswith("Henry, we have the following message from Brezhnev")
    assert read_aloud.clean_text.endswith("second Security Council decision. Respectfully,")
    assert read_aloud.pages == (709, 710)
    assert not [s for s in message.segments if s.kind == "unattributed"]
