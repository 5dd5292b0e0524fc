"""What the record does not hold: GET /api/unheld (public, no auth).

Students look for the period's well-known crises (Cienfuegos, Jordan 1970, the India–Pakistan
war) and find nothing; a line naming one is refused. Listing them beside what the record holds
tells a student before they ask, and the list follows the index: a topic leaves it as soon as a
recorded turn names it (a volume added with ``--transcripts``).
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from server.deps import ServicesDep

router = APIRouter(prefix="/api/unheld", tags=["documents"])


class UnheldTopicOut(BaseModel):
    """A topic of the period that no recorded turn of this server's index speaks of."""

    title: str = Field(description="The topic, in the project's words (editorial).")
    names: list[str] = Field(description="The words that name it; none occurs in the record.")
    editorial: bool = Field(default=True, description="Always true: the title is not the record's.")


@router.get("", response_model=list[UnheldTopicOut])
def list_unheld(services: ServicesDep) -> list[UnheldTopicOut]:
    """The period's topics the record here never speaks of, in the project's order."""
    return [
        UnheldTopicOut(title=t.title, names=list(t.names))
        for t in services.roleplay.unheld_topics()
    ]
