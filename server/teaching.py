"""Which classes an instructor teaches, followed while their live page is open.

A colleague shares a class with them, or takes it back (the page's *Share* or ×, or
``backchannel instructor share|unshare`` from any process), while their instructor page follows
the live class: the page must learn of it then, not at its next reload, and the live feed must
start or stop bringing the class's events. The store says who teaches a class, so
:class:`Teaching` reads the instructor's classes from it as :class:`server.live.StoreFeed`
reads events: every poll, whichever process (or command) changed them. On PostgreSQL every
change also NOTIFYs (``class.teachers`` on the bus), so the read comes at once and polling is
only the safety net, as for the feed.

The same reads tell who teaches each of those classes: a third teacher added to a class (or
one taken off) changes the "Teachers:" line every teacher of it sees, so each teacher's page is
told (``class.teachers``), not only the one added or removed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import anyio.to_thread

from server.bus import CLASS_TEACHERS, Bus
from server.live import NOTIFIED_POLL_SECONDS, POLL_SECONDS
from server.store import Store


@dataclass(frozen=True, slots=True)
class Change:
    """The classes given to the instructor, those taken from them, and those they kept whose
    teachers changed (each with its teachers' names now), since the last read."""

    shared: tuple[str, ...]
    unshared: tuple[str, ...]
    teachers: tuple[tuple[str, tuple[str, ...]], ...] = ()


class Teaching:
    """The classes one instructor teaches, from ``classes`` (those their feed opened with)."""

    def __init__(
        self,
        store: Store,
        instructor: int,
        classes: list[str],
        *,
        poll: float | None = None,
        bus: Bus | None = None,
    ) -> None:
        self.store = store
        self.instructor = instructor
        self.classes = list(classes)
        # each class's teachers (code in lower case → names), from start() on
        self.teachers: dict[str, tuple[str, ...]] = {}
        notified = bus is not None and bus.transport is not None
        self.poll = (
            poll if poll is not None else NOTIFIED_POLL_SECONDS if notified else POLL_SECONDS
        )
        self._changed = asyncio.Event()
        self._unsubscribe: Callable[[], None] | None = None
        if bus is not None and notified:
            # any class's teachers: a class shared with this instructor is not theirs yet
            self._unsubscribe = bus.subscribe(CLASS_TEACHERS, lambda _: self._changed.set())

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    async def start(self) -> None:
        """Read who teaches the classes now: a teacher added or removed after this is told."""
        self.teachers = await anyio.to_thread.run_sync(self._teachers)

    def _teachers(self) -> dict[str, tuple[str, ...]]:
        found = self.store.colleagues(self.instructor)
        return {code.lower(): tuple(names) for code, names in found.items()}

    def _read(self) -> tuple[list[str], dict[str, tuple[str, ...]]]:
        found = self.store.instructor_key(self.instructor)
        classes = list(found[0].classes) if found else []  # removed: they teach nothing now
        return classes, self._teachers()

    async def next(self) -> Change:
        """Wait until the instructor's classes differ from ``classes``, or the teachers of one
        they keep from ``teachers``; both are then the new ones, and the change says which
        classes came and went and whose teachers changed (codes as the store spells them)."""
        while True:
            self._changed.clear()  # before reading: a change during it wakes the wait
            now, teachers = await anyio.to_thread.run_sync(self._read)
            before = {c.lower() for c in self.classes}
            after = {c.lower() for c in now}
            kept = tuple(
                (c, teachers[c.lower()])
                for c in now
                if c.lower() in before
                and c.lower() in teachers  # (not if taken back between the two reads)
                and teachers[c.lower()] != self.teachers.get(c.lower())
            )
            self.teachers = teachers
            if before != after or kept:
                gone = tuple(c for c in self.classes if c.lower() not in after)
                self.classes = now
                return Change(tuple(c for c in now if c.lower() not in before), gone, kept)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), self.poll)
