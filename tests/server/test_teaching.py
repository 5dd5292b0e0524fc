"""Which classes an instructor teaches, followed while their live page is open, on SQLite and
on PostgreSQL: each class shared with them or taken back is told once, and the feed follows
it from then (nothing of its past, nothing while it was not theirs). On PostgreSQL a share
from another process (the CLI) wakes the page's read at once, not at the next poll."""

from __future__ import annotations

import asyncio
from typing import Any

from server.bus import CLASS_TEACHERS, Bus
from server.live import StoreFeed
from server.postgres_notifier import PostgresNotifier
from server.store import Instructor, Store, hash_token
from server.store_postgres import PostgresStore
from server.teaching import Change, Teaching
from tests.server.conftest import two_classes
from tests.server.test_bus import _until, _until_listening


async def _next(teaching: Teaching) -> Change:
    return await asyncio.wait_for(teaching.next(), 30)


def test_a_class_shared_and_taken_back_is_told_once_each(store: Store) -> None:
    store.add_instructor("Ruiz", hash_token("r"), ["HIST210"])
    okafor = store.add_instructor("Okafor", hash_token("o"), ["IR101"])

    async def scenario() -> list[tuple[Change, list[str]]]:
        teaching = Teaching(store, okafor.id, ["IR101"], poll=0.02)
        await teaching.start()
        told = []
        store.share_class("hist210", "okafor")
        told.append((await _next(teaching), teaching.classes))
        store.unshare_class("HIST210", "Okafor")
        told.append((await _next(teaching), teaching.classes))
        store.share_class("HIST210", "Okafor")
        store.add_classes("Okafor", ["GEO300"])  # two at once: one change
        told.append((await _next(teaching), teaching.classes))
        teaching.close()
        return told

    assert asyncio.run(scenario()) == [
        (Change(shared=("HIST210",), unshared=()), ["HIST210", "IR101"]),
        (Change(shared=(), unshared=("HIST210",)), ["IR101"]),
        (Change(shared=("GEO300", "HIST210"), unshared=()), ["GEO300", "HIST210", "IR101"]),
    ]


def test_a_teacher_added_to_or_taken_off_a_class_kept_is_told_to_its_other_teachers(
    store: Store,
) -> None:
    """Ruiz keeps HIST210 while Okafor, then Lee, are given it and Okafor is taken off: each
    change is Ruiz's to read too ("Teachers:" on his page), with the class's teachers in the
    order they were given it; a change to a class he does not teach is not his."""
    ruiz = store.add_instructor("Ruiz", hash_token("r"), ["HIST210", "IR101"])
    store.add_instructor("Okafor", hash_token("o"), ["GEO300"])
    store.add_instructor("Lee", hash_token("l"), [])

    async def scenario() -> list[tuple[Change, dict[str, tuple[str, ...]]]]:
        teaching = Teaching(store, ruiz.id, ["HIST210", "IR101"], poll=0.02)
        await teaching.start()
        told = [(Change((), ()), dict(teaching.teachers))]
        store.share_class("hist210", "okafor")
        told.append((await _next(teaching), dict(teaching.teachers)))
        store.share_class("GEO300", "Lee")  # not Ruiz's class: nothing to tell him
        store.share_class("HIST210", "Lee")
        told.append((await _next(teaching), dict(teaching.teachers)))
        store.unshare_class("HIST210", "Okafor")
        store.share_class("IR101", "Lee")  # two classes at once: one change
        told.append((await _next(teaching), dict(teaching.teachers)))
        teaching.close()
        return told

    assert asyncio.run(scenario()) == [
        (Change((), ()), {"hist210": ("Ruiz",), "ir101": ("Ruiz",)}),
        (
            Change((), (), (("HIST210", ("Ruiz", "Okafor")),)),
            {"hist210": ("Ruiz", "Okafor"), "ir101": ("Ruiz",)},
        ),
        (
            Change((), (), (("HIST210", ("Ruiz", "Okafor", "Lee")),)),
            {"hist210": ("Ruiz", "Okafor", "Lee"), "ir101": ("Ruiz",)},
        ),
        (
            Change((), (), (("HIST210", ("Ruiz", "Lee")), ("IR101", ("Ruiz", "Lee")))),
            {"hist210": ("Ruiz", "Lee"), "ir101": ("Ruiz", "Lee")},
        ),
    ]


def test_the_feed_follows_a_class_from_when_it_is_shared_until_it_is_taken_back(
    store: Store,
) -> None:
    ada, kim = two_classes(store)

    async def lines(feed: StoreFeed) -> list[str]:
        return [i.event.data["text"] for i in await asyncio.wait_for(feed.next(), 30)]

    async def scenario() -> list[list[str]]:
        feed = StoreFeed(store, poll=0.02)
        await feed.start(["IR101"])
        read = []
        store.record(ada.id, "line", {"text": "Ada before"})  # HIST210 is not followed yet
        store.record(kim.id, "line", {"text": "Kim 1"})
        read.append(await lines(feed))
        await feed.follow(["IR101", "HIST210"])  # shared: from now, not its past
        store.record(ada.id, "line", {"text": "Ada shared"})
        read.append(await lines(feed))
        await feed.follow(["IR101"])  # taken back
        store.record(ada.id, "line", {"text": "Ada unshared"})
        store.record(kim.id, "line", {"text": "Kim 2"})
        read.append(await lines(feed))
        await feed.follow(["IR101", "HIST210"])  # shared again: not what came meanwhile
        store.record(ada.id, "line", {"text": "Ada again"})
        read.append(await lines(feed))
        feed.close()
        return read

    assert asyncio.run(scenario()) == [["Kim 1"], ["Ada shared"], ["Kim 2"], ["Ada again"]]


class _ReadCounted(PostgresStore):
    """The real store, counting the reads of who teaches what: a read that ended before the
    class was shared can learn of it only from its notification."""

    reads = 0

    def instructor_key(self, instructor_id: int) -> tuple[Instructor, str] | None:
        found = super().instructor_key(instructor_id)
        self.reads += 1
        return found


def test_a_class_shared_on_another_process_wakes_the_page_at_once(postgres: Any) -> None:
    url = postgres.database()
    cli, server = PostgresStore(url), _ReadCounted(url)
    cli.add_instructor("Ruiz", hash_token("r"), ["HIST210"])
    okafor = cli.add_instructor("Okafor", hash_token("o"), ["IR101"])

    async def scenario() -> tuple[Change, list[Any]]:
        bus = Bus(PostgresNotifier(server))
        heard: list[Any] = []
        bus.subscribe(CLASS_TEACHERS, heard.append)
        listening = asyncio.create_task(bus.run())
        await _until_listening(bus, Bus(PostgresNotifier(cli)))
        teaching = Teaching(server, okafor.id, ["IR101"], poll=60, bus=bus)  # no poll in time
        await teaching.start()
        waiting = asyncio.create_task(teaching.next())
        await _until(lambda: server.reads == 1)  # its first read is done: it waits now
        await asyncio.to_thread(cli.share_class, "hist210", "okafor")
        change = await asyncio.wait_for(waiting, 30)
        teaching.close()
        listening.cancel()
        return change, heard

    change, heard = asyncio.run(scenario())
    assert change == Change(shared=("HIST210",), unshared=())
    assert heard == [{"class": "HIST210"}]
    cli.close()
    server.close()
