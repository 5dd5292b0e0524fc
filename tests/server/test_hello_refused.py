"""A ``hello`` refused for the store, sent again, starts (or resumes) one session.

A new session's hello writes a learner, the session, its claim and its ``connect`` event; a
resume's, the claim and the event. Refused ``database_busy`` or ``not_stored`` after the
first of them, the hello had made what it made: the session, its learner, even the
connection's hold on it. Sent again on the same connection it was refused as
``already_greeted`` (the connection thought itself greeted, the page had no welcome); sent on
a new one it made a second learner ("Ada (2)") and a second session. Now the connection
forgets a greeting refused, keeps what it made, and the same hello sent again goes on from it:
one learner, one session, as the student page sends it again itself after ``retry_after``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.services import Services
from server.store import hash_token
from server.store_refusals import database_busy, not_stored
from tests.server.conftest import make_services

HELLO = {"type": "hello", "student": "Hana Hellofail", "class": "HIST210"}


@pytest.fixture
def services(tmp_path: Path, roleplay: Any) -> Iterator[Services]:
    services = make_services(tmp_path, roleplay)
    yield services
    services.store.close()


def refuse_once(
    services: Services, method: str, refusal: Callable[[], Exception], kind: str | None = None
) -> None:
    """The store refuses its next ``method`` call (of a ``kind`` event, for ``record``) once,
    with ``refusal()``, writing nothing of it."""
    store = services.store
    call = getattr(store, method)

    def refusing(*args: Any, **kwargs: Any) -> Any:
        if kind is None or args[1] == kind:
            setattr(store, method, call)
            raise refusal()
        return call(*args, **kwargs)

    setattr(store, method, refusing)


def refused(ws: Any, hello: dict[str, Any], code: str) -> None:
    ws.send_json(hello)
    error = ws.receive_json()
    wait = 2 if code == "database_busy" else 30
    assert (error["type"], error["code"], error["retry_after"]) == ("error", code, wait)


@pytest.mark.parametrize(
    ("method", "kind"), [("create_session", None), ("claim", None), ("record", "connect")]
)
def test_a_new_sessions_hello_refused_once_sent_again_starts_one_session(
    services: Services, method: str, kind: str | None
) -> None:
    with TestClient(create_app(services)).websocket_connect("/ws") as ws:
        refuse_once(services, method, lambda: database_busy("another program holds it"), kind)
        refused(ws, HELLO, "database_busy")
        ws.send_json(HELLO)  # the page's own again, after retry_after
        welcome = ws.receive_json()
        assert (welcome["type"], welcome["student"], welcome["resumed"]) == (
            "welcome", "Hana Hellofail", False,
        )  # fmt: skip
        ws.send_json({"type": "roleplay.start", "as": "kissinger", "document": None})
        assert ws.receive_json()["type"] == "roleplay.ready"
    [student] = services.store.class_students("HIST210")
    assert (student.student, student.sessions) == ("Hana Hellofail", 1)
    [session] = services.store.class_sessions("HIST210")
    assert session.id == welcome["session"]
    learner = services.store.learner_by_token(hash_token(welcome["learner"]))
    assert learner is not None and learner.id == services.store.session(session.id).learner
    kinds = [e.kind for e in services.store.events(session.id)]
    assert kinds == ["connect", "roleplay.start", "disconnect"]


def test_a_resume_refused_once_sent_again_resumes(services: Services) -> None:
    client = TestClient(create_app(services))
    with client.websocket_connect("/ws") as ws:
        ws.send_json(HELLO)
        token = ws.receive_json()["resume"]
    resume = {"type": "hello", "resume": token}
    with client.websocket_connect("/ws") as ws:
        refuse_once(services, "record", lambda: not_stored(OSError("disk full")), "connect")
        refused(ws, resume, "not_stored")
        ws.send_json(resume)
        welcome = ws.receive_json()
        assert (welcome["type"], welcome["resumed"]) == ("welcome", True)
    [session] = services.store.class_sessions("HIST210")
    kinds = [e.kind for e in services.store.events(session.id)]
    assert kinds == ["connect", "disconnect", "connect", "disconnect"]
