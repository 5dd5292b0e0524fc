"""The transport of :class:`server.bus.Bus` between server processes that share one PostgreSQL
database, so that a session taken over on one process is let go on another."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import AsyncIterator

import psycopg

from server.bus import CLASS_MOVED, CLASS_TEACHERS
from server.postgres_classes import TEACHERS_CHANNEL
from server.postgres_database import CONNECT_TIMEOUT
from server.store_postgres import CLASS_CHANNEL, PostgresStore

log = logging.getLogger(__name__)

CHANNEL = "backchannel"  # LISTEN/NOTIFY channel of the bus between server processes
# A NOTIFY payload must be under 8000 bytes: parts of 1900 characters (4 bytes at most each)
PART_CHARS = 1900
PART_MARK = "\x1e"  # starts a part of a long message; JSON text never starts with it
# The store's own NOTIFYs, each a class code, as the bus topics they are told on
_TOPICS = {CLASS_CHANNEL: CLASS_MOVED, TEACHERS_CHANNEL: CLASS_TEACHERS}


class PostgresNotifier:
    """The transport of :class:`server.bus.Bus` between processes: LISTEN/NOTIFY.

    Besides the bus's own messages, it turns the NOTIFY that :meth:`PostgresStore.record` sends
    with every event into a ``class.moved`` message, and the one a class's teachers changing
    sends (shared, unshared, created; from the CLI too) into ``class.teachers``, from no
    process in particular.

    A NOTIFY payload must stay under 8000 bytes; a longer message is cut into numbered parts,
    all sent in one transaction, which PostgreSQL delivers together and in order, and put
    together again on arrival. No table, so nothing to clean up.
    """

    def __init__(self, store: PostgresStore) -> None:
        self._store = store

    def send(self, payload: str) -> None:
        parts = [payload[i : i + PART_CHARS] for i in range(0, len(payload), PART_CHARS)]
        with self._store._write() as db:
            if len(parts) == 1:
                db.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))
                return
            key = secrets.token_hex(6)
            for number, part in enumerate(parts):
                db.execute(
                    "SELECT pg_notify(%s, %s)",
                    (CHANNEL, f"{PART_MARK}{key}:{number}:{len(parts)}:{part}"),
                )

    async def receive(self) -> AsyncIterator[str]:
        """Every process's messages (this one's too), reconnecting when the connection drops."""
        while True:
            pending: dict[str, list[str]] = {}
            try:
                conn = await psycopg.AsyncConnection.connect(
                    self._store.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT
                )
                async with conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    await conn.execute(f"LISTEN {CLASS_CHANNEL}")
                    await conn.execute(f"LISTEN {TEACHERS_CHANNEL}")
                    async for note in conn.notifies():
                        if note.channel in _TOPICS:
                            yield json.dumps(
                                {
                                    "topic": _TOPICS[note.channel],
                                    "origin": "",
                                    "data": {"class": note.payload},
                                }
                            )
                            continue
                        if not note.payload.startswith(PART_MARK):
                            yield note.payload
                            continue
                        key, number, count, part = note.payload[1:].split(":", 3)
                        parts = pending.setdefault(key, [])
                        parts.append(part)
                        if int(number) == int(count) - 1:
                            yield "".join(pending.pop(key))
            except psycopg.Error as exc:
                log.warning(
                    "Lost the message channel to %s (%s); reconnecting in 1 s. Takeovers "
                    "on other processes are not heard meanwhile.",
                    self._store.where,
                    str(exc).strip(),
                )
                await asyncio.sleep(1)
