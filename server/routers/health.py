"""``/healthz``: is the server up, and what does it serve; ``/api/channel``: its constants."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from server.deps import ServicesDep
from server.limits import LIMITS, Limits
from server.protocol import PROTOCOL_VERSION
from transcripts import CHANNEL, SHORT_NAMES

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    protocol: int
    documents: int
    turns: int
    model: str


class ChannelInfo(BaseModel):
    """What the pages need to know of the channel: who answers whom, names, limits."""

    protocol: int
    channel: dict[str, str]
    names: dict[str, str]
    limits: Limits


@router.get("/healthz")
def healthz(services: ServicesDep) -> Health:
    index = services.index
    return Health(
        status="ok",
        protocol=PROTOCOL_VERSION,
        documents=len(index.documents),
        turns=len(index),
        model=index.model_id,
    )


@router.get("/api/channel")
def channel() -> ChannelInfo:
    """The two sides of the channel, how pages name people, and the protocol's limits."""
    return ChannelInfo(protocol=PROTOCOL_VERSION, channel=CHANNEL, names=SHORT_NAMES, limits=LIMITS)
