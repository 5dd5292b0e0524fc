"""``GET /api/ask``: one line answered from the record, in the shape of ``backchannel ask --json``.

The same answer a ``say`` gets in free play, over plain HTTP: for scripts, and so the
OpenAPI document carries the match and citation schemas the WebSocket sends.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from server.deps import ServicesDep
from server.errors import UNPROCESSABLE
from server.limits import MAX_LINE_CHARS
from server.wire import AskOut, Character, answer_out

router = APIRouter(prefix="/api", tags=["search"])
MAX_MATCHES = 20


@router.get("/ask")
async def ask(
    services: ServicesDep,
    line: Annotated[str, Query(min_length=1, max_length=MAX_LINE_CHARS)],
    as_: Annotated[Character, Query(alias="as")] = "kissinger",
    k: Annotated[int, Query(ge=1, le=MAX_MATCHES)] = 5,
) -> AskOut:
    """The closest recorded line of ``as`` and the other side's real reply, with citation."""
    try:
        answer = await services.run(services.roleplay.roleplay.respond, line, as_=as_, k=k)
    except ValueError as exc:  # a line of nothing but spaces
        raise HTTPException(UNPROCESSABLE, str(exc)) from None
    return answer_out(answer)
