"""What the record holds, as scopes for role-play: GET /api/scenarios (public, no auth).

A scenario is a topic or crisis (its title and summary written by the project, marked
``editorial``), a FRUS volume, or one conversation; ``roleplay.start`` takes its id, and an
instructor may set one as a class's default (``PUT /api/classes/{code}/scenario``).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from server.deps import ServicesDep

router = APIRouter(prefix="/api/scenarios", tags=["documents"])


class ScenarioOut(BaseModel):
    """One scope role-play can be restricted to."""

    id: str = Field(description="`topic:salt`, `volume:frus1969-76v25` or `conversation:ID`.")
    kind: Literal["topic", "volume", "conversation"]
    title: str
    summary: str | None = Field(description="What the topic covers (editorial); null if none.")
    people: list[str] = Field(description="Others the conversations name (editorial).")
    documents: list[str] = Field(description="The conversations search answers from.")
    editorial: bool = Field(
        description="True when title and summary are the project's words, not the record's."
    )


@router.get("", response_model=list[ScenarioOut])
def list_scenarios(services: ServicesDep) -> list[ScenarioOut]:
    """Topics, then volumes, then every conversation: the scopes of this server's index."""
    return [ScenarioOut(**s.to_dict()) for s in services.roleplay.scenarios()]
