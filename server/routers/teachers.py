"""A class's teachers: co-teachers and teaching assistants share a class as a teacher expects.

Any teacher of a class reads and sets everything of it (sessions, transcripts, exports, decks,
corrections, the live class, its scenario and strictness) and may share it with a colleague or
take it from one: teachers of one class are equals, as on a shared document. A colleague is
named as the administrator registered them (``backchannel instructor add``; the case does not
matter); the page cannot create instructors, so a name no instructor has is a 404 that says who
adds one. A class keeps at least one teacher (409 for removing the last).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from server.deps import CurrentInstructor, StoreDep, own_class
from server.errors import ConfigError, NotFound
from server.store import Teacher

router = APIRouter(prefix="/api/classes", tags=["instructor"])


class ClassInstructorsOut(BaseModel):
    """Who teaches a class."""

    code: str
    instructors: list[str] = Field(
        description="Their names, in the order they were given the class (who created it first)."
    )


def _out(code: str, teachers: list[Teacher]) -> ClassInstructorsOut:
    return ClassInstructorsOut(code=code, instructors=[t.name for t in teachers])


def _changed(code: str, change: Callable[[], list[Teacher]]) -> ClassInstructorsOut:
    """The class's teachers after ``change``, or its refusal as 404 (no such instructor, or
    not one of them) or 409 (its last teacher), in the store's words."""
    try:
        return _out(code, change())
    except NotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    except ConfigError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


@router.get("/{code}/instructors", response_model=ClassInstructorsOut)
def instructors(code: str, instructor: CurrentInstructor, store: StoreDep) -> ClassInstructorsOut:
    """The class's teachers."""
    code = own_class(store, instructor, code)
    return _out(code, store.class_teachers(code))


@router.put(
    "/{code}/instructors/{name:path}",
    response_model=ClassInstructorsOut,
    responses={404: {"description": "No such class, or no instructor of that name."}},
)
def share(
    code: str, name: str, instructor: CurrentInstructor, store: StoreDep
) -> ClassInstructorsOut:
    """Share the class with the instructor ``name`` (already one of its teachers: no change)."""
    code = own_class(store, instructor, code)
    return _changed(code, lambda: store.share_class(code, name.strip()))


@router.delete(
    "/{code}/instructors/{name:path}",
    response_model=ClassInstructorsOut,
    responses={
        404: {"description": "No such class, or ``name`` does not teach it."},
        409: {"description": "``name`` is the class's last teacher."},
    },
)
def unshare(
    code: str, name: str, instructor: CurrentInstructor, store: StoreDep
) -> ClassInstructorsOut:
    """Take the class from the teacher ``name`` (the bearer too may leave it)."""
    code = own_class(store, instructor, code)
    return _changed(code, lambda: store.unshare_class(code, name.strip()))
