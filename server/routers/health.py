"""``/healthz``: is the server up, and what does it serve."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from server.deps import ServicesDep
from server.protocol import PROTOCOL_VERSION

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(services: ServicesDep) -> dict[str, Any]:
    index = services.index
    return {
        "status": "ok",
        "protocol": PROTOCOL_VERSION,
        "documents": len(index.documents),
        "turns": len(index),
        "model": index.model_id,
    }
