"""``/healthz``: is the server up, and what does it serve; ``/api/channel``: its constants, and
whether a page at the address it was asked by may open the WebSockets."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from server.deps import ServicesDep
from server.guard import origin_allowed
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
    connects: bool = Field(
        description="Whether a page opened at the address this was asked by (its Host) may "
        "open /ws and /ws/live: false for a name the server was not started to answer to "
        "(--allowed-host), where pages load but cannot connect, and the pages say so."
    )


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
def channel(request: Request, services: ServicesDep) -> ChannelInfo:
    """The two sides of the channel, how pages name people, the protocol's limits, and whether
    a page at this address can connect: the sockets refuse a name not allowed before any word
    is said (a browser sees only a failed connection), so a class reached by a laptop's
    ``.local`` name read "Connection lost — reconnecting…" with no reason, and the instructor
    page gave students that address to join at."""
    host = request.headers.get("host")
    settings = services.settings
    # the Origin a page served at this Host sends when it opens a socket; either scheme, for
    # behind a proxy that ends TLS this request may read http where the page is https, and a
    # page told it cannot connect when it can is worse than one left to try
    connects = host is not None and any(
        origin_allowed(f"{scheme}://{host}", host, settings.origins, settings.hosts)
        for scheme in ("https", "http")
    )
    return ChannelInfo(
        protocol=PROTOCOL_VERSION,
        channel=CHANNEL,
        names=SHORT_NAMES,
        limits=LIMITS,
        connects=connects,
    )
