"""Messages between the server processes that share one database: who holds a session now.

A :class:`Bus` delivers each published message to this process's subscribers at once and, when
the database can carry messages (PostgreSQL's LISTEN/NOTIFY), to every other process on the
same database. On SQLite there is one process, and the bus is local only. Delivery to other
processes is best effort, as NOTIFY is: a process that is reconnecting to the database misses
what was said meanwhile, which is why nothing the record depends on travels only by the bus.
"""

from __future__ import annotations

import inspect
import json
import logging
import secrets
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol

import anyio.to_thread

log = logging.getLogger(__name__)

# Topics: a connection took a session over (who must let go); a class's session moved on
# (instructors following the class live read its new events); a class's teachers changed
# (instructors following their classes live read which they teach now); a class's instructor
# set or unset strict answers (its students' open pages say so at once).
SESSION_TAKEN = "session.taken"
CLASS_MOVED = "class.moved"
CLASS_TEACHERS = "class.teachers"
CLASS_STRICT = "class.strict"

Handler = Callable[[dict[str, Any]], Awaitable[None] | None]


class Transport(Protocol):
    """How messages reach the other processes: ``send`` a text, ``receive`` everyone's."""

    def send(self, payload: str) -> None: ...
    def receive(self) -> AsyncIterator[str]: ...


class Bus:
    """Topics with handlers in this process, and (with a transport) in every process."""

    def __init__(self, transport: Transport | None = None) -> None:
        self.transport = transport
        self.origin = secrets.token_hex(8)  # this process: its own messages come back to it
        self._handlers: defaultdict[str, list[Handler]] = defaultdict(list)

    def subscribe(self, topic: str, handler: Handler) -> Callable[[], None]:
        """Call ``handler(data)`` for every message on ``topic``; returns the unsubscribe."""
        self._handlers[topic].append(handler)
        return lambda: self._handlers[topic].remove(handler)

    async def publish(self, topic: str, data: dict[str, Any]) -> None:
        """Deliver here at once, then to the other processes."""
        await self._deliver(topic, data)
        if self.transport is not None:
            payload = json.dumps(
                {"topic": topic, "origin": self.origin, "data": data}, ensure_ascii=False
            )
            await anyio.to_thread.run_sync(self.transport.send, payload)

    async def run(self) -> None:
        """Deliver the other processes' messages until cancelled (the app's lifetime)."""
        if self.transport is None:
            return
        async for payload in self.transport.receive():
            try:
                message = json.loads(payload)
                topic, origin, data = message["topic"], message["origin"], message["data"]
            except (ValueError, KeyError, TypeError):
                log.warning(
                    "Ignored a message on the bus that is not Backchannel's: %.200s", payload
                )
                continue
            if origin != self.origin:
                await self._deliver(topic, data)

    async def _deliver(self, topic: str, data: dict[str, Any]) -> None:
        for handler in list(self._handlers.get(topic, ())):
            try:
                result = handler(data)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception("A handler of %r failed on %.200s", topic, data)
