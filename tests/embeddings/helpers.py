"""Hand-made documents for tests that must not depend on the corpus parser."""

from __future__ import annotations

from dataclasses import replace

from transcripts import Corpus, Document, Segment, SegmentKind, Turn


def make_document(
    doc_id: str, lines: list[tuple[str, str]], *, date: str = "1972-05-01", dialogue: bool = True
) -> Document:
    volume, number = doc_id.split("/d")
    turns = tuple(
        Turn(
            document=doc_id,
            index=i,
            speaker={"K": "kissinger", "D": "dobrynin"}[label],
            label=label,
            printed=text,
            clean_text=text,
            pages=(100 + i // 4,),
        )
        for i, (label, text) in enumerate(lines)
    )
    return Document(
        id=doc_id,
        volume=volume,
        number=int(number),
        title=f"{number}. Transcript of Telephone Conversation",
        body=turns,
        source_format="text",
        path=f"{doc_id.replace('/', '-')}.txt",
        volume_title="Test volume",
        date=date,
        dialogue=dialogue,
    )


CALL_A = [
    ("K", "The grain sale can go ahead next week."),
    ("D", "Moscow will be very pleased with the wheat."),
    ("K", "Yes."),
    ("D", "Then I will cable tonight."),
]
CALL_B = [
    ("D", "About the summit, we need a date."),
    ("K", "Yes."),
    ("D", "Shall we say May?"),
    ("K", "The submarine base in Cuba worries the President."),
    ("D", "There is no base, I assure you."),
]


def small_corpus() -> Corpus:
    return Corpus(
        (
            make_document("frus-test-v1/d1", CALL_A, date="1971-03-02"),
            make_document("frus-test-v2/d2", CALL_B, date="1973-06-10"),
        )
    )


OMISSION = "[Omitted here is discussion of the grain sale.]"


def document_with_omission() -> Document:
    """CALL_A with an editors' paragraph between Kissinger's first line and the reply."""
    doc = make_document("frus-test-v4/d4", CALL_A)
    note = Segment(doc.id, SegmentKind.EDITORIAL, OMISSION, OMISSION, (100,), before_turn=1)
    head = Segment(doc.id, SegmentKind.EDITORIAL, "[Headnote.]", "[Headnote.]", (100,), 0)
    turns = doc.turns
    return replace(doc, body=(head, turns[0], note, *turns[1:]))


CLOSING = "[Omitted here is discussion of matters other than the grain sale.]"
ASIDE = "[Omitted here is discussion of the summit.]"


CALL_EXCERPT = [
    ("K", "The grain sale can go ahead next week."),
    ("D", "Moscow will be very pleased with the wheat."),
    ("K", "Tell your Minister the ships may load in Odessa."),
    ("D", "Then I will cable tonight."),
]


def document_ending_with_omission() -> Document:
    """An excerpt of a call: an editors' paragraph after Dobrynin's first reply, before
    Kissinger speaks again, and one after the last turn, the document's last element."""
    doc = make_document("frus-test-v6/d6", CALL_EXCERPT)
    aside = Segment(doc.id, SegmentKind.EDITORIAL, ASIDE, ASIDE, (100,), before_turn=2)
    closing = Segment(doc.id, SegmentKind.EDITORIAL, CLOSING, CLOSING, (100,), before_turn=4)
    turns = doc.turns
    return replace(doc, body=(*turns[:2], aside, *turns[2:], closing))


def call_with_the_president() -> Document:
    """A Kissinger–Nixon telcon, as a volume added to the corpus might hold."""
    doc = make_document("frus-test-v5/d5", [("K", "x"), ("D", "x"), ("K", "x"), ("D", "x")])
    lines = [
        ("kissinger", "K", "The grain sale can go ahead next week."),
        ("nixon", "P", "Good, tell them nothing until Monday."),
        ("kissinger", "K", "Dobrynin will call me tonight about the summit date."),
        ("nixon", "P", "Let him wait."),
    ]
    turns = tuple(
        replace(turn, speaker=speaker, label=label, printed=text, clean_text=text)
        for turn, (speaker, label, text) in zip(doc.turns, lines, strict=True)
    )
    return replace(doc, body=turns)
