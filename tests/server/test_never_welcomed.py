"""A session no hello ever welcomed goes, even when no connection is left to remove it.

A hello refused for the store leaves what it made; its connection removes it when it goes
(tests/server/test_hello_refused_lost.py). But a server that dies first, or a database still
refusing that clean-up, left it for ever, and the instructor saw an empty session beside the
student's real one ("Hana Hellofail (2)"). A new session's ``connect`` event is now the last
write of its hello before the welcome, so a session of no event was never welcomed: any
server's keep-alive removes it once nothing has said it is live for the stale cut-off. A
student who joined and typed nothing has their ``connect`` and keeps their session.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.services import Services
from server.store import Store, hash_token
from server.store_refusals import database_busy
from tests.server.conftest import start
from tests.server.test_hello_refused import HELLO, refuse_once, refused

LATER = "2998-01-01T00:00:00.00Z"  # a cut-off after every session these tests start


def test_only_a_session_of_no_event_that_nothing_keeps_live_goes(store: Store) -> None:
    """On both stores: the cut-off spares a hello still in flight (started after it) and a
    session whose holder still beats; a session with its ``connect`` stays, as does its
    learner of the one that goes."""
    store.add_instructor("Ruiz", hash_token("ruiz"), ["HIST210"])
    never = start(store, "Ada", "HIST210", "a")  # made, claimed, never welcomed: goes
    store.claim(never.id, "c1")
    joined = start(store, "Bo", "HIST210", "b")  # welcomed, typed nothing: stays
    store.record(joined.id, "connect", {"resumed": False})
    beating = start(store, "Cy", "HIST210", "c")  # its holder says it is live: stays
    store.heartbeat([beating.id], "2999-01-01T00:00:00.00Z")
    assert store.forget_never_welcomed(never.started) == 0  # not yet stale
    assert store.forget_never_welcomed(LATER) == 1
    assert store.session(never.id) is None
    kept = {s.id for s in store.class_sessions("HIST210")}
    assert kept == {joined.id, beating.id}
    assert store.learner_by_token(hash_token("learner-a")) is not None
    assert store.forget_never_welcomed(LATER) == 0


def one_keep_alive(services: Services) -> int:
    """The number of sessions one round of the server's keep-alive removed, its cut-off put
    past every session the test started (as if ``stale_seconds`` had gone by)."""
    store, forget = services.store, services.store.forget_never_welcomed
    done, gone = threading.Event(), []

    def counted(before: str) -> int:
        gone.append(forget(before))
        done.set()
        return gone[-1]

    store.forget_never_welcomed = counted  # type: ignore[method-assign]
    services.stale_seconds = -3600.0

    async def round_() -> None:
        task = asyncio.create_task(services.keep_alive())
        try:
            assert await asyncio.to_thread(done.wait, 60), "no keep-alive round in 60 s"
        finally:
            task.cancel()

    asyncio.run(round_())
    store.forget_never_welcomed = forget  # type: ignore[method-assign]
    return gone[0]


@pytest.fixture
def services(both_services: Services) -> Services:
    """Each test here on SQLite, then on PostgreSQL."""
    return both_services


@pytest.mark.parametrize("method", ["class_scenario", "cards", "class_strict"])
def test_a_hello_refused_whose_clean_up_was_refused_too_leaves_no_session(
    services: Services, method: str
) -> None:
    """Refused at a read for the welcome, then its clean-up refused as well: the session it
    made holds no event (its ``connect`` comes after those reads), and the keep-alive takes
    it. The session of the student's next hello, welcomed, stays."""
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        refuse_once(services, method, lambda: database_busy("another program holds it"))
        refused(ws, HELLO, "database_busy")
        refuse_once(services, "forget_unwelcomed", lambda: database_busy("still held"))
    with client.websocket_connect("/ws") as ws:
        ws.send_json(HELLO)
        welcome = ws.receive_json()
        assert welcome["type"] == "welcome"
    store = services.store
    students = [(s.student, s.sessions) for s in store.class_students("HIST210")]
    assert students == [("Hana Hellofail", 1), ("Hana Hellofail (2)", 1)]
    assert one_keep_alive(services) == 1
    assert [s.id for s in store.class_sessions("HIST210")] == [welcome["session"]]
    assert [e.kind for e in store.events(welcome["session"])] == ["connect", "disconnect"]
