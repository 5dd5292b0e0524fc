"""The TEI importer: the shipped document divs, and a whole volume assembled from them."""

from __future__ import annotations

import pytest

from tests.transcripts.volume import write_volume
from transcripts import DOBRYNIN, KISSINGER, SegmentKind, glossary, load_corpus, shipped_corpus_dir
from transcripts.tei import import_bytes

TEI = shipped_corpus_dir() / "frus-tei"


def one(name: str):
    path = TEI / name
    result = import_bytes(path.read_bytes(), str(path))
    assert result.problems == []
    (doc,) = result.documents
    return doc


def pages(doc) -> set[int]:
    return {p for t in doc.body for p in t.pages}


def test_import_d188():
    doc = one("frus1969-76v12-d188.xml")
    assert doc.id == "frus1969-76v12/d188" and doc.source_format == "tei"
    speakers = [t.speaker for t in doc.turns]
    assert len(speakers) == 24 and speakers.count(KISSINGER) == speakers.count(DOBRYNIN) == 12
    assert speakers[0] == DOBRYNIN
    assert pages(doc) == {580, 581}
    assert doc.turns[15].pages == (580,) and doc.turns[16].pages == (581,)
    assert doc.turns[16].clean_text == (
        "If you have anything to tell me I will be here till Wednesday."
    )
    assert doc.date == "1970-07-27T08:45:00-04:00" and doc.place == "Washington"
    assert doc.title.startswith("Transcript of Telephone Conversation Between the President's")
    assert doc.source_note.startswith("Source: Library of Congress, Manuscript Division,")
    assert [(f.number, f.text) for f in doc.footnotes[1:]] == [
        (2, "July 29."),
        (3, "Ellipsis in the source text."),
    ]
    first = doc.turns[0]
    assert first.footnotes == (2,)
    assert first.text.startswith("Two things I would like to mention to you. First, I am going")
    assert "on Wednesday.2 Before I go" in first.text
    assert "on Wednesday. Before I go" in first.clean_text
    assert doc.turns[4].clean_text == "I mean only one side … obligation."
    assert doc.turns[9].clean_text == "I will send Colonel Kennedy again."


def test_import_d189():
    doc = one("frus1969-76v12-d189.xml")
    speakers = [t.speaker for t in doc.turns]
    assert len(speakers) == 48
    assert speakers.count(KISSINGER) == 25 and speakers.count(DOBRYNIN) == 23
    assert speakers[0] == KISSINGER
    twice = [i for i in range(1, 48) if speakers[i] == speakers[i - 1]]
    assert [(doc.turns[i - 1].clean_text, doc.turns[i].clean_text) for i in twice] == [
        ("Yes.", "When are you leaving?")
    ]
    assert pages(doc) == {581, 582, 583}
    assert doc.turns[0].pages == (581,)
    assert doc.date == "1970-07-28T15:25:00-04:00"
    assert doc.turns[1].clean_text.startswith("Good for you, Henry. I am living")
    assert doc.turns[2].footnotes == (2,)
    assert doc.footnotes[1].text == "See footnote 3, Document 185."


def test_import_narrative_telcon_d95():
    doc = one("frus1969-76v12-d95.xml")
    assert doc.dialogue is False and doc.turns == ()
    first, second = doc.segments
    assert [first.kind, second.kind] == [SegmentKind.NARRATIVE] * 2
    assert first.clean_text.startswith("Dobrynin wanted to check a few things on the notes K sent")
    assert "unless they felt it would be useful" in first.clean_text
    assert "[Page 289]would be useful" in first.text
    assert first.pages == (288, 289) and second.pages == (289,)
    assert doc.date == "1969-10-21T15:15:00-04:00"
    assert doc.footnotes[1].text.startswith("Kissinger and Dobrynin spoke briefly on the telephone")


def test_import_folder_uses_volume_header():
    corpus = load_corpus([TEI])
    assert [d.id for d in corpus.documents] == [
        "frus1969-76v12/d188",
        "frus1969-76v12/d189",
        "frus1969-76v12/d95",
    ]
    assert {d.volume_title for d in corpus.documents} == {"Soviet Union, January 1969–October 1970"}
    assert corpus.problems == ()


@pytest.fixture(scope="module")
def volume(tmp_path_factory):
    return write_volume(tmp_path_factory.mktemp("volume"))


def test_import_whole_volume_picks_conversations(volume):
    corpus = load_corpus([volume])
    assert corpus.problems == ()
    docs = {d.id: d for d in corpus.documents}
    assert list(docs) == [
        "frus1969-76v12/d95",
        "frus1969-76v12/d188",
        "frus1969-76v12/d189",
        "frus1969-76v12/d190",
    ]  # the memorandum d96 is not a conversation
    assert docs["frus1969-76v12/d95"].dialogue is False
    assert docs["frus1969-76v12/d188"].turns[0].pages == (580,)
    assert docs["frus1969-76v12/d189"].turns[0].pages == (581,)
    assert len(docs["frus1969-76v12/d189"].turns) == 48
    assert docs["frus1969-76v12/d95"].segments[0].pages == (288, 289)
    assert {d.volume_title for d in docs.values()} == {"Soviet Union, January 1969–October 1970"}


def test_import_whole_volume_persons_and_terms_name_speakers(volume):
    doc = load_corpus([volume]).document("frus1969-76v12/d190")
    assert [(t.speaker, t.label, t.clean_text) for t in doc.turns] == [
        ("nixon", "P", "You figure about three weeks."),  # plain text label
        (KISSINGER, "K", "About three weeks."),
        ("nixon", "P", "Fine."),  # <gloss target="#t_P1">, "P, President" in the terms
    ]
    d188 = load_corpus([volume]).document("frus1969-76v12/d188")
    assert {(p.id, p.labels) for p in d188.participants} == {
        (KISSINGER, ("K",)),
        (DOBRYNIN, ("D",)),
    }


def test_glossary_of_volume(volume):
    assert glossary(volume) == {
        "K": "Kissinger",
        "MBFR": "Mutual and Balanced Force Reductions",
        "P": "President",
    }
    assert ("MBFR", "Mutual and Balanced Force Reductions") in load_corpus([volume]).terms


def test_import_xml_without_documents(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text("<catalog><book>FRUS</book></catalog>", encoding="utf-8")
    corpus = load_corpus([path])
    assert corpus.documents == ()
    assert str(corpus.problems[0]).startswith(
        f'{path}:1: This XML holds no TEI document (<div type="document">)'
    )


def test_import_unknown_label_reports_element(tmp_path):
    path = tmp_path / "frus1969-76v12-d7.xml"
    path.write_text(
        '<div type="document" xml:id="d7" n="7">\n<head>7. Transcript of Telephone '
        "Conversation Between (Kissinger) and (Dobrynin)</head>\n<p>K: Hello.</p>\n"
        "<p>D: Hello.</p>\n<p>X: Who?</p>\n</div>",
        encoding="utf-8",
    )
    corpus = load_corpus([path])
    (doc,) = corpus.documents
    assert [t.speaker for t in doc.turns] == [KISSINGER, DOBRYNIN]
    assert doc.segments[0].kind == SegmentKind.UNATTRIBUTED
    (problem,) = corpus.problems
    assert (problem.line, problem.element) == (5, "div[@xml:id='d7']/p[3]")
    assert problem.message.startswith("Unknown speaker label 'X'")
