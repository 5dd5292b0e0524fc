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
from dataclasses import dataclass
from typing import Any

from embeddings.address import unnamed
from embeddings.glossary import Glossary
from transcripts import Corpus, Document, EditorialKind, EditorialSpan, SegmentKind, Turn, span_dict

VIEWS = ("turn", "plain", "exchange")


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """A turn as the index keeps it: enough to show it, cite it and find its reply.

    Three texts, three names: ``printed`` as printed (page markers and footnote digits
    included), ``clean_text`` without them (editorial marks kept, ``editorial`` indexes it),
    ``spoken_text`` the words said (editorial spans removed), which is what search matches.
    """

    document: str
    index: int
    speaker: str
    label: str
    spoken_text: str
    printed: str
    clean_text: str
    pages: tuple[int, ...]
    editorial: tuple[EditorialSpan, ...]
    reply_stop: int  # index (in the document) after the last turn of this turn's reply
    # editors' paragraphs printed between the previous turn and this one ("[Omitted here is
    # ...]"): a reply that starts after an omission is shown with it, as printed
    editorial_before: tuple[str, ...] = ()
    # editors' paragraphs printed after this turn that no later turn shows before its words:
    # the index keeps those after a document's last turn here, and a reply's last turn also
    # carries those printed before the next turn (Index.reply), so a reply never ends as if the
    # conversation had ended there when the record says it went on
    editorial_after: tuple[str, ...] = ()

    @property
    def reply_indices(self) -> range:
        return range(self.index + 1, self.reply_stop)

    def to_dict(self) -> dict[str, Any]:
        """The record as ``turns.json`` keeps it (the spoken words are "text")."""
        return {
            "document": self.document,
            "index": self.index,
            "speaker": self.speaker,
            "label": self.label,
            "text": self.spoken_text,
            "printed": self.printed,
            "clean_text": self.clean_text,
            "pages": list(self.pages),
            "editorial": [span_dict(s) for s in self.editorial],
            "reply_stop": self.reply_stop,
            "editorial_before": list(self.editorial_before),
            "editorial_after": list(self.editorial_after),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TurnRecord:
        return cls(
            document=data["document"],
            index=data["index"],
            speaker=data["speaker"],
            label=data["label"],
            spoken_text=data["text"],
            printed=data["printed"],
            clean_text=data["clean_text"],
            pages=tuple(data["pages"]),
            editorial=tuple(
                EditorialSpan(e["start"], e["end"], EditorialKind(e["kind"]), e["text"])
                for e in data["editorial"]
            ),
            reply_stop=data["reply_stop"],
            editorial_before=tuple(data.get("editorial_before", ())),
            editorial_after=tuple(data["editorial_after"]),  # index format 5
        )


def _reply_stop(turns: tuple[Turn, ...], i: int) -> int:
    """The reply runs from the next turn up to the speaker's own next turn."""
    stop = i + 1
    while stop < len(turns) and turns[stop].speaker != turns[i].speaker:
        stop += 1
    return stop


def _editorial_notes(doc: Document) -> dict[int, tuple[str, ...]]:
    """Editorial paragraphs after a turn, by the index of the turn they precede (the number of
    turns for those after the last one).

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
        notes = _editorial_notes(doc)
        for i, turn in enumerate(turns):
            records.append(
                TurnRecord(
                    document=doc.id,
                    index=i,
                    speaker=turn.speaker,
                    label=turn.label,
                    spoken_text=turn.spoken_text,
                    printed=turn.printed,
                    clean_text=turn.clean_text,
                    pages=tuple(turn.pages),
                    editorial=turn.editorial,
                    reply_stop=_reply_stop(turns, i),
                    editorial_before=notes.get(i, ()),
                    editorial_after=notes.get(len(turns), ()) if i == len(turns) - 1 else (),
                )
            )
    return records


def _join(texts: Iterable[str]) -> str:
    return " ".join(t for t in texts if t)


def _said(rec: TurnRecord) -> str:
    """The turn's words without the name its speaker addresses the other by, as a student's
    line is matched (:func:`embeddings.address.unnamed`)."""
    return unnamed(rec.spoken_text, rec.speaker)


def view_texts(records: list[TurnRecord], glossary: Glossary) -> list[str]:
    """``len(VIEWS)`` texts per record, record-major: turn, plain, exchange."""
    out: list[str] = []
    for row, rec in enumerate(records):
        reply = _join(_said(records[row + j - rec.index]) for j in rec.reply_indices)
        before = _said(records[row - 1]) if rec.index > 0 else ""
        out.append(glossary.expand(glossary.canonical(_said(rec))))
        out.append(rec.spoken_text)
        out.append(glossary.expand(glossary.canonical(_join((_said(rec), reply, before)))))
    return out


def lexical_texts(records: list[TurnRecord], glossary: Glossary) -> list[str]:
    """The words BM25 sees for each record: the turn, with the record's names and labels."""
    return [glossary.expand(glossary.canonical(_said(rec))) for rec in records]
