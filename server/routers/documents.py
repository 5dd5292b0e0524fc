"""The public corpus: the list of documents and one document's turns (public domain, no auth)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status

from server.deps import ServicesDep
from server.quiz import participant_name
from server.roleplay import turn_out
from transcripts import topics

router = APIRouter(prefix="/api/documents", tags=["documents"])


def _listing(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": doc["id"],
        "title": doc["title"],
        "volume_title": doc.get("volume_title"),
        "number": doc["number"],
        "date": doc.get("date"),
        "excerpt": bool(doc.get("excerpt")),
        "dialogue": bool(doc.get("dialogue", True)),
        "turns": doc["turns"],
        "url": doc["url"],
        # the project's one-line summary of the conversation (editorial, never the record's
        # words); null for a document it has not described (one added with --transcripts)
        "topic": topics().get(doc["id"]),
        "participants": [
            {"id": p, "name": participant_name(p)} for p in doc.get("participants", [])
        ],
    }


@router.get("")
def list_documents(services: ServicesDep) -> list[dict[str, Any]]:
    """Every document of the index, in index order."""
    return [_listing(doc) for doc in services.index.documents.values()]


@router.get("/{volume}/{doc}")
def get_document(volume: str, doc: str, services: ServicesDep) -> dict[str, Any]:
    """One document's metadata and turns, with editorial spans for styling."""
    doc_id = f"{volume}/{doc}"
    record = services.index.documents.get(doc_id)
    if record is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            f"No document {doc_id!r}; GET /api/documents lists the ids.",
        )
    turns = services.roleplay.turns(doc_id) if record.get("dialogue", True) else []
    return {
        **_listing(record),
        "place": record.get("place"),
        "source": record.get("source"),
        "same_as": record.get("same_as", []),
        "turns": [turn_out(t).model_dump(exclude={"text"}) for t in turns],
    }
