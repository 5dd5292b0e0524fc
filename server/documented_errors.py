"""The instructor API's refusals in the OpenAPI document, as the routes give them.

Every route behind a bearer token answers 401 without a valid one, and every route of one
class (``{code}``) or one session (``{session_id}``) answers 404 for one that does not exist
and 403 for one the bearer does not teach (server.deps). The document listed none of them, so
a reader of ``/openapi.json`` (or ``/docs``) and a schema-driven tester such as schemathesis
took each for an undocumented status. They are added here from what each route depends on,
so a route added later is documented by the same rule; a route's own description of a status
(``responses=``, e.g. "no instructor of that name") is kept.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from server.deps import FORBIDDEN, UNAUTHORIZED, instructor_of_token

_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What is wrong, in words."}},
    "required": ["detail"],
}


def detail_response(description: str, example: str) -> dict[str, Any]:
    """An error response of the API in the document: its ``{detail}`` body and an example."""
    return {
        "description": description,
        "content": {"application/json": {"schema": _DETAIL, "example": {"detail": example}}},
    }


UNAUTHORIZED_RESPONSE = detail_response(
    "No bearer token, or one no instructor holds (`WWW-Authenticate: Bearer`).", UNAUTHORIZED
)
FORBIDDEN_RESPONSE = detail_response(
    "A class (or its session) the bearer does not teach.", FORBIDDEN
)
NOT_FOUND_RESPONSE = detail_response("No such class (or session).", "No class 'HIST999'.")


def _needs_instructor(dependant: Dependant) -> bool:
    return any(
        sub.call is instructor_of_token or _needs_instructor(sub) for sub in dependant.dependencies
    )


def document_instructor_errors(router: APIRouter) -> None:
    """Add 401 to every route of ``router`` that needs a bearer, and 403 and 404 to those of
    one class or session; before the app includes it (and again, unchanged, for every app
    made of the same routers)."""
    for route in router.routes:
        if not isinstance(route, APIRoute) or not _needs_instructor(route.dependant):
            continue
        errors: dict[int | str, dict[str, Any]] = {401: UNAUTHORIZED_RESPONSE}
        if "{code}" in route.path_format or "{session_id}" in route.path_format:
            errors |= {403: FORBIDDEN_RESPONSE, 404: NOT_FOUND_RESPONSE}
        for status, response in errors.items():
            route.responses.setdefault(status, response)
