"""NUL (U+0000) in what a client sends: refused where it comes in, on every back end alike.

PostgreSQL's text cannot hold a NUL, nor its JSON functions read the ``\\u0000`` escape; SQLite
can hold both, so the same input worked on one back end and failed on the other. On PostgreSQL
a ``hello`` whose name held one was answered ``internal``; a ``say`` line holding one was
stored (a JSON column keeps the escape) and from then on every instructor view of the class
(its sessions, students, exports, deck, struggles) was a 500; and an id or code with ``%00`` in
an address (``GET /api/sessions/a%00b``) was a 500 too. No name, line, code or id has a reason
to hold one, so it is refused with words that say where, before anything is looked up or stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

NUL = "\x00"
IN_ADDRESS = (
    "The address holds a NUL character (%00), which no class code, session id, name or search "
    "holds; remove it and send the request again."
)


def strings_in(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys too: what a client sent may hide one anywhere."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def holds_nul(value: Any) -> bool:
    """Whether ``value``, or any string inside it (keys too), holds a NUL."""
    return any(NUL in text for text in strings_in(value))


def refuse_nul(text: str) -> str:
    """A pydantic validator's check: ``text`` unchanged, or a ``ValueError`` saying why not."""
    if NUL in text:
        raise ValueError("holds a NUL character (\\u0000), which no line or name holds; remove it")
    return text


class RefuseNul:
    """Answers 422, before any route runs, a request whose path or query holds a NUL."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            NUL in scope["path"] or b"\x00" in unquote_to_bytes(scope.get("query_string", b""))
        ):
            body = json.dumps({"detail": IN_ADDRESS}).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 422,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
