"""The ``/ws`` endpoint: reads frames, guards them, hands them to a :class:`Conversation`.

Errors are messages, never a dropped connection: a bad frame gets an ``error`` and the loop
reads the next one, with the session exactly as it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import anyio
from fastapi import APIRouter, WebSocket
from fastapi.responses import JSONResponse
from starlette.websockets import WebSocketDisconnect

from server.batching import client_address
from server.client_frames import parse_client_message
from server.deps import services_of
from server.errors import ProtocolError, StoreUnavailable
from server.guard import RateLimit, origin_allowed
from server.limits import SESSION_MOVED
from server.protocol import Error, ServerMessage
from server.services import Services
from server.session import Conversation

log = logging.getLogger(__name__)
router = APIRouter(tags=["websocket"])


@router.websocket("/ws")
async def websocket(ws: WebSocket) -> None:
    services = services_of(ws)
    origin = ws.headers.get("origin")
    host = ws.headers.get("host")
    settings = services.settings
    if not origin_allowed(origin, host, settings.origins, settings.hosts):
        log.warning("WebSocket from origin %r, host %r refused (not allowed).", origin, host)
        await ws.close(code=1008)  # before accept: the client sees HTTP 403
        return
    address = ws.client.host if ws.client else ""
    refusal = services.addresses.connect(address)
    if refusal is not None:
        log.warning("WebSocket from %s refused: %s.", address, refusal.code)
        body = {"type": "error", "code": refusal.code, "message": refusal.message}
        await ws.send_denial_response(JSONResponse(body, status_code=refusal.status))
        return
    try:
        client_address.set(address)
        await ws.accept()
        await _serve(ws, services, address)
    finally:
        services.addresses.disconnect(address)


async def _serve(ws: WebSocket, services: Services, address: str) -> None:
    """The connection's life: frames in, answers out, until it closes or is taken over."""

    moved = False

    async def displaced() -> None:
        """Another connection resumed this session: say so, then close this one."""
        nonlocal moved
        moved = True
        notice = Error(
            code="session_moved",
            message="This session is now open on another connection (another tab or window). "
            "Carry on there, or reload this page to continue here; nothing was lost.",
        )
        try:
            await ws.send_text(notice.dump_json())
            await ws.close(code=SESSION_MOVED)
        except (RuntimeError, OSError, WebSocketDisconnect):
            pass  # the socket was already gone: nothing to tell

    loop = asyncio.get_running_loop()

    async def pushed(message: ServerMessage) -> None:
        # a socket going meanwhile is let be: its loop ends the session as for any close
        with contextlib.suppress(RuntimeError, OSError, WebSocketDisconnect):
            await ws.send_text(message.dump_json())

    async def push(message: ServerMessage) -> None:
        """A message the student did not ask for (the class's strict answers changed), sent
        from this connection's own event loop: the change is heard where the instructor's
        request runs, and a slow student's socket must not hold that request up."""
        asyncio.run_coroutine_threadsafe(pushed(message), loop)

    conversation = Conversation(services, address=address, on_displaced=displaced, on_push=push)
    limit = RateLimit(clock=services.clock)
    try:
        while True:
            frame = await ws.receive()
            if frame["type"] == "websocket.disconnect":
                break
            raw = frame.get("text")
            if raw is None:
                raw = frame.get("bytes") or b""
            seq = None
            try:
                try:
                    message = parse_client_message(raw)
                except ProtocolError as bad:  # a bad frame counts against the rates too
                    _spend(limit, services, address, bad.seq)
                    raise
                seq = message.seq
                _spend(limit, services, address, seq)
                replies = await conversation.handle(message)
            except ProtocolError as exc:
                replies = [Error.from_exception(exc, seq)]
                if exc.code == "rate_limited" and exc.retry_after:
                    # read nothing more until the wait is over: a flood backs up in the
                    # client's socket instead of costing the server an answer per frame
                    for reply in replies:
                        await _send(ws, reply, seq)
                    replies = []
                    await asyncio.sleep(exc.retry_after)
            except StoreUnavailable as exc:  # locked or full: say so, never "nothing lost"
                log.warning("Store unavailable (%s): %s", exc.code, exc.__cause__)
                replies = [
                    Error(seq=seq, code=exc.code, message=exc.message, retry_after=exc.retry_after)
                ]
            except Exception:
                log.exception("Internal error on a WebSocket message (session kept).")
                replies = [
                    Error(
                        seq=seq,
                        code="internal",
                        message="The server failed on this message; it has been logged and "
                        "nothing of the session was lost. Try again, or tell the instructor.",
                    )
                ]
            if moved:  # taken over while this message was handled: the socket is closed
                break
            for reply in replies:
                await _send(ws, reply, seq)
    except WebSocketDisconnect:
        pass
    finally:
        try:
            with anyio.CancelScope(shield=True):  # recorded even when the handler is cancelled
                await conversation.disconnected()
        except StoreUnavailable as exc:
            log.warning("Disconnect of a session not recorded (%s).", exc.code)


def _spend(limit: RateLimit, services: Services, address: str, seq: int | str | None) -> None:
    """One message against the connection's rate, then the address's (over all its sockets)."""
    limit.take(seq)
    services.addresses.message(address, seq)


async def _send(ws: WebSocket, message: ServerMessage, seq: int | str | None) -> None:
    """Send one answer; a client gone meanwhile (closed, or cut off for a too-big message)
    ends the connection like a disconnect, not with a traceback."""
    if message.seq is None and seq is not None:
        message.seq = seq
    try:
        await ws.send_text(message.dump_json())
    except (RuntimeError, OSError) as gone:
        raise WebSocketDisconnect(code=1006) from gone
