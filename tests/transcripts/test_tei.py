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
    assert first.printed.startswith("Two things I would like to mention to you. First, I am going")
    assert "on Wednesday.2 Before I go" in first.printed
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
    assert "[Page 289]would be useful" in first.printed
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


HEAD = (
    '<div type="document" xml:id="d7" n="7">\n<head>7. Transcript of Telephone Conversation '
    "Between (Kissinger) and (Dobrynin){note}</head>\n"
)


def write_doc(tmp_path, body: str, note: str = '<note n="1" type="source">Source: Box 1.</note>'):
    path = tmp_path / "frus1969-76v12-d7.xml"
    path.write_text(HEAD.format(note=note) + body + "</div>", encoding="utf-8")
    return path


@pytest.mark.parametrize("when", ["1970-13-45", "July"])
def test_import_dateline_date_not_iso_is_reported_and_left_unset(tmp_path, when):
    path = write_doc(
        tmp_path,
        f'<dateline><placeName>Washington</placeName>, <date when="{when}">July 27, 1970'
        "</date></dateline>\n<p>K: Hello.</p>\n<p>D: Hello, Henry.</p>\n",
    )
    corpus = load_corpus([path])
    (doc,) = corpus.documents
    assert doc.date is None and doc.place == "Washington"
    assert [t.clean_text for t in doc.turns] == ["Hello.", "Hello, Henry."]
    assert doc.source_note == "Source: Box 1."
    assert [(str(p), p.severity) for p in corpus.problems] == [
        (
            f"{path}:3 (div[@xml:id='d7']/dateline//date): The dateline's date "
            f'when="{when}" is not an ISO 8601 date (such as 1970-07-27 or '
            "1970-07-27T08:45:00-04:00); the document is imported without a date "
            '(printed: "July 27, 1970"). Correct the when attribute.',
            "warning",
        )
    ]


def test_import_dateline_partial_iso_dates_are_kept(tmp_path):
    path = write_doc(tmp_path, '<dateline><date when="1970-07"/></dateline>\n<p>K: Hi.</p>\n')
    corpus = load_corpus([path])
    assert corpus.problems == () and corpus.documents[0].date == "1970-07"


def test_import_page_break_without_number_keeps_text_and_last_page(tmp_path):
    path = write_doc(
        tmp_path,
        '<p>K: Hello.</p>\n<pb n="581"/>\n<p>D: Hello.</p>\n<pb n="xii"/>\n'
        '<p>K: We are still <pb n=""/>here.</p>\n<p>D: Yes.</p>\n',
    )
    corpus = load_corpus([path])
    (doc,) = corpus.documents
    assert [(t.clean_text, t.pages, t.page_breaks) for t in doc.turns] == [
        ("Hello.", (580,), ()),
        ("Hello.", (581,), ()),
        ("We are still here.", (581,), ()),  # no page 582 made up, no roman page
        ("Yes.", (581,), ()),
    ]
    assert doc.turns[2].printed == "We are still here."
    message = (
        "is not a page number; the text after it is kept, on the last numbered page before it "
        "(no page is made up). Give the printed page number in n."
    )
    assert [(str(p), p.severity) for p in corpus.problems] == [
        (
            f"{path}:6 (div[@xml:id='d7']//pb[@n='xii']): The page break n=\"xii\" {message}",
            "warning",
        ),
        (f"{path}:7 (div[@xml:id='d7']//pb[@n='']): The page break n=\"\" {message}", "warning"),
    ]


def test_import_empty_notes_are_reported_and_document_kept(tmp_path):
    path = write_doc(
        tmp_path,
        '<p>K: Hello.<note n="2"/> Are you there?</p>\n<p>D: I am.<note n="3">May 14.</note></p>\n',
        note='<note type="source"/>',
    )
    corpus = load_corpus([path])
    (doc,) = corpus.documents
    assert [(t.printed, t.clean_text, t.footnotes) for t in doc.turns] == [
        ("Hello.2 Are you there?", "Hello. Are you there?", (2,)),
        ("I am.3", "I am.", (3,)),
    ]
    assert doc.source_note is None
    assert [(f.number, f.text) for f in doc.footnotes] == [(3, "May 14.")]
    assert [(str(p), p.severity) for p in corpus.problems] == [
        (
            f"{path}:2 (div[@xml:id='d7']//note[@type='source']): The source note is empty; the "
            "document is imported without its archival source. Add the note's text from the "
            "printed volume.",
            "warning",
        ),
        (
            f"{path}:3 (div[@xml:id='d7']//note[@n='2']): Footnote 2 is empty; its marker is "
            "kept in the text, with no note to show. Add the note's text from the printed "
            "volume.",
            "warning",
        ),
    ]


def test_import_empty_numbered_source_note(tmp_path):
    path = write_doc(tmp_path, "<p>K: Hello.</p>\n", note='<note n="1" type="source">  </note>')
    corpus = load_corpus([path])
    assert [t.clean_text for t in corpus.documents[0].turns] == ["Hello."]
    assert corpus.documents[0].source_note is None
    assert [str(p) for p in corpus.problems] == [
        f"{path}:2 (div[@xml:id='d7']//note[@n='1']): Footnote 1 is empty; the document is "
        "imported without its archival source. Add the note's text from the printed volume."
    ]


def test_import_unclosed_bracket_is_reported_and_text_kept(tmp_path):
    path = write_doc(
        tmp_path, "<p>K: Hello.</p>\n<p>D: We will [omission in original transcript</p>\n"
    )
    corpus = load_corpus([path])
    turn = corpus.documents[0].turns[1]
    assert (turn.clean_text, turn.editorial) == ("We will [omission in original transcript", ())
    assert [(str(p), p.severity) for p in corpus.problems] == [
        (
            f"{path}:4 (div[@xml:id='d7']/p[2]): The editorial bracket '[omission in original "
            "transcript' is opened and never closed in this turn; the text is kept exactly as "
            "printed, and none of it is marked editorial (it all counts as the speaker's words). "
            "Add the closing ']' where the editor's insertion ends.",
            "warning",
        )
    ]
