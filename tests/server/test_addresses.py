"""Limits per client address: the fair scheduler, the counters, and what a client sees of them."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from server.addresses import CLASS_ATTEMPTS, AddressLimits
from server.app import create_app
from server.batching import FairScheduler, client_address
from server.errors import ProtocolError
from server.session_quiz import MAX_SESSION_QUESTIONS
from tests.server.conftest import make_services, start


def started_order(flood: int, honest: int, slots: int, per_address: int) -> list[str]:
    """In what order the scheduler gave out its slots: one flooder's ``flood`` calls queued
    first, then one call from each of ``honest`` other addresses. Each call holds its slot
    a moment on the event loop (no threads, so the order is exact)."""
    order: list[str] = []
    scheduler = FairScheduler(slots, per_address)

    async def call(address: str, name: str) -> None:
        await scheduler._acquire(address)
        order.append(name)
        await asyncio.sleep(0.01)
        scheduler._release(address)

    async def main() -> None:
        tasks = [asyncio.create_task(call("10.0.0.1", f"f{i}")) for i in range(flood)]
        await asyncio.sleep(0)
        tasks += [asyncio.create_task(call(f"10.0.1.{i}", f"h{i}")) for i in range(honest)]
        await asyncio.gather(*tasks)

    asyncio.run(main())
    return order


def test_a_flooding_address_holds_only_its_share_of_the_model() -> None:
    order = started_order(flood=20, honest=4, slots=4, per_address=2)
    # the flooder queued 20 calls first, yet the honest ones go as soon as slots free up: two
    # at once beside the flooder's two (its cap), then turn about with the flooder
    assert order[:8] == ["f0", "f1", "h0", "h1", "h2", "f2", "h3", "f3"]
    assert order[8:] == [f"f{i}" for i in range(4, 20)]


def test_one_address_alone_uses_the_slots_it_may() -> None:
    assert started_order(flood=5, honest=0, slots=4, per_address=4) == [f"f{i}" for i in range(5)]


def test_scheduler_runs_the_call_in_a_worker_thread() -> None:
    scheduler = FairScheduler(2, 1)

    async def main() -> str:
        client_address.set("10.0.0.9")
        return await scheduler.run(lambda: threading.current_thread().name)

    assert asyncio.run(main()) != threading.main_thread().name


def test_a_cancelled_wait_gives_its_turn_back() -> None:
    scheduler = FairScheduler(1, 1)

    async def main() -> None:
        blocker = asyncio.create_task(scheduler.run(time.sleep, 0.1))
        await asyncio.sleep(0.01)
        waiter = asyncio.create_task(scheduler.run(time.sleep, 0))
        await asyncio.sleep(0.01)
        waiter.cancel()
        await blocker
        assert await scheduler.run(lambda: "ran") == "ran"
        assert scheduler.running.total() == 0 and not scheduler.waiting

    asyncio.run(main())


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_connections_per_address_and_in_all() -> None:
    limits = AddressLimits(connections_per_address=2, max_connections=3, clock=Clock())
    assert limits.connect("a") is None and limits.connect("a") is None
    refusal = limits.connect("a")
    assert refusal is not None and (refusal.status, refusal.code) == (429, "too_many_connections")
    assert limits.connect("b") is None
    full = limits.connect("c")
    assert full is not None and (full.status, full.code) == (503, "server_full")
    limits.disconnect("a")
    assert limits.connect("c") is None


def test_new_sessions_per_address_refill_over_the_hour() -> None:
    clock = Clock()
    limits = AddressLimits(sessions_per_hour=3, clock=clock)
    for _ in range(3):
        limits.new_session("a")
    with pytest.raises(ProtocolError) as refused:
        limits.new_session("a")
    assert (refused.value.code, refused.value.retry_after) == ("too_many_sessions", 1200)
    limits.new_session("b")  # another address is not touched
    clock.now += 1200
    limits.new_session("a")


def test_a_session_not_made_is_given_back_never_above_the_allowance() -> None:
    """A hello refused for the store, its session removed, gives its new session back; given
    back to a full allowance (nothing spent), the address still has its allowance, no more."""
    limits = AddressLimits(sessions_per_hour=2, clock=Clock())
    limits.session_not_made("a")
    limits.new_session("a")
    limits.new_session("a")
    limits.session_not_made("a")
    limits.new_session("a")
    with pytest.raises(ProtocolError) as refused:
        limits.new_session("a")
    assert (refused.value.code, refused.value.retry_after) == ("too_many_sessions", 1800)


def test_wrong_class_codes_run_out_and_come_back() -> None:
    clock = Clock()
    limits = AddressLimits(clock=clock)
    for _ in range(CLASS_ATTEMPTS):
        limits.check_class_attempts("a")
        limits.wrong_class("a")
    with pytest.raises(ProtocolError) as refused:
        limits.check_class_attempts("a")
    assert (refused.value.code, refused.value.field) == ("too_many_class_attempts", "class")
    clock.now += 20
    limits.check_class_attempts("a")


@pytest.fixture
def limited(tmp_path: Path, roleplay: Any) -> Any:
    services = make_services(tmp_path, roleplay)
    services.addresses.sessions_per_hour = 2
    services.addresses.connections_per_address = 3
    yield TestClient(create_app(services))
    services.store.close()


def hello(ws: Any, **fields: Any) -> dict:
    ws.send_json({"type": "hello", **fields})
    return ws.receive_json()


def test_a_client_sees_each_limit_as_a_named_error(limited: TestClient) -> None:
    with limited.websocket_connect("/ws") as ws:
        assert hello(ws, student="Ada", **{"class": "HIST210"})["type"] == "welcome"
    with limited.websocket_connect("/ws") as ws:
        resume = hello(ws, student="Bo")["resume"]
    with limited.websocket_connect("/ws") as ws:
        error = hello(ws, student="Cy", seq=3)
        assert (error["code"], error["seq"]) == ("too_many_sessions", 3)
        assert error["retry_after"] > 0
    with limited.websocket_connect("/ws") as ws:  # resuming is not a new session
        assert hello(ws, resume=resume)["resumed"] is True
    for first in range(0, CLASS_ATTEMPTS, 10):  # over several sockets, as a guesser would
        with limited.websocket_connect("/ws") as ws:
            for n in range(first, first + 10):
                answer = hello(ws, student="Eve", **{"class": f"GUESS{n}"})
                assert answer["code"] == "unknown_class"
    with limited.websocket_connect("/ws") as ws:
        error = hello(ws, student="Eve", **{"class": "HIST210"})
        assert (error["code"], error["field"]) == ("too_many_class_attempts", "class")


def test_connections_over_the_limit_are_refused_at_the_upgrade(limited: TestClient) -> None:
    with (
        limited.websocket_connect("/ws"),
        limited.websocket_connect("/ws"),
        limited.websocket_connect("/ws"),
        pytest.raises(WebSocketDisconnect),
        limited.websocket_connect("/ws"),
    ):
        pass
    with limited.websocket_connect("/ws") as ws:  # closed ones no longer count
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}


def test_quiz_questions_per_session_are_capped(limited: TestClient) -> None:
    with limited.websocket_connect("/ws") as ws:
        resume = hello(ws, student="Ada")["resume"]
        ws.send_json({"type": "quiz.start", "mode": "who_said", "count": 50, "seed": 1})
        first = ws.receive_json()
        assert first["type"] == "quiz.question"
    asked = first["total"]
    with limited.websocket_connect("/ws") as ws:  # the count survives a resume
        hello(ws, resume=resume)
        ws.receive_json()  # the waiting question, asked again
        conversation = limited.app.state.services.holders
        [held] = conversation.values()
        assert held.questions_asked == asked
        held.questions_asked = MAX_SESSION_QUESTIONS - 3
        ws.send_json({"type": "quiz.start", "mode": "who_said", "count": 5, "seq": 9})
        error = ws.receive_json()
        assert (error["code"], error["field"], error["seq"]) == ("quiz_limit", "count", 9)
        ws.send_json({"type": "quiz.start", "mode": "who_said", "count": 3})
        assert ws.receive_json()["type"] == "quiz.question"


def test_a_full_disk_is_a_retryable_error_that_never_claims_the_line_was_kept(
    tmp_path: Path, roleplay: Any
) -> None:
    services = make_services(tmp_path, roleplay)
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        session = hello(ws, student="Ada")["session"]
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        db = services.store._db  # the disk fills up: no new page may be written
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count={pages}")
        line = "Anatol, about the conference: " + "we might accept a meeting. " * 60
        for n in range(20):  # until the line no longer fits in the pages left
            ws.send_json({"type": "say", "text": line, "seq": n})
            answer = ws.receive_json()
            if answer["type"] == "error":
                break
        assert (answer["code"], answer["seq"], answer["retry_after"]) == ("not_stored", n, 30)
        assert "was not answered" in answer["message"] and "lost" not in answer["message"]
        db.execute("PRAGMA max_page_count=1073741823")  # space again: the session goes on
        ws.send_json({"type": "say", "text": "Frankly, we are in no hurry.", "seq": "again"})
        assert ws.receive_json()["type"] == "reply"
    kinds = [e.kind for e in services.store.events(session) if e.kind in ("line", "reply")]
    # the refused exchange kept at most its line, never a reply the student did not see
    assert kinds in (
        ["line", "reply"] * n + ["line", "reply"],
        ["line", "reply"] * n + ["line", "line", "reply"],
    )
    services.store.close()


def test_a_line_sent_again_with_its_id_is_answered_once(tmp_path: Path, roleplay: Any) -> None:
    """The page re-sends an unanswered line after a reconnect, with the same id: the stored
    reply comes back, and the store holds the line once."""
    services = make_services(tmp_path, roleplay)
    client = TestClient(create_app(services))
    say = {"type": "say", "text": "Anatol, about the conference in Geneva.", "id": "l1"}
    with client.websocket_connect("/ws") as ws:
        welcome = hello(ws, student="Ada", **{"class": "HIST210"})
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        ws.receive_json()
        ws.send_json({**say, "seq": 1})
        first = ws.receive_json()
        ws.send_json({**say, "seq": 2})
        again = ws.receive_json()
    assert (first["type"], first["seq"], again["seq"]) == ("reply", 1, 2)
    assert {**again, "seq": 1} == first
    with client.websocket_connect("/ws") as ws:  # after a reconnect, from the store
        hello(ws, resume=welcome["resume"])
        ws.send_json({**say, "seq": 3})
        assert {**ws.receive_json(), "seq": 1} == first
        ws.send_json({**say, "id": "l2", "seq": 4})  # a new id is a new line
        assert ws.receive_json()["type"] == "reply"
    kinds = [e.kind for e in services.store.events(welcome["session"])]
    assert kinds.count("line") == kinds.count("reply") == 2
    assert services.store.session_summary(welcome["session"]).lines == 2
    services.store.close()


def test_a_line_with_no_stored_reply_is_not_counted(tmp_path: Path, roleplay: Any) -> None:
    services = make_services(tmp_path, roleplay)
    store = services.store
    session = start(store, "Ada", "HIST210", "h")
    store.record(session.id, "line", {"text": "cut off by a crash", "position": None})
    assert store.session_summary(session.id).lines == 0
    [student] = store.class_students("HIST210")
    assert student.lines == 0
    store.close()


def test_sessions_whose_connection_is_gone_are_closed_out_not_live_ones(
    tmp_path: Path, roleplay: Any
) -> None:
    """A session left "connected" by a crashed process is ended at its last sign of life; a
    session a connection holds is kept open by its heartbeat, however quiet the student."""
    from tests.server.conftest import LiveServer, Student

    services = make_services(tmp_path, roleplay)
    services.heartbeat_seconds, services.stale_seconds = 0.2, 1.0
    store = services.store
    crashed = start(store, "Gone", None, "h1")
    store.record(crashed.id, "connect", {"resumed": False})  # and then the process died
    server = LiveServer(services)
    try:
        student = Student(server.url)
        live = student.ask({"type": "hello", "student": "Here"})["session"]
        deadline = time.monotonic() + 30
        while store.session(crashed.id).ended is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert store.session(crashed.id).ended == store.events(crashed.id)[-1].at
        time.sleep(2.5)  # quiet for longer than the cut-off, but held
        assert store.session(live).ended is None
        student.close()
    finally:
        server.stop()
        store.close()


def test_a_heartbeat_slower_to_write_than_the_cut_off_keeps_its_sessions_open(
    tmp_path: Path, roleplay: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cut-off was read from the clock after the heartbeat was written: a write that took
    longer than ``stale_seconds`` (a loaded machine) left the beat older than the cut-off, and
    the sessions it had just said were live were closed out with the dead ones (the test above
    has a second of slack for that write)."""
    services = make_services(tmp_path, roleplay)
    services.heartbeat_seconds, services.stale_seconds = 0.05, 0.2
    store = services.store
    held = start(store, "Held", None, "h3")
    store.record(held.id, "connect", {"resumed": False})
    services.holders[held.id] = object()  # type: ignore[assignment]  # held by a connection
    beat = store.heartbeat

    def slow_beat(session_ids: list[str], at: str) -> None:
        time.sleep(0.3)  # longer than stale_seconds
        beat(session_ids, at)

    monkeypatch.setattr(store, "heartbeat", slow_beat)

    async def serve_a_while() -> None:
        beating = asyncio.create_task(services.keep_alive())
        await asyncio.sleep(1.0)  # three slow beats and their close-outs
        beating.cancel()

    try:
        asyncio.run(serve_a_while())
        assert store.session(held.id).ended is None
    finally:
        store.close()
