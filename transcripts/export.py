"""Plain-dict forms of the model, for JSON: ``backchannel corpus show --json`` and the API.

One place decides the field names, so the CLI, the index and the web pages agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from transcripts.model import Corpus, Document, EditorialSpan, Problem, Segment, Turn


def span_dict(span: EditorialSpan) -> dict[str, Any]:
    """An editorial span as JSON: ``start``/``end`` index the turn's ``clean_text``."""
    return {"start": span.start, "end": span.end, "kind": str(span.kind), "text": span.text}


def turn_dict(turn: Turn) -> dict[str, Any]:
    return {
        "index": turn.index,
        "speaker": turn.speaker,
        "label": turn.label,
        "text": turn.printed,
        "clean_text": turn.clean_text,
        "spoken_text": turn.spoken_text,
        "pages": list(turn.pages),
        "page_breaks": [{"offset": b.offset, "page": b.page} for b in turn.page_breaks],
        "footnotes": list(turn.footnotes),
        "editorial": [span_dict(s) for s in turn.editorial],
        "line": turn.line,
    }


def segment_dict(segment: Segment) -> dict[str, Any]:
    return {
        "kind": str(segment.kind),
        "text": segment.printed,
        "clean_text": segment.clean_text,
        "pages": list(segment.pages),
        "before_turn": segment.before_turn,
        "line": segment.line,
    }


def _identity(doc: Document) -> dict[str, Any]:
    """What every plain form of a document carries: who, when, where, how to cite it."""
    return {
        "id": doc.id,
        "volume": doc.volume,
        "number": doc.number,
        "title": doc.title,
        "volume_title": doc.volume_title,
        "date": doc.date,
        "place": doc.place,
        "url": doc.url,
        "excerpt": doc.excerpt,
        "dialogue": doc.dialogue,
        "same_as": list(doc.same_as),
    }


def document_dict(doc: Document) -> dict[str, Any]:
    return {
        **_identity(doc),
        "participants": [
            {"id": p.id, "name": p.name, "labels": list(p.labels)} for p in doc.participants
        ],
        "source_note": doc.source_note,
        "footnotes": [{"number": f.number, "text": f.text} for f in doc.footnotes],
        "pages": sorted({p for b in doc.body for p in b.pages}),
        "source_format": doc.source_format,
        "path": doc.path,
        "turns": [turn_dict(t) for t in doc.turns],
        "segments": [segment_dict(s) for s in doc.segments],
    }


@dataclass(frozen=True, slots=True)
class Citation:
    """Where recorded words are printed: the document, its pages, its page on history.state.gov.

    Every reply, quiz question and ``ask`` answer carries one; ``excerpt`` says the copy
    stops before the document does.
    """

    document: str
    title: str
    volume_title: str | None
    number: int
    pages: tuple[int, ...]
    date: str | None
    source: str | None
    url: str
    excerpt: bool


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A document as the search index keeps it (``documents.json``): what listings, quizzes
    and citations need, without the body."""

    id: str
    volume: str
    number: int
    title: str
    volume_title: str | None
    date: str | None
    place: str | None
    url: str
    excerpt: bool
    dialogue: bool  # False for a narrative record: never a reply, never played
    same_as: tuple[str, ...]
    source: str | None  # the archival source note
    turns: int
    participants: tuple[str, ...]  # participant ids, in the order the title names them

    def citation(self, pages: Iterable[int]) -> Citation:
        """How a reply, a quiz and ``ask --json`` cite this document and ``pages`` of it."""
        return Citation(
            document=self.id,
            title=self.title,
            volume_title=self.volume_title,
            number=self.number,
            pages=tuple(sorted(set(pages))),
            date=self.date,
            source=self.source,
            url=self.url,
            excerpt=self.excerpt,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "volume": self.volume,
            "number": self.number,
            "title": self.title,
            "volume_title": self.volume_title,
            "date": self.date,
            "place": self.place,
            "url": self.url,
            "excerpt": self.excerpt,
            "dialogue": self.dialogue,
            "same_as": list(self.same_as),
            "source": self.source,
            "turns": self.turns,
            "participants": list(self.participants),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DocumentRecord:
        return cls(
            id=data["id"],
            volume=data["volume"],
            number=data["number"],
            title=data["title"],
            volume_title=data["volume_title"],
            date=data["date"],
            place=data["place"],
            url=data["url"],
            excerpt=data["excerpt"],
            dialogue=data["dialogue"],
            same_as=tuple(data["same_as"]),
            source=data["source"],
            turns=data["turns"],
            participants=tuple(data["participants"]),
        )


def document_record(doc: Document) -> DocumentRecord:
    """The document as the search index keeps it."""
    return DocumentRecord(
        id=doc.id,
        volume=doc.volume,
        number=doc.number,
        title=doc.title,
        volume_title=doc.volume_title,
        date=doc.date,
        place=doc.place,
        url=doc.url,
        excerpt=doc.excerpt,
        dialogue=doc.dialogue,
        same_as=doc.same_as,
        source=doc.source_note,
        turns=len(doc.turns),
        participants=tuple(p.id for p in doc.participants),
    )


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "line": problem.line,
        "element": problem.element,
        "severity": problem.severity,
        "message": problem.message,
    }


def corpus_dict(corpus: Corpus) -> dict[str, Any]:
    return {
        "documents": [document_dict(d) for d in corpus.documents],
        "problems": [problem_dict(p) for p in corpus.problems],
    }
