"""A learner's own pages: progress, and Anki decks to take away.

The learner proves who they are with the token ``welcome`` gave them
(``Authorization: Bearer bcl_...``), the same one the page keeps; nothing else identifies them.
A conversation's deck is public, as the record is. The class's scenario is the learner's to
read too: the record page offers to play only what their class may play.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, tzinfo
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from server import anki, progress
from server.deps import ServicesDep, StoreDep
from server.documented_errors import detail_response
from server.items import held, parse_item, record_order
from server.review import readable
from server.routers.scenarios import ScenarioOut
from server.store import Learner, hash_token

router = APIRouter(tags=["learner"])
APKG = "application/apkg"
UNKNOWN_LEARNER = (
    "Missing or unknown learner token; the page keeps it after you join (welcome.learner)."
)

_bearer = HTTPBearer(auto_error=False, description="The learner token `welcome` carries.")
# In the OpenAPI document, as for the instructor's routes (server.documented_errors).
UNKNOWN_LEARNER_RESPONSE: dict[int | str, dict[str, Any]] = {
    401: detail_response(
        "No learner token, or one no learner holds (`WWW-Authenticate: Bearer`).", UNKNOWN_LEARNER
    )
}
NO_MISSED = (
    "No missed items to export: every item you answered wrong has been answered right "
    "since, or you have not answered any yet."
)


def _learner(
    store: StoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Learner:
    learner = store.learner_by_token(hash_token(credentials.credentials)) if credentials else None
    if learner is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, UNKNOWN_LEARNER, headers={"WWW-Authenticate": "Bearer"}
        )
    return learner


CurrentLearner = Annotated[Learner, Depends(_learner)]


def _deck(data: bytes, filename: str) -> Response:
    return Response(
        data,
        media_type=APKG,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _zone(name: str | None) -> tzinfo:
    """The learner's time zone, by its IANA name (the page sends the browser's), which their
    answers' days are counted in; UTC when none is given or this server's zone data lacks it
    (a zone unknown here leaves the chart as it was, rather than failing the progress)."""
    if name:
        try:
            return ZoneInfo(name)
        except (KeyError, ValueError):  # ZoneInfoNotFoundError; not a zone key, or no TZif
            pass
    return UTC


@router.get(
    "/api/learner", response_model=progress.LearnerProgress, responses=UNKNOWN_LEARNER_RESPONSE
)
def learner_progress(
    learner: CurrentLearner,
    services: ServicesDep,
    zone: Annotated[
        str | None,
        Query(
            max_length=64,
            description="The learner's time zone (IANA, e.g. America/New_York): the days of "
            "`days` are theirs. Unset, or unknown to the server: UTC.",
        ),
    ] = None,
) -> progress.LearnerProgress:
    """Items seen, learned and due; accuracy overall, by volume and by day."""
    store = services.store
    titles = {
        doc.volume: doc.volume_title or doc.volume for doc in services.index.documents.values()
    }
    return progress.summary(
        learner,
        store.cards(learner.id),
        store.answers(learner.id),
        datetime.now(UTC),
        titles,
        functools.partial(held, services.index),
        _zone(zone),
    )


class LearnerScenario(BaseModel):
    """The learner's class and the scenario its instructor set, as the record page reads it."""

    model_config = ConfigDict(populate_by_name=True)

    class_: str | None = Field(
        alias="class", description="The class the learner joined; null: practising alone."
    )
    scenario: ScenarioOut | None = Field(
        description="The scenario the class's role-plays and quizzes keep to; null: none set "
        "(or one this server's index does not hold), so the whole record is open."
    )


@router.get(
    "/api/learner/scenario",
    response_model=LearnerScenario,
    response_model_by_alias=True,
    responses=UNKNOWN_LEARNER_RESPONSE,
)
def learner_scenario(learner: CurrentLearner, services: ServicesDep) -> LearnerScenario:
    """The class's scenario, read now: the record page showed "Play this conversation" for
    every conversation, and one outside the scenario led only to a refusal."""
    code = learner.class_code
    stored = services.store.class_scenario(code) if code else None
    scope = services.roleplay.class_scenario(stored)
    found = ScenarioOut(**scope.to_dict()) if scope else None
    return LearnerScenario(class_=code, scenario=found)


@router.get(
    "/api/learner/missed.apkg",
    response_class=Response,
    responses={
        **UNKNOWN_LEARNER_RESPONSE,
        404: detail_response("Nothing missed to put in a deck.", NO_MISSED),
    },
)
def missed_deck(learner: CurrentLearner, services: ServicesDep) -> Response:
    """The learner's missed items (not answered right since) as an Anki deck, in record order."""
    index = services.index
    cards = []
    # in the record's order (volume, document, line), as the cards' citations read: the
    # store lists items sorted as text ("…/d161#12" before "…/d63#2")
    missed = sorted(
        ((*parse_item(card.item), card) for card in readable(services.store.cards(learner.id))),
        key=lambda found: record_order(found[0], found[1]),
    )
    for document, turn, card in missed:
        if card.missed is None or not held(index, card.item):
            continue
        make = anki.who_said_card if card.mode == "who_said" else anki.what_next_card
        cards.append(make(index, card.item, document, turn))
    if not cards:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NO_MISSED)
    return _deck(anki.deck_bytes(f"Backchannel — {learner.name}, missed", cards), "missed.apkg")


@router.get("/api/documents/{volume}/{doc}/deck.apkg", response_class=Response)
def conversation_deck(volume: str, doc: str, services: ServicesDep) -> Response:
    """Every exchange of one conversation as an Anki deck (public, as the record is)."""
    doc_id = f"{volume}/{doc}"
    record = services.index.documents.get(doc_id)
    if record is None or not record.dialogue:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            f"No conversation {doc_id!r}; GET /api/documents lists the ids.",
        )
    title = f"Backchannel — {anki.document_name(record.volume, record.number)}"
    cards = anki.conversation_cards(services.index, doc_id)
    return _deck(anki.deck_bytes(title, cards), f"{volume}-{doc}.apkg")
