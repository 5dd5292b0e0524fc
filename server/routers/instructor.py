"""The instructor API: an instructor's class sessions, transcripts and exports.

Every route needs a bearer token (401 without a valid one) and touches only the classes the
bearer teaches, their own and those shared with them (403 for any other); the classes
themselves and their scenarios are in :mod:`server.routers.classes`, who teaches them in
:mod:`server.routers.teachers`. A student's resume token is not a bearer token, so a student's
session can read nothing here.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import Response
from pydantic import BaseModel, Field, TypeAdapter

from server import anki, export
from server.class_deck import class_cards
from server.corrections import corrections_version
from server.deps import FORBIDDEN, CurrentInstructor, ServicesDep, StoreDep, own_class
from server.events import SessionDetail
from server.session_read import read_session
from server.store import Event, SessionSummary, Store, utc_now
from server.unchanged import json_or_unchanged
from server.unreadable import note, unreadable_state

# The header of a file that has no room to say which stored events it could not read.
UNREADABLE_HEADER = "X-Backchannel-Unreadable"
# The class deck's header naming the missed items it could not card, and why.
LEFT_OUT_HEADER = "X-Backchannel-Left-Out"

router = APIRouter(prefix="/api", tags=["instructor"])


class Me(BaseModel):
    """Who the bearer token belongs to."""

    name: str
    classes: list[str] = Field(description="The instructor's class codes, in order.")


class SessionSummaryOut(BaseModel):
    """One student session of a class, as the session list shows it."""

    id: str
    student: str
    started: str = Field(description="ISO 8601, UTC.")
    ended: str | None = Field(description="Null while the session is open.")
    lines: int = Field(description="Lines the student said that were answered.")
    quiz_score: int
    quiz_total: int


class StudentSummaryOut(BaseModel):
    """One student of a class over all their sessions."""

    student: str
    sessions: int
    lines: int
    quiz_score: int
    quiz_total: int
    closeness_mean: float | None = Field(
        description="How close in meaning (0 to 1) the student's lines came to the recorded "
        "line at the same point of conversations played through, averaged; null if none."
    )
    last_seen: str | None


@router.get("/me", response_model=Me)
def me(instructor: CurrentInstructor) -> Me:
    return Me(name=instructor.name, classes=list(instructor.classes))


SESSIONS = TypeAdapter(list[SessionSummaryOut])


@router.get(
    "/classes/{code}/sessions",
    response_model=list[SessionSummaryOut],
    responses={304: {"description": "The same as the read whose ETag If-None-Match sends."}},
)
def class_sessions(
    code: str, request: Request, instructor: CurrentInstructor, store: StoreDep
) -> Response:
    """The class's sessions, with an ETag: unchanged since the read that sent it, a 304
    (:mod:`server.unchanged`; the page reads them again on every live event of the class)."""
    code = own_class(store, instructor, code)
    found = [SessionSummaryOut(**asdict(s)) for s in store.class_sessions(code)]
    return json_or_unchanged(request, SESSIONS, found)


@router.get("/classes/{code}/students", response_model=list[StudentSummaryOut])
def class_students(
    code: str, instructor: CurrentInstructor, store: StoreDep
) -> list[StudentSummaryOut]:
    code = own_class(store, instructor, code)
    return [StudentSummaryOut(**asdict(s)) for s in store.class_students(code)]


@router.get("/sessions/{session_id}")
def session(
    session_id: str,
    instructor: CurrentInstructor,
    services: ServicesDep,
    after: Annotated[
        int | None,
        Query(
            ge=0,
            description="Only what is new since this event (the `last_seq` of the transcript "
            "read before): the events, exchanges, quiz answers and reports after it, and an "
            "exchange before it that a pick after it changed.",
        ),
    ] = None,
) -> SessionDetail:
    """One session as its instructor reads it, with what the class's corrections do now with
    its lines where that changed since (a sync route: the corrections may run the model).
    With ``after``, only what is new since: an open transcript follows its student's lines so."""
    store = services.store
    record = store.session(session_id)
    summary = store.session_summary(session_id)
    if record is None or summary is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No session {session_id!r}.")
    if record.class_code is None or record.class_code not in instructor.classes:
        raise HTTPException(status.HTTP_403_FORBIDDEN, FORBIDDEN)
    events = store.events(session_id)
    if after is None:
        body = export.session_json(summary, record.class_code, events)
    else:
        body = export.session_after(summary, record.class_code, events, after)
    detail = SessionDetail.model_validate(body)
    detail.after = after
    detail.last_seq = events[-1].seq if events else 0
    detail.unreadable_state = unreadable_state(record)
    corrections = store.corrections(record.class_code)
    detail.corrections_version = corrections_version(corrections)
    detail.corrections_now = services.roleplay.corrector.now(corrections, detail.exchanges)
    return detail


def _class_events(store: Store, code: str) -> list[tuple[SessionSummary, list[Event]]]:
    return [(s, store.events(s.id)) for s in store.class_sessions(code)]


@router.get("/classes/{code}/export.csv", response_class=Response)
def export_csv(code: str, instructor: CurrentInstructor, store: StoreDep) -> Response:
    code = own_class(store, instructor, code)
    return Response(
        export.to_csv(_class_events(store, code)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{code}.csv"'},
    )


@router.get("/classes/{code}/export.json")
def export_json(code: str, instructor: CurrentInstructor, store: StoreDep) -> Response:
    code = own_class(store, instructor, code)
    body = export.to_json(code, utc_now(), _class_events(store, code))
    return Response(
        json.dumps(body, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{code}.json"'},
    )


@router.get("/classes/{code}/deck.apkg", response_class=Response)
def class_deck(code: str, instructor: CurrentInstructor, services: ServicesDep) -> Response:
    """An Anki deck for the class: its most missed quiz items, then the exchanges it met."""
    code = own_class(services.store, instructor, code)
    sessions = _class_events(services.store, code)
    cards, left_out = class_cards(services.index, sessions)
    bad = [u for s, events in sessions for u in read_session(s.id, s.student, events).unreadable]
    if not cards:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            f"No deck for class {code} yet: its students have not been answered from the "
            "record nor missed a quiz item. Export it after they have played."
            + (f" ({note(bad)})" if bad else "")
            + "".join(f" {told}" for told in left_out),
        )
    headers = {"Content-Disposition": f'attachment; filename="{code}.apkg"'}
    if bad:  # the deck is made of the other events; the page says which were left out
        headers[UNREADABLE_HEADER] = note(bad)
    if left_out:  # and of the other missed items, the page says which and why
        headers[LEFT_OUT_HEADER] = " ".join(left_out)
    return Response(
        anki.deck_bytes(f"Backchannel — class {code}", cards),
        media_type="application/apkg",
        headers=headers,
    )
