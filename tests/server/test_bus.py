"""The bus between server processes: LISTEN/NOTIFY on a real PostgreSQL, local on SQLite."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from server.bus import CLASS_MOVED, Bus
from server.live import StoreFeed
from server.postgres_notifier import PostgresNotifier
from server.store import SessionHead, hash_token
from server.store_postgres import PostgresStore
from tests.server.conftest import start


async def _heard(bus: Bus, topic: str, count: int, timeout: float = 30) -> list[dict[str, Any]]:
    got: list[dict[str, Any]] = []
    done = asyncio.Event()

    def handler(data: dict[str, Any]) -> None:
        got.append(data)
        if len(got) >= count:
            done.set()

    bus.subscribe(topic, handler)
    await asyncio.wait_for(done.wait(), timeout)
    return got


async def _until(condition: Callable[[], bool], timeout: float = 30) -> None:
    """Wait for ``condition`` (a NOTIFY delivered, a read done): under load either can take
    far longer than any fixed sleep a test could afford."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def _until_listening(listener: Bus, speaker: Bus, timeout: float = 30) -> None:
    """Wait until ``listener`` hears what ``speaker`` says, i.e. its LISTEN is in place. A
    NOTIFY sent before that is never delivered, so the probe is said again until heard."""
    heard = asyncio.Event()
    unsubscribe = listener.subscribe("probe", lambda _: heard.set())
    async with asyncio.timeout(timeout):
        while not heard.is_set():
            await speaker.publish("probe", {})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(heard.wait(), 0.1)
    unsubscribe()


class _ReadCounted(PostgresStore):
    """The real store, counting the feed's reads of its classes' heads: a read that ended
    before an event was written can learn of that event only from its notification."""

    reads = 0

    def class_heads(self, classes: list[str]) -> list[SessionHead]:
        heads = super().class_heads(classes)
        self.reads += 1
        return heads


def test_local_bus_delivers_in_this_process_only() -> None:
    async def scenario() -> list[Any]:
        bus = Bus()
        got: list[Any] = []
        unsubscribe = bus.subscribe("t", got.append)
        await bus.publish("t", {"n": 1})
        await bus.publish("other", {"n": 2})
        unsubscribe()
        await bus.publish("t", {"n": 3})
        await bus.run()  # nothing to hear: returns at once
        return got

    assert asyncio.run(scenario()) == [{"n": 1}]


def test_processes_on_one_database_hear_each_other(postgres) -> None:
    url = postgres.database()
    one, two = PostgresStore(url), PostgresStore(url)
    long_line = "Громыко said: " + "Да. " * 5_000  # 30 kB: too long for one NOTIFY

    async def scenario() -> tuple[list[Any], list[Any]]:
        here, there = Bus(PostgresNotifier(one)), Bus(PostgresNotifier(two))
        mine: list[Any] = []
        here.subscribe("taken", mine.append)
        tasks = [asyncio.create_task(b.run()) for b in (here, there)]
        await _until_listening(there, here)
        await _until_listening(here, there)
        hearing = asyncio.create_task(_heard(there, "taken", 2))
        await asyncio.sleep(0)
        await here.publish("taken", {"session": "s1", "holder": "h1"})
        await here.publish("taken", {"session": "s2", "text": long_line})
        heard = await hearing
        # our own NOTIFYs come back (they must be dropped) before one sent after them
        await _until_listening(here, there)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return heard, mine

    heard, mine = asyncio.run(scenario())
    assert heard == [{"session": "s1", "holder": "h1"}, {"session": "s2", "text": long_line}]
    assert mine == heard  # delivered here once, at once, not again when the NOTIFY returns
    one.close()
    two.close()


def test_every_event_of_a_class_wakes_its_live_feed_on_every_process(postgres) -> None:
    url = postgres.database()
    writer, reader = PostgresStore(url), _ReadCounted(url)
    writer.add_instructor("Ruiz", hash_token("a"), ["HIST210", "IR101"])
    ada = start(writer, "Ada", "hist210", "1")
    kim = start(writer, "Kim", "IR101", "2")
    solo = start(writer, "Solo", None, "3")

    async def scenario() -> tuple[list[Any], list[str]]:
        bus = Bus(PostgresNotifier(reader))
        heard: list[Any] = []
        bus.subscribe(CLASS_MOVED, heard.append)
        listening = asyncio.create_task(bus.run())
        await _until_listening(bus, Bus(PostgresNotifier(writer)))
        feed = StoreFeed(reader, poll=60, bus=bus)  # a poll would come far too late
        await feed.start(["HIST210"])
        waking = asyncio.create_task(feed.next())
        await _until(lambda: reader.reads == 2)  # start's read, then next's: it waits now
        for session in (solo, kim, ada):
            await asyncio.to_thread(writer.record, session.id, "line", {"text": session.student})
        items = await asyncio.wait_for(waking, 30)
        # NOTIFYs come in the order of their commits: once Ada's is heard, so are the others
        await _until(lambda: {"class": "HIST210"} in heard)
        feed.close()
        listening.cancel()
        return heard, [i.event.data["text"] for i in items]

    heard, lines = asyncio.run(scenario())
    assert heard == [{"class": "IR101"}, {"class": "HIST210"}]  # nothing for Solo's
    assert lines == ["Ada"]
    writer.close()
    reader.close()
