"""The public corpus: the list of documents and one document's turns (public domain, no auth)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field

from server.corrections import targets
from server.deps import ServicesDep
from server.errors import NotFound
from server.wire import (
    Character,
    Citation,
    PromptOut,
    RecordedTurn,
    ReplyOut,
    match_out,
    recorded_turn,
)
from transcripts import DocumentRecord, full_name, topics

router = APIRouter(prefix="/api/documents", tags=["documents"])


class ParticipantOut(BaseModel):
    id: str
    name: str


class DocumentListing(BaseModel):
    id: str
    title: str
    volume_title: str | None
    number: int
    date: str | None
    excerpt: bool
    dialogue: bool
    turns: int
    url: str
    topic: str | None = Field(
        description="The project's one-line summary of the conversation (editorial, never the "
        "record's words); null for a document it has not described (added with --transcripts)."
    )
    participants: list[ParticipantOut]


class DocumentOut(BaseModel):
    """One document: identity, citation data, participants and every turn (no ``text``)."""

    id: str
    title: str
    volume_title: str | None
    number: int
    date: str | None
    excerpt: bool
    dialogue: bool
    url: str
    topic: str | None
    place: str | None
    source: str | None
    same_as: list[str]
    participants: list[ParticipantOut]
    turns: list[RecordedTurn]


def _listing(doc: DocumentRecord, topic: str | None) -> DocumentListing:
    return DocumentListing(
        id=doc.id,
        title=doc.title,
        volume_title=doc.volume_title,
        number=doc.number,
        date=doc.date,
        excerpt=doc.excerpt,
        dialogue=doc.dialogue,
        turns=doc.turns,
        url=doc.url,
        topic=topic,
        participants=[ParticipantOut(id=p, name=full_name(p)) for p in doc.participants],
    )


@router.get("")
def list_documents(services: ServicesDep) -> list[DocumentListing]:
    """Every document of the index, in index order."""
    described = topics()
    return [_listing(doc, described.get(doc.id)) for doc in services.index.documents.values()]


@router.get("/{volume}/{doc}")
def get_document(volume: str, doc: str, services: ServicesDep) -> DocumentOut:
    """One document's metadata and turns, with editorial spans for styling."""
    doc_id = f"{volume}/{doc}"
    record = services.index.documents.get(doc_id)
    if record is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            f"No document {doc_id!r}; GET /api/documents lists the ids.",
        )
    turns = services.roleplay.turns(doc_id) if record.dialogue else []
    listing = _listing(record, topics().get(doc_id))
    return DocumentOut(
        **listing.model_dump(exclude={"turns"}),
        place=record.place,
        source=record.source,
        same_as=list(record.same_as),
        turns=[recorded_turn(t) for t in turns],
    )


class ExchangeOut(BaseModel):
    """A recorded line, what the other side answered (verbatim) and where it is printed."""

    prompt: PromptOut
    reply: ReplyOut
    citation: Citation


@router.get("/{volume}/{doc}/exchanges")
def list_exchanges(
    volume: str,
    doc: str,
    services: ServicesDep,
    as_: Annotated[Character, Query(alias="as", description="Whose lines: the student's side.")],
) -> list[ExchangeOut]:
    """The lines of ``as`` in a conversation that the other side answered, each with its reply.

    The lines an instructor's correction may choose, as the class would then be answered.
    """
    try:
        found = targets(services.index, f"{volume}/{doc}", as_)
    except NotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    wired = [match_out(m) for m in found]
    return [ExchangeOut(prompt=w.prompt, reply=w.reply, citation=w.citation) for w in wired]
