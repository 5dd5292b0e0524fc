"""An instructor's classes, the scenario each class role-plays within, and how strictly it is
answered.

``POST /api/classes`` adds a class to the bearer's (a teacher with a token opens next term's
class from the page, without the command line); a code another instructor has is refused,
saying whom to ask to share it.

``PUT /api/classes/{code}/scenario`` sets (or, with null, clears) the scope a class's role-plays
answer from: its students' role-plays that name no scenario get it, and may only narrow it
(:mod:`server.class_scope`). ``PUT /api/classes/{code}/strict`` sets whether its students'
lines are answered only when the record clearly answers them (a teacher who would rather the
class saw an honest refusal, with the closest lines offered, than a reply that may not answer);
it applies from each student's next line, and their open pages are told at once
(``class.strict``). Only the class's instructors may set either (403 for
anyone else); who they are is :mod:`server.routers.teachers`.
"""

from __future__ import annotations

from typing import Literal

import anyio.from_thread
from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from embeddings.tiers import STRICT_THRESHOLD
from server.bus import CLASS_STRICT
from server.class_codes import class_code_problem
from server.deps import CurrentInstructor, ServicesDep, StoreDep, own_class
from server.errors import ConfigError, ProtocolError
from server.roleplay import RoleplayEngine
from server.store import ClassSummary
from server.unchanged import json_or_unchanged

router = APIRouter(prefix="/api/classes", tags=["instructor"])


class ClassScenarioOut(BaseModel):
    """The scenario a class plays within, as the instructor page shows it."""

    id: str = Field(description="A GET /api/scenarios id, e.g. `topic:war-1973`.")
    kind: Literal["topic", "volume", "conversation"] | None = Field(
        description="Null when this server's index holds no such scenario (it serves other "
        "transcripts now): the class's students then play the whole record."
    )
    title: str
    editorial: bool = Field(description="The title is the project's words, not the record's.")
    documents: list[str] = Field(description="The conversations its role-plays answer from.")


class ClassOut(BaseModel):
    code: str
    students: int
    sessions: int
    scenario: ClassScenarioOut | None = Field(
        description="What the class's role-plays answer from; null: the whole record."
    )
    strict: bool = Field(
        description="Strict answers: a student's line is answered only when the record clearly "
        f"answers it (fit probability at least {STRICT_THRESHOLD}, or the server's threshold "
        "if higher); more lines are refused, with the closest recorded lines offered."
    )
    instructors: list[str] = Field(
        description="The names of its teachers, who each read and set everything of it, in "
        "the order they were given it (who created it first)."
    )
    last_session_started: str | None = Field(
        description="When its newest session began (ISO 8601, UTC); null before any. The "
        "instructor page opens the class taught last when a teacher signs in."
    )


class ClassScenarioIn(BaseModel):
    """The body of ``PUT /api/classes/{code}/scenario``."""

    model_config = ConfigDict(extra="forbid")

    scenario: str | None = Field(
        min_length=1,
        max_length=200,
        description="A GET /api/scenarios id; null clears it (the whole record).",
    )


class ClassStrictIn(BaseModel):
    """The body of ``PUT /api/classes/{code}/strict``."""

    model_config = ConfigDict(extra="forbid")

    strict: bool = Field(
        strict=True, description="true: strict answers; false: the server's threshold."
    )


class NewClassIn(BaseModel):
    """The body of ``POST /api/classes``."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(
        max_length=200,
        description="The code students type to join, e.g. `HIST211`: 1–40 letters, digits, "
        "`-`, `_` or `.`, starting with a letter or digit and not ending with `.`.",
    )


def class_out(summary: ClassSummary, roleplay: RoleplayEngine) -> ClassOut:
    scenario = None
    if summary.scenario is not None:
        found = {s.id: s for s in roleplay.scenarios()}.get(summary.scenario)
        scenario = ClassScenarioOut(
            id=summary.scenario,
            kind=found.kind if found else None,
            title=found.title if found else summary.scenario,
            editorial=found.editorial if found else False,
            documents=list(found.documents) if found else [],
        )
    return ClassOut(
        code=summary.code,
        students=summary.students,
        sessions=summary.sessions,
        scenario=scenario,
        strict=summary.strict,
        instructors=list(summary.instructors),
        last_session_started=summary.last_session_started,
    )


CLASSES = TypeAdapter(list[ClassOut])


@router.get(
    "",
    response_model=list[ClassOut],
    responses={304: {"description": "The same as the read whose ETag If-None-Match sends."}},
)
def classes(
    request: Request, instructor: CurrentInstructor, store: StoreDep, services: ServicesDep
) -> Response:
    """The bearer's classes: students, sessions and the scenario each plays within, with an
    ETag: unchanged since the read that sent it, a 304 (:mod:`server.unchanged`; the page
    counts them again on every live event of the open class)."""
    found = [class_out(c, services.roleplay) for c in store.classes(instructor.id)]
    return json_or_unchanged(request, CLASSES, found)


@router.post(
    "",
    response_model=ClassOut,
    status_code=201,
    responses={200: {"description": "The class was already the bearer's."}},
)
def add_class(
    body: NewClassIn,
    instructor: CurrentInstructor,
    store: StoreDep,
    services: ServicesDep,
    response: Response,
) -> ClassOut:
    """Add a class to the bearer's classes; its students join with its code."""
    code = body.code.strip()
    problem = class_code_problem(code)
    if problem is not None:
        raise HTTPException(422, problem)
    teachers = store.class_teachers(code)
    if teachers and instructor.id not in (t.id for t in teachers):
        raise _taken(code, [t.name for t in teachers])
    if teachers:
        response.status_code = 200
    try:
        store.add_classes(instructor.name, [code])
    except ConfigError:  # another instructor took it meanwhile
        raise _taken(code, [t.name for t in store.class_teachers(code)]) from None
    return next(
        class_out(c, services.roleplay)
        for c in store.classes(instructor.id)
        if c.code.lower() == code.lower()
    )


def _taken(code: str, teachers: list[str]) -> HTTPException:
    """409 for a code others teach: a teacher wanting that class asks one of them to share it."""
    who = " and ".join(teachers)
    asked = who if len(teachers) == 1 else "one of them"
    return HTTPException(
        409,
        f"Class code {code!r} is already taken by {who}; choose another code, or ask {asked} "
        "to share the class with you.",
    )


@router.put("/{code}/scenario", response_model=ClassOut)
def set_scenario(
    code: str,
    body: ClassScenarioIn,
    instructor: CurrentInstructor,
    store: StoreDep,
    services: ServicesDep,
) -> ClassOut:
    """Set the class's scenario (null: clear it); role-plays started from now on use it."""
    code = own_class(store, instructor, code)
    if body.scenario is not None:
        try:
            services.roleplay.scenario(body.scenario)
        except ProtocolError as exc:
            raise HTTPException(422, exc.message) from None
    store.set_class_scenario(code, body.scenario)
    return next(
        class_out(c, services.roleplay) for c in store.classes(instructor.id) if c.code == code
    )


@router.put("/{code}/strict", response_model=ClassOut)
def set_strict(
    code: str,
    body: ClassStrictIn,
    instructor: CurrentInstructor,
    store: StoreDep,
    services: ServicesDep,
) -> ClassOut:
    """Set strict answers for the class (or turn them off); its students' next lines use it."""
    code = own_class(store, instructor, code)
    store.set_class_strict(code, body.strict)
    # its students' open pages say so at once, in every process on the database
    anyio.from_thread.run(
        services.bus.publish, CLASS_STRICT, {"class": code, "strict": body.strict}
    )
    return next(
        class_out(c, services.roleplay) for c in store.classes(instructor.id) if c.code == code
    )
