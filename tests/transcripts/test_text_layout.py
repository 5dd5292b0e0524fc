"""The text layout: the seed conversation, then each variant of the layout on small inputs."""

from __future__ import annotations

import pytest

from transcripts import DOBRYNIN, KISSINGER, EditorialKind, SegmentKind, shipped_corpus_dir
from transcripts.text_layout import Meta, parse_text

SEED = shipped_corpus_dir() / "frus-text" / "frus1969-76v39-d107.txt"
SEED_META = Meta("frus1969-76v39", 107, True, "European Security")


@pytest.fixture(scope="module")
def seed():
    doc, problems = parse_text(SEED.read_text(encoding="utf-8"), str(SEED), SEED_META)
    assert problems == []
    return doc


def test_parse_seed_turns_alternate_kissinger_dobrynin(seed):
    speakers = [t.speaker for t in seed.turns]
    assert len(speakers) == 56
    assert speakers.count(KISSINGER) == 28 and speakers.count(DOBRYNIN) == 28
    assert speakers == [KISSINGER, DOBRYNIN] * 28
    assert {t.label for t in seed.turns} == {"HK", "AD"}
    assert seed.turns[0].clean_text.startswith(
        "Anatol, two things about our discussions this morning. First on the MBFR Conference"
    )
    assert seed.id == "frus1969-76v39/d107"
    assert seed.url == "https://history.state.gov/historicaldocuments/frus1969-76v39/d107"


def test_parse_seed_footnotes_linked(seed):
    first = seed.turns[0]
    assert first.footnotes == (2,)
    assert "this morning.2 First" in first.printed
    assert "this morning. First" in first.clean_text
    assert seed.source_note.startswith("Source: National Archives, Nixon Presidential Materials")
    assert [f.number for f in seed.footnotes] == [1, 2]
    assert seed.footnotes[1].text.startswith("The memorandum of Kissinger’s conversation")
    assert all(t.footnotes == () for t in seed.turns[1:])


def test_parse_seed_pages(seed):
    spanning = [t for t in seed.turns if len(t.pages) > 1]
    assert [t.index for t in spanning] == [11]
    turn = spanning[0]
    assert turn.pages == (327, 328)
    (brk,) = turn.page_breaks
    assert brk.page == 328
    assert turn.clean_text[: brk.offset].endswith("I mentioned to you that ")
    assert turn.clean_text[brk.offset :].startswith("time that there was no agreement")
    assert "[Page" not in turn.clean_text and "[Page 328]" in turn.printed
    assert all(t.pages == (327,) for t in seed.turns[:11])
    assert all(t.pages == (328,) for t in seed.turns[12:35])
    assert seed.turns[35].clean_text == "So it will be between 3 or 4 months."
    assert all(t.pages == (329,) for t in seed.turns[35:])


def test_parse_seed_editorial_marks(seed):
    marked = [t for t in seed.turns if any("omission" in s.text for s in t.editorial)]
    assert [t.speaker for t in marked] == [DOBRYNIN] * 3
    spans = [s for t in marked for s in t.editorial]
    assert len(spans) == 5
    assert {(s.kind, s.text) for s in spans} == {
        (EditorialKind.BRACKET, "[omission in original transcript]")
    }
    for t in marked:
        assert "omission" not in t.spoken_text
        assert all(t.clean_text[s.start : s.end] == s.text for s in t.editorial)
    assert marked[0].spoken_text == "What about the conference—this was a multilateral conference."


def test_parse_seed_omitted_paragraphs_are_segments(seed):
    segments = seed.segments
    assert [s.kind for s in segments] == [SegmentKind.EDITORIAL] * 2
    assert segments[0].clean_text.startswith("[Omitted here is discussion of matters other")
    assert segments[0].before_turn == 0
    assert segments[1].before_turn == 56 and segments[1].pages == (329,)
    assert seed.turns[-1].clean_text == "I don’t want to interfere in your domestic affairs."
    assert not any("Omitted" in t.clean_text for t in seed.turns)


def test_parse_seed_laughter_is_stage_note(seed):
    stage = [(t.index, s.text) for t in seed.turns for s in t.editorial if s.kind == "stage"]
    assert stage == [(51, "(laughter)"), (53, "(laughter)")]
    assert seed.turns[51].spoken_text == (
        "But really I am afraid you will not. You said it as a trick behind us."
    )


def test_parse_seed_metadata_from_title_without_manifest():
    doc, _ = parse_text(SEED.read_text(encoding="utf-8"), str(SEED))
    assert doc.id == "frus1969-76v39/d107"  # number from the title line, volume from the name
    assert doc.title.startswith("Transcript of Telephone Conversation Between the President’s")
    assert doc.title.endswith("(Dobrynin)")
    assert [p.id for p in doc.participants] == [KISSINGER, DOBRYNIN]


def parse(body: str, name: str = "frus1969-76v13-d1.txt"):
    return parse_text(body, name)


def test_parse_variant_period_labels_and_same_speaker_twice():
    doc, problems = parse(
        "1. Transcript of Telephone Conversation Between Soviet Ambassador Dobrynin and "
        "Secretary of State Kissinger 1\n\nD. Hello.\n\nK. Yes.\n\nK. When are you leaving?\n\n"
        "D. . . . tomorrow.\n"
    )
    assert problems == []
    assert [(t.speaker, t.label, t.clean_text) for t in doc.turns] == [
        (DOBRYNIN, "D", "Hello."),
        (KISSINGER, "K", "Yes."),
        (KISSINGER, "K", "When are you leaving?"),
        (DOBRYNIN, "D", ". . . tomorrow."),
    ]
    assert doc.title.endswith("Secretary of State Kissinger")


def test_parse_variant_continuation_paragraphs_and_page_lines():
    doc, _ = parse(
        "[Page 613]\n\n9. Transcript of a Telephone Conversation Between (Kissinger) and "
        "(Dobrynin)1\n\nD: “Dear Mr. President:\n\n[Page 614]\n\nThe events become dangerous.\n\n"
        "1. A call to cease fire.\n\nSincerely, L. Brezhnev”\n\nK: Right.[Page 615]\n\n"
        "D: [Page 616]fighting stopped.2\n\n  1. Source: Somewhere.\n  2. October 19.\n"
    )
    first, second, third = doc.turns
    assert first.printed == (
        "“Dear Mr. President:\n\n[Page 614]\n\nThe events become dangerous.\n\n"
        "1. A call to cease fire.\n\nSincerely, L. Brezhnev”"
    )
    assert first.clean_text == (
        "“Dear Mr. President:\n\nThe events become dangerous.\n\n1. A call to cease fire.\n\n"
        "Sincerely, L. Brezhnev”"
    )
    assert first.pages == (613, 614)
    assert second.pages == (614,)  # the break after its last word opens the next turn's page
    assert third.pages == (616,) and third.clean_text == "fighting stopped."
    assert third.footnotes == (2,)
    assert [f.text for f in doc.footnotes] == ["Source: Somewhere.", "October 19."]


def test_parse_variant_numbers_that_are_not_footnote_markers():
    doc, _ = parse(
        "3. Transcript of Telephone Conversation Between (Kissinger) and (Dobrynin)1\n\n"
        "K: You are building SS–9’s since ’80. Call at 2:30 or 12 o’clock. (1) First.2\n\n"
        "D: Res. 242 is fine.3 Section 4 too.\n"
    )
    k, d = doc.turns
    assert k.footnotes == (2,) and d.footnotes == (3,)
    assert (
        k.clean_text == "You are building SS–9’s since ’80. Call at 2:30 or 12 o’clock. (1) First."
    )
    assert d.clean_text == "Res. 242 is fine. Section 4 too."


def test_parse_variant_older_footnote_layout():
    doc, _ = parse(
        "4. Transcript of Telephone Conversation Between (Kissinger) and (Dobrynin)1\n\n"
        "K: Hello.2\n\n- Source: National Archives.↩\n- See Document 221.↩\n"
    )
    assert [(f.number, f.text) for f in doc.footnotes] == [
        (1, "Source: National Archives."),
        (2, "See Document 221."),
    ]
    assert doc.source_note == "Source: National Archives."


def test_parse_variant_label_mapped_through_title():
    doc, problems = parse(
        "5. Transcript of Telephone Conversation Between President Nixon and (Kissinger)1\n\n"
        "N: Henry?\n\nHAK: Yes, Mr. President.\n\nRN: Good.\n"
    )
    assert problems == []
    assert [(t.speaker, t.label) for t in doc.turns] == [
        ("nixon", "N"),
        (KISSINGER, "HAK"),
        ("nixon", "RN"),
    ]


def test_parse_variant_president_label():
    doc, problems = parse(
        "6. Transcript of Telephone Conversation Between President Nixon and the President’s "
        "Assistant (Kissinger)1\n\nP: You figure about three weeks.\n\nK: About that.\n"
    )
    assert problems == []
    assert [(t.speaker, t.label) for t in doc.turns] == [("nixon", "P"), (KISSINGER, "K")]


def test_parse_variant_title_number_disagreeing_with_header_is_reported():
    doc, problems = parse(
        "volume: frus1969-76v39\ndocument: 107\n---\n12. Transcript of Telephone Conversation "
        "Between Kissinger and Dobrynin\n\nK: Hello.\n\nD: Hello.\n",
        "call.txt",
    )
    assert doc.id == "frus1969-76v39/d12"
    assert [str(p) for p in problems] == [
        "call.txt:4: The title is numbered 12, but the header or the manifest says document "
        "107; the printed number 12 is used. Correct whichever is wrong, so the "
        "citation points to the right document."
    ]


@pytest.mark.parametrize("given", ["abc", "\u00b2", "12a"])
def test_parse_variant_header_number_that_is_no_number_is_reported_at_its_line(given):
    """'document: ²' ended `corpus check` in a ValueError; 'document: abc' was told "there
    is no header", of a file with one."""
    doc, problems = parse(
        f"volume: frus1969-76v39\ndocument: {given}\n---\nTranscript of Telephone "
        "Conversation Between Kissinger and Dobrynin\n\nK: Hello.\n\nD: Hello.\n",
        "call.txt",
    )
    assert str(problems[0]) == (
        f"call.txt:2: The header's document number {given!r} is not a number; give the FRUS "
        "document's number in digits, as 'document: 107'."
    )
    assert [t.clean_text for t in doc.turns] == ["Hello.", "Hello."]  # kept


UNCLOSED = (
    "is opened and never closed in this turn; the text is kept exactly as printed, and none of "
    "it is marked editorial (it all counts as the speaker's words). Add the closing ']' where "
    "the editor's insertion ends."
)


def test_parse_variant_unclosed_bracket_is_reported_and_text_kept():
    doc, problems = parse(
        "1. Transcript of Telephone Conversation Between (Kissinger) and (Dobrynin)\n\n"
        "K: Hello.\n\nD: We will [omission in original transcript the rest\n\nK: Good.\n"
    )
    assert [(t.printed, t.clean_text, t.editorial) for t in doc.turns] == [
        ("Hello.", "Hello.", ()),
        (
            "We will [omission in original transcript the rest",
            "We will [omission in original transcript the rest",
            (),  # no editorial span made up past the end of the turn
        ),
        ("Good.", "Good.", ()),
    ]
    assert doc.turns[1].spoken_text == "We will [omission in original transcript the rest"
    assert [(str(p), p.severity) for p in problems] == [
        (
            "frus1969-76v13-d1.txt:5: The editorial bracket '[omission in original transcript "
            f"the …' {UNCLOSED}",
            "warning",
        )
    ]


def test_parse_variant_unclosed_bracket_line_within_a_long_turn():
    doc, problems = parse(
        "1. Transcript of Telephone Conversation Between (Kissinger) and (Dobrynin)\n\n"
        "K: A letter [2 words\nillegible] follows.\n\nIt says [unclear\nthen more.\n\n"
        "D: Fine.\n"
    )
    assert doc.turns[0].clean_text == (
        "A letter [2 words\nillegible] follows.\n\nIt says [unclear\nthen more."
    )
    assert [s.text for s in doc.turns[0].editorial] == ["[2 words\nillegible]"]
    assert [str(p) for p in problems] == [
        f"frus1969-76v13-d1.txt:6: The editorial bracket '[unclear then more.' {UNCLOSED}"
    ]


def test_labels_that_name_no_participant_are_named_in_the_narrative_warning():
    """A copy whose speakers were relabelled (Q:, Z:) got "Unknown speaker label 'Q'" on each
    paragraph, then "No paragraph starts with a speaker label such as 'K:' or 'D:'", which
    every one of them contradicted."""
    text = SEED.read_text(encoding="utf-8").replace("\nHK:", "\nQ:").replace("\nAD:", "\nZ:")
    doc, problems = parse_text(text, str(SEED), SEED_META)
    assert doc is not None and doc.turns == ()
    (warning,) = [p for p in problems if "narrative record" in p.message]
    assert warning.message == (
        "No paragraph starts with the label of a participant the title names (its labels Q, Z "
        "name none of them); the document is imported as a narrative record (searchable, never "
        "used as a reply). Fix the labels or the title."
    )
