"""The 422 a request body or parameter that fails validation gets, for any value it holds.

FastAPI's own handler echoes each bad value as ``input``; Python's JSON reader takes ``NaN``,
``Infinity`` and numbers such as ``1e400`` (infinite as a float), which no JSON reply can hold,
so the answer to ``{"code": NaN}`` or ``{"turn": 1e400}`` was not a 422 saying what was wrong
but a 500 ("Out of range float values are not JSON compliant"), on every route with a body.
Here a value JSON cannot hold is echoed as the word the request spelled it with.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from server.errors import UNPROCESSABLE


async def unprocessable(_: Request, exc: Exception) -> JSONResponse:
    """FastAPI's answer, with the values JSON cannot hold written as words."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(
        status_code=UNPROCESSABLE, content={"detail": _finite(jsonable_encoder(exc.errors()))}
    )


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value
