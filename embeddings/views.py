"""What gets indexed for each turn: its record, its views for the encoder, its lexical text.

A student's line rarely repeats the recorded words, so each turn is encoded three ways: the
turn with names rewritten to the record's own words ("Bonn" -> "the Germans", see the
glossary) and the labels of the concepts it mentions; the plain turn as spoken (whose token
vectors also serve word-by-word matching, see :mod:`embeddings.tokens`); and the exchange
around it (the turn, its reply and the line before, rewritten and labelled like the first).
Views are pure functions of the corpus, so the same corpus always gives the same texts and
the vector cache serves them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from embeddings.glossary import Glossary
from transcripts import Corpus, Document, SegmentKind, Turn

VIEWS = ("turn", "plain", "exchange")


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """A turn as the index keeps it: enough to show it, cite it and find its reply."""

    document: str
    index: int
    speaker: str
    label: str
    text: str  # spoken text: editorial spans removed
    printed: str  # as printed, page markers and footnote digits included
    clean_text: str
    pages: tuple[int, ...]
    editorial: tuple[dict, ...]
    reply_stop: int  # index (in the document) after the last turn of this turn's reply
    # editors' paragraphs printed between the previous turn and this one ("[Omitted here is
    # ...]"): a reply that starts after an omission is shown with it, as printed
    editorial_before: tuple[str, ...] = ()

    @property
    def reply_indices(self) -> range:
        return range(self.index + 1, self.reply_stop)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> TurnRecord:
        data = dict(data)
        data["pages"] = tuple(data["pages"])
        data["editorial"] = tuple(data["editorial"])
        data["editorial_before"] = tuple(data.get("editorial_before", ()))
        return cls(**data)


def _reply_stop(turns: tuple[Turn, ...], i: int) -> int:
    """The reply runs from the next turn up to the speaker's own next turn."""
    stop = i + 1
    while stop < len(turns) and turns[stop].speaker != turns[i].speaker:
        stop += 1
    return stop


def _editorial_before(doc: Document) -> dict[int, tuple[str, ...]]:
    """Editorial paragraphs between two turns, by the index of the turn they precede.

    Those before the first turn (headnotes) belong to no exchange and are left to the
    document view.
    """
    notes: dict[int, list[str]] = {}
    for segment in doc.segments:
        if segment.kind == SegmentKind.EDITORIAL and segment.before_turn > 0:
            notes.setdefault(segment.before_turn, []).append(segment.clean_text)
    return {i: tuple(texts) for i, texts in notes.items()}


def turn_records(corpus: Corpus) -> list[TurnRecord]:
    """Every turn of every citable dialogue document, in corpus order.

    Narrative records have none; nor has a source that names no FRUS document (the parser
    reported it), since a reply from it could not carry a citation.
    """
    records = []
    for doc in corpus.documents:
        if not (doc.dialogue and doc.citable):
            continue
        turns = doc.turns
        notes = _editorial_before(doc)
        for i, turn in enumerate(turns):
            records.append(
                TurnRecord(
                    document=doc.id,
                    index=i,
                    speaker=turn.speaker,
                    label=turn.label,
                    text=turn.spoken_text,
                    printed=turn.text,
                    clean_text=turn.clean_text,
                    pages=tuple(turn.pages),
                    editorial=tuple(
                        {"start": s.start, "end": s.end, "kind": str(s.kind), "text": s.text}
                        for s in turn.editorial
                    ),
                    reply_stop=_reply_stop(turns, i),
                    editorial_before=notes.get(i, ()),
                )
            )
    return records


def _join(texts: Iterable[str]) -> str:
    return " ".join(t for t in texts if t)


def view_texts(records: list[TurnRecord], glossary: Glossary) -> list[str]:
    """``len(VIEWS)`` texts per record, record-major: turn, plain, exchange."""
    out: list[str] = []
    for row, rec in enumerate(records):
        reply = _join(records[row + j - rec.index].text for j in rec.reply_indices)
        before = records[row - 1].text if rec.index > 0 else ""
        out.append(glossary.expand(glossary.canonical(rec.text)))
        out.append(rec.text)
        out.append(glossary.expand(glossary.canonical(_join((rec.text, reply, before)))))
    return out


def lexical_texts(records: list[TurnRecord], glossary: Glossary) -> list[str]:
    """The words BM25 sees for each record: the turn, with the record's names and labels."""
    return [glossary.expand(glossary.canonical(rec.text)) for rec in records]
