"""``GET /api/ask``: one line answered from the record, in the shape of ``backchannel ask --json``.

The same answer a ``say`` gets in free play, over plain HTTP: for scripts, and so the
OpenAPI document carries the match and citation schemas the WebSocket sends. With
``scenario`` it searches only that scope's conversations, as ``ask --scenario`` and a
role-play within a scenario do, and a weak refusal there names the conversation outside it
that answers the line (``elsewhere``), as the ``reply`` message does: the parameter was
once ignored, and a script asking within the 1973 war was answered from a 1970 call.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from server.deps import ServicesDep
from server.elsewhere import elsewhere
from server.errors import UNPROCESSABLE, ProtocolError
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
    scenario: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="A GET /api/scenarios id (e.g. `topic:war-1973`): answer only from its "
            "conversations; a weak refusal then names the one outside it that answers "
            "(`elsewhere`).",
        ),
    ] = None,
) -> AskOut:
    """The closest recorded line of ``as`` and the other side's real reply, with citation."""
    engine = services.roleplay
    try:
        scope = engine.scenario(scenario).documents if scenario is not None else None
    except ProtocolError as exc:  # an id no scenario has: say which ids there are
        raise HTTPException(UNPROCESSABLE, exc.message) from None
    try:
        answer = await services.run(engine.roleplay.respond, line, as_=as_, k=k, scope=scope)
    except ValueError as exc:  # a line of nothing but spaces
        raise HTTPException(UNPROCESSABLE, str(exc)) from None
    if scope is None:
        return answer_out(answer)
    return await services.run(elsewhere, engine.roleplay, answer_out(answer), as_=as_, scope=scope)
