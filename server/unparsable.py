"""The answer to a request body that cannot be read as text: a sentence, not FastAPI's 400.

FastAPI reads a JSON body with ``json.loads`` on its bytes; bytes that are not UTF-8 (a file
saved as Latin-1 or Windows-1252, ``"café"`` sent as ``caf\\xe9``) raise ``UnicodeDecodeError``,
which it answers with a bare 400, "There was an error parsing the body", naming neither the
problem nor where it is. Here that 400 says which byte at which position is not UTF-8 and
what to send instead; every other HTTP error is FastAPI's own answer, unchanged.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException


async def unparsable(request: Request, exc: Exception) -> Response:
    """FastAPI's answer to an HTTP error, with a body that is not UTF-8 said in words."""
    assert isinstance(exc, HTTPException)
    cause = exc.__cause__
    if exc.status_code == 400 and isinstance(cause, UnicodeDecodeError):
        return JSONResponse(status_code=400, content={"detail": not_utf8(cause)})
    return await http_exception_handler(request, exc)


def not_utf8(error: UnicodeDecodeError) -> str:
    """What is wrong with the body and how to fix it."""
    byte = error.object[error.start : error.start + 1].hex().upper()
    return (
        f"The request body is not UTF-8 text: the byte 0x{byte} at position {error.start} "
        f"(counting from 0) cannot be read as {error.encoding.upper()}. Send the JSON encoded "
        "as UTF-8 (save the file as UTF-8, or let your HTTP client encode it)."
    )
