"""FastAPI dependencies as ``Annotated`` aliases: the services, and the bearer's instructor."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import HTTPConnection

from server.services import Services
from server.store import Instructor, Store, hash_token

UNAUTHORIZED = "Missing or invalid bearer token."
FORBIDDEN = "You do not teach this class; one of its instructors can share it with you."


def services_of(connection: HTTPConnection) -> Services:
    services: Services = connection.app.state.services  # put there by server.app (State: Any)
    return services


def _services(request: Request) -> Services:
    return services_of(request)


def _store(request: Request) -> Store:
    return services_of(request).store


ServicesDep = Annotated[Services, Depends(_services)]
StoreDep = Annotated[Store, Depends(_store)]

_bearer = HTTPBearer(auto_error=False, description="A token from `backchannel instructor add`.")


def instructor_of_token(
    store: StoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Instructor:
    instructor = (
        store.instructor_by_token(hash_token(credentials.credentials)) if credentials else None
    )
    if instructor is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"}
        )
    return instructor


CurrentInstructor = Annotated[Instructor, Depends(instructor_of_token)]


def own_class(store: Store, instructor: Instructor, code: str) -> str:
    """The class code as stored, if ``instructor`` teaches it (created it, or one of its
    teachers shared it with them): else 404 (no such class) or 403 (not theirs)."""
    teachers = store.class_teachers(code)
    if not teachers:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No class {code!r}.")
    if instructor.id not in (t.id for t in teachers):
        raise HTTPException(status.HTTP_403_FORBIDDEN, FORBIDDEN)
    # shared with them since their token was read: the code as given finds it all the same
    return next((c for c in instructor.classes if c.lower() == code.lower()), code)
