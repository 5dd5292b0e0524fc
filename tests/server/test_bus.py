"""The bus between server processes: LISTEN/NOTIFY on a real PostgreSQL, local on SQLite."""

from __future__ import annotations

import asyncio
from typing import Any

from server.bus import Bus
from server.store_postgres import PostgresNotifier, PostgresStore


async def _heard(bus: Bus, topic: str, count: int, timeout: float = 10) -> list[dict[str, Any]]:
    got: list[dict[str, Any]] = []
    done = asyncio.Event()

    def handler(data: dict[str, Any]) -> None:
        got.append(data)
        if len(got) >= count:
            done.set()

    bus.subscribe(topic, handler)
    await asyncio.wait_for(done.wait(), timeout)
    return got


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
        await asyncio.sleep(0.5)  # both LISTENing
        hearing = asyncio.create_task(_heard(there, "taken", 2))
        await asyncio.sleep(0)
        await here.publish("taken", {"session": "s1", "holder": "h1"})
        await here.publish("taken", {"session": "s2", "text": long_line})
        heard = await hearing
        await asyncio.sleep(0.3)  # time for our own NOTIFY to come back (it must be dropped)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return heard, mine

    heard, mine = asyncio.run(scenario())
    assert heard == [{"session": "s1", "holder": "h1"}, {"session": "s2", "text": long_line}]
    assert mine == heard  # delivered here once, at once, not again when the NOTIFY returns
    one.close()
    two.close()
