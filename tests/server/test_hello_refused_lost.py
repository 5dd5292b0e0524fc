"""A ``hello`` refused for the store, then the connection lost, leaves nothing behind.

A new session's hello writes a learner, the session and its claim, reads the class's
settings and the learner's cards for the welcome, then writes its ``connect`` event. Refused
``database_busy`` or ``not_stored`` after the first of them, the hello has made what it made;
sent again on the same connection it goes on from it (tests/server/test_hello_refused.py).
But the page that loses its connection meanwhile has no welcome, so no resume or learner
token: its hello on the new connection starts anew, and what the refused one made stayed, for
ever, where the instructor sees it: an empty session of "Hana Hellofail", and the student the
page then joined as shown as "Hana Hellofail (2)". No one holds a token to what a hello never
welcomed, so nothing can come into it: now the connection removes it when it goes (a learner
it made with it), and the class reads as if the refused hello had never been. Nothing is merged
by name: two students of one name stay two.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.review import Answered, iso
from server.services import Services
from server.store import Store, hash_token
from server.store_refusals import database_busy, not_stored
from tests.server.conftest import start
from tests.server.test_hello_refused import HELLO, refuse_once, refused

# Each write or read of a new session's hello the store may refuse, in the order it makes
# them.
REFUSED = [
    ("create_session", None),
    ("claim", None),
    ("class_strict", None),
    ("record", "connect"),
]


@pytest.fixture
def services(both_services: Services) -> Services:
    """Each test here on SQLite, then on PostgreSQL."""
    return both_services


def welcomed(client: TestClient, hello: dict[str, Any]) -> dict[str, Any]:
    """A hello on a new connection, answered with a welcome; the connection then closed."""
    with client.websocket_connect("/ws") as ws:
        ws.send_json(hello)
        welcome = ws.receive_json()
        assert (welcome["type"], welcome["resumed"]) == ("welcome", False)
    return welcome


@pytest.mark.parametrize(("method", "kind"), REFUSED)
def test_a_hello_refused_then_lost_leaves_no_session_and_no_learner(
    services: Services, method: str, kind: str | None
) -> None:
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        refuse_once(services, method, lambda: database_busy("another program holds it"), kind)
        refused(ws, HELLO, "database_busy")
    # the connection lost before the page sent it again: it joins anew
    welcome = welcomed(client, HELLO)
    assert welcome["student"] == "Hana Hellofail"
    store = services.store
    [student] = store.class_students("HIST210")
    assert (student.student, student.sessions) == ("Hana Hellofail", 1)
    [session] = store.class_sessions("HIST210")
    assert session.id == welcome["session"]
    assert [e.kind for e in store.events(session.id)] == ["connect", "disconnect"]


def test_a_hello_refused_with_a_learners_token_then_lost_keeps_the_learner(
    services: Services,
) -> None:
    """A returning learner's hello makes only the session: it goes, the learner, their first
    session and their quiz answers stay."""
    client = TestClient(create_app(services))
    first = welcomed(client, HELLO)
    again = {**HELLO, "learner": first["learner"]}
    with client.websocket_connect("/ws") as ws:
        refuse_once(services, "record", lambda: not_stored(OSError("disk full")), "connect")
        refused(ws, again, "not_stored")
    second = welcomed(client, again)
    store = services.store
    [student] = store.class_students("HIST210")
    assert (student.student, student.sessions) == ("Hana Hellofail", 2)
    sessions = [s.id for s in store.class_sessions("HIST210")]
    assert sessions == [first["session"], second["session"]]


def test_a_hello_refused_then_sent_with_another_name_leaves_one_session(
    services: Services,
) -> None:
    """The hello sent again on the same connection, changed (the student corrected their name):
    the first hello's learner and session go, as when the connection is lost."""
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        refuse_once(services, "claim", lambda: database_busy("a lock is held elsewhere"))
        refused(ws, HELLO, "database_busy")
        ws.send_json({**HELLO, "student": "Hana Hellofeil"})
        welcome = ws.receive_json()
        assert (welcome["type"], welcome["student"]) == ("welcome", "Hana Hellofeil")
    store = services.store
    students = [(s.student, s.sessions) for s in store.class_students("HIST210")]
    assert students == [("Hana Hellofeil", 1)]
    assert [s.id for s in store.class_sessions("HIST210")] == [welcome["session"]]


def test_two_students_of_one_name_stay_two_after_a_refused_hello(services: Services) -> None:
    """Nothing is merged by name: the first Hana's session (and its content) is never the
    refused hello's, and the second Hana joins as "Hana Hellofail (2)"."""
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as first:
        first.send_json(HELLO)
        one = first.receive_json()
        first.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        assert first.receive_json()["type"] == "roleplay.ready"
        with client.websocket_connect("/ws") as ws:
            refuse_once(services, "record", lambda: database_busy("held"), "connect")
            refused(ws, HELLO, "database_busy")
        two = welcomed(client, HELLO)
    assert two["student"] == "Hana Hellofail (2)"
    store = services.store
    students = [(s.student, s.sessions) for s in store.class_students("HIST210")]
    assert students == [("Hana Hellofail", 1), ("Hana Hellofail (2)", 1)]
    assert [s.id for s in store.class_sessions("HIST210")] == [one["session"], two["session"]]
    kinds = [e.kind for e in store.events(one["session"])]
    assert kinds == ["connect", "roleplay.start", "disconnect"]


def test_the_store_forgets_only_what_holds_nothing(store: Store) -> None:
    """On both stores: a session goes only while it holds no event but the connections' own
    and no other connection claimed it; a learner only while no session, card or answer is
    theirs. What holds anything is kept, whatever is asked."""
    store.add_instructor("Ruiz", hash_token("ruiz"), ["HIST210"])
    played = start(store, "Ada", "HIST210", "a")  # a role-play started: kept
    store.record(played.id, "connect", {"resumed": False})
    store.record(played.id, "roleplay.start", {"as": "kissinger", "document": None})
    taken = start(store, "Bo", "HIST210", "b")  # claimed by another connection: kept
    store.claim(taken.id, "c2")
    empty = start(store, "Cy", "HIST210", "c")  # the hello's own, connected, beating: goes
    store.claim(empty.id, "c1")
    store.record(empty.id, "connect", {"resumed": False}, holder="c1")
    store.heartbeat([empty.id], "2026-12-07T14:00:00.00Z")
    answered = store.create_learner(name="Di", class_code="HIST210", token_hash=hash_token("d"))
    item = "frus1969-76v39/d107#4"
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    store.save_answer(  # a learner with no session but an answer: kept
        answered.id, None, Answered(item, "who_said", "frus1969-76v39", iso(now), True)
    )
    for session in (played, taken, empty):
        assert session.learner is not None
        store.forget_unwelcomed(session.id, session.learner, "c1")
    store.forget_unwelcomed(None, answered.id, "c1")
    students = [(s.student, s.sessions) for s in store.class_students("HIST210")]
    assert students == [("Ada", 1), ("Bo", 1)]  # (a learner of no session is not listed)
    # (in the order started, or by id when started within the same millisecond)
    assert {s.id for s in store.class_sessions("HIST210")} == {played.id, taken.id}
    assert [e.kind for e in store.events(played.id)] == ["connect", "roleplay.start"]
    assert (store.session(empty.id), store.events(empty.id)) == (None, [])
    assert store.learner_by_token(hash_token("learner-c")) is None
    assert store.learner_by_token(hash_token("d")) == answered
    assert len(store.answers(answered.id)) == 1


def new_sessions_left(services: Services, per_hour: int) -> TestClient:
    """A client whose address may start ``per_hour`` new sessions, its clock stopped (what is
    left is then counted exactly, none coming back with time)."""
    services.addresses.sessions_per_hour = per_hour
    services.addresses.clock = lambda: 1000.0
    return TestClient(create_app(services))


def too_many(client: TestClient) -> dict[str, Any]:
    with client.websocket_connect("/ws") as ws:
        ws.send_json({**HELLO, "student": "Ivo Overlimit"})
        return ws.receive_json()


TOO_MANY = {
    "type": "error",
    "code": "too_many_sessions",
    "message": "Your network address has started 2 sessions within the hour, the most it may; "
    "resume an existing session, or wait 1800 s.",
    "retry_after": 1800.0,
}


def test_a_refused_hello_whose_session_went_is_not_one_of_its_addresss_new_sessions(
    services: Services,
) -> None:
    """Refused, then lost; refused, then another hello on its connection: neither counts."""
    client = new_sessions_left(services, 2)
    with client.websocket_connect("/ws") as ws:
        refuse_once(services, "record", lambda: database_busy("held"), "connect")
        refused(ws, HELLO, "database_busy")
    with client.websocket_connect("/ws") as ws:
        refuse_once(services, "claim", lambda: database_busy("held"))
        refused(ws, HELLO, "database_busy")
        ws.send_json({**HELLO, "student": "Hana Hellofeil"})
        assert ws.receive_json()["type"] == "welcome"  # one of the two
    assert welcomed(client, HELLO)["student"] == "Hana Hellofail"  # the other
    assert too_many(client) == TOO_MANY
    students = sorted((s.student, s.sessions) for s in services.store.class_students("HIST210"))
    assert students == [("Hana Hellofail", 1), ("Hana Hellofeil", 1)]


def test_a_refused_hello_whose_session_stays_is_counted(services: Services) -> None:
    """The database refusing its removal too: the session stays, and it was one of the
    address's sessions; a refused hello sent again and welcomed is one, as ever."""
    client = new_sessions_left(services, 2)
    with client.websocket_connect("/ws") as ws:
        refuse_once(services, "record", lambda: database_busy("held"), "connect")
        refused(ws, HELLO, "database_busy")
        refuse_once(services, "forget_unwelcomed", lambda: database_busy("held"))
    with client.websocket_connect("/ws") as ws:
        refuse_once(services, "claim", lambda: database_busy("held"))
        refused(ws, HELLO, "database_busy")
        ws.send_json(HELLO)  # the page's own again
        assert ws.receive_json()["type"] == "welcome"
    assert too_many(client) == TOO_MANY
    assert [s.sessions for s in services.store.class_students("HIST210")] == [1, 1]
