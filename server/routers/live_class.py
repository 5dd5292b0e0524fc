"""The instructor's live class: a ticket to open the feed, what it showed before a page
opened, and ``/ws/live``, every event of the instructor's classes as it happens.

Same rules as the rest of the instructor API (``server/routers/instructor.py``) for the
ticket and the history: a bearer token, only the classes the bearer teaches. The WebSocket
takes the short-lived ticket instead (see :mod:`server.live`): the bearer token never goes
into a URL.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import anyio
from anyio.abc import TaskGroup
from fastapi import APIRouter, Query, WebSocket
from pydantic import BaseModel, Field
from starlette.websockets import WebSocketDisconnect

from server import live
from server.deps import CurrentInstructor, ServicesDep, StoreDep, own_class, services_of
from server.guard import origin_allowed
from server.store import Store
from server.teaching import Teaching

router = APIRouter(tags=["instructor"])


class Ticket(BaseModel):
    ticket: str
    expires_in: int = Field(description="Seconds the ticket stays valid for opening /ws/live.")


@router.post("/api/live/ticket", response_model=Ticket)
def live_ticket(instructor: CurrentInstructor, store: StoreDep) -> Ticket:
    """A short-lived ticket to open the live class feed (`/ws/live?ticket=...`)."""
    found = store.instructor_key(instructor.id)
    assert found is not None  # the bearer was just found by its token
    return Ticket(ticket=live.issue_ticket(instructor, found[1]), expires_in=live.TICKET_SECONDS)


@router.get("/api/classes/{code}/live", response_model=list[dict[str, Any]])
def live_history(
    code: str,
    instructor: CurrentInstructor,
    store: StoreDep,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=200)] = live.HISTORY,
    before: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=r"^[^:]{1,100}:[0-9]{1,9}$",
            description="`SESSION:SEQ`, an event of the feed (its `session` and `seq`): only "
            "what came before it. The instructor page reads further back from its oldest entry "
            "so (*Show earlier*), as far as the class goes.",
        ),
    ] = None,
) -> list[dict[str, Any]]:
    """The class's last `limit` lines, replies and quiz answers, with the joins, leaves,
    starts and ends among them, as `/ws/live` sends them (`live.event`), oldest first: what a
    page opened or reloaded shows before the events that come live; with `before`, those
    before an event it shows."""
    code = own_class(store, instructor, code)
    if before is None:
        return live.recent(store, code, limit, index=services.index)
    session, _, seq = before.rpartition(":")
    return live.recent(store, code, limit, (session, int(seq)), services.index)


def _taught(store: Store, instructor_id: int) -> set[str]:
    """The codes (lower case) of the classes the instructor teaches now."""
    found = store.instructor_key(instructor_id)
    return {c.lower() for c in found[0].classes} if found else set()


@router.websocket("/ws/live")
async def live_class(ws: WebSocket, ticket: str = "") -> None:
    """Every event of the ticket holder's classes, from the moment of connecting; each class
    shared with them (``class.shared``) or taken from them (``class.unshared``) since; and,
    for a class they keep, its teachers whenever another is added or taken off
    (``class.teachers``)."""
    services = services_of(ws)
    settings = services.settings
    # the names the server is reached by, as /ws: without them a school's name was refused
    if not origin_allowed(
        ws.headers.get("origin"), ws.headers.get("host"), settings.origins, settings.hosts
    ):
        await ws.close(code=1008)
        return
    instructor = live.check_ticket(services.store, ticket)
    if instructor is None:
        await ws.close(code=4401)  # before accept: the client sees HTTP 403
        return
    await ws.accept()
    classes = list(instructor.classes)
    feed = live.StoreFeed(services.store, bus=services.bus)
    teaching = Teaching(services.store, instructor.id, classes, bus=services.bus)
    narrator = live.Narrator(services.store, services.index)
    await feed.start(classes)  # before "ready": nothing done after it is missed
    await teaching.start()  # the same: a teacher added after "ready" is told
    # each class's teachers too: a page reconnecting corrects what it missed meanwhile
    teachers = {c: list(teaching.teachers.get(c.lower(), ())) for c in classes}
    await ws.send_json({"type": "live.ready", "classes": classes, "teachers": teachers})
    sending = anyio.Lock()  # two tasks send: one message at a time

    async def follow() -> None:
        while True:
            items = await feed.next()
            # a class taken from the instructor since (unshared) is no longer followed
            taught = await anyio.to_thread.run_sync(_taught, services.store, instructor.id)
            for item in items:
                if item.class_code.lower() not in taught:
                    continue
                message = await anyio.to_thread.run_sync(narrator.message, item)
                if message is not None:
                    async with sending:
                        await ws.send_json(message)

    async def watch() -> None:
        while True:
            change = await teaching.next()
            await feed.follow(teaching.classes)  # before telling: what comes after is sent
            told: list[dict[str, Any]] = [
                {"type": "class.unshared", "class": code} for code in change.unshared
            ]
            for code in change.shared:
                names = list(teaching.teachers.get(code.lower(), ()))
                told.append({"type": "class.shared", "class": code, "instructors": names})
            told += [
                {"type": "class.teachers", "class": code, "instructors": list(names)}
                for code, names in change.teachers
            ]
            async with sending:
                for message in told:
                    await ws.send_json(message)

    async def until_gone(task: Callable[[], Awaitable[None]], tasks: TaskGroup) -> None:
        try:
            await task()
        except (WebSocketDisconnect, RuntimeError, OSError):  # the page left mid-send
            tasks.cancel_scope.cancel()

    try:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(until_gone, follow, tasks)
            tasks.start_soon(until_gone, watch, tasks)
            while True:  # the page sends nothing that matters; this notices it leaving
                frame = await ws.receive()
                if frame["type"] == "websocket.disconnect":
                    tasks.cancel_scope.cancel()
                    break
    except (WebSocketDisconnect, RuntimeError, OSError):
        pass
    finally:
        feed.close()
        teaching.close()
