"""Server fixtures: the role-play over the shared fixture index, a fresh store, live servers."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from websockets.sync.client import ClientConnection, connect

from server.app import create_app
from server.guard import uvicorn_options
from server.services import Services
from server.settings import Settings
from server.store import Correction, SessionRecord, Store, hash_token
from server.store_postgres import PostgresStore
from server.store_sqlite import SQLiteStore
from tests.served import free_port

SEED = "frus1969-76v39/d107"
TEACHER_TOKEN = "bci_test-token-of-ruiz"
OTHER_TOKEN = "bci_test-token-of-okafor"


def start(store: Store, name: str, class_code: str | None, token: str) -> SessionRecord:
    """A new learner's first session (a hello without a learner token)."""
    learner = store.create_learner(
        name=name, class_code=class_code, token_hash=hash_token(f"learner-{token}")
    )
    return store.create_session(learner=learner.id, token_hash=hash_token(token))


def two_classes(store: Store) -> tuple[SessionRecord, SessionRecord]:
    """Ruiz teaching HIST210 and IR101, with Ada's first session in HIST210 and Kim's in IR101:
    the store tests' one instructor of two classes, a student in each, set up in one place."""
    store.add_instructor("Ruiz", hash_token("ruiz"), ["HIST210", "IR101"])
    return start(store, "Ada", "HIST210", "ada"), start(store, "Kim", "IR101", "kim")


def picked_twice() -> list[tuple[int, str, str, dict[str, Any]]]:
    """A refused line and two picks from its offer, the second line then the first, as the
    store has written them since picks came (1 December 2026, schema 1 on either back end):
    ``(seq, at, kind, data)`` rows for a database made with an older schema."""
    offered = [
        {
            "prompt": {"speaker": "kissinger", "text": text, "document": SEED, "turn": turn},
            "reply": {"speaker": "dobrynin", "text": reply, "turns": []},
            "score": score,
            "citation": {"document": SEED},
        }
        for turn, text, reply, score in ((20, "Yes.", "Good.", 0.41), (24, "No.", "Well.", 0.38))
    ]
    query = "whats for lunch today"

    def picked(n: int) -> dict[str, Any]:
        return {"query": query, "status": "picked", "matches": [offered[n]], "picked": n}

    return [
        (1, "2026-12-01T17:00:01.000Z", "roleplay.start", {"as": "kissinger", "document": None}),
        (2, "2026-12-01T17:00:02.000Z", "line", {"text": query, "position": 0}),
        (
            3,
            "2026-12-01T17:00:03.000Z",
            "reply",
            {"query": query, "status": "no_match", "matches": [], "suggestions": offered},
        ),
        (4, "2026-12-01T17:00:09.500Z", "pick", {"suggestion": 1, "query": query}),
        (5, "2026-12-01T17:00:09.512Z", "reply", picked(1)),
        (6, "2026-12-01T17:00:21.250Z", "pick", {"suggestion": 0, "query": query}),
        (7, "2026-12-01T17:00:21.262Z", "reply", picked(0)),
    ]


# What the picks of picked_twice() read as: (reply seq, when picked, the line, its turn).
PICKED_TWICE = [(5, "2026-12-01T17:00:09.500Z", 1, 24), (7, "2026-12-01T17:00:21.250Z", 0, 20)]


def correction(line: str, speaker: str = "kissinger") -> Correction:
    """An instructor's correction of ``line``, said as ``speaker``, to the seed conversation's
    first turn: the one the corrector's tests (shorthand, rewordings) each look through."""
    return Correction(
        id=1,
        class_code="HIST210",
        line=line,
        document=SEED,
        turn=0,
        speaker=speaker,
        created="2026-12-02T00:00:00+00:00",
    )


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each kind: every test that takes it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        opened: Store = SQLiteStore(tmp_path / "backchannel.sqlite3")
    else:
        opened = PostgresStore(request.getfixturevalue("postgres").database())
    yield opened
    opened.close()


def assert_refused(client: TestClient, path: str, headers: dict[str, str]) -> None:
    """The socket at ``path`` refuses a page at ``headers``' Host and Origin before a word is
    said: closed with 1008 (policy violation), as server.guard closes a name not allowed."""
    refused = client.websocket_connect(path, headers=headers)
    try:
        with refused:
            raise AssertionError("a name the server was not given was let in")
    except Exception as exc:  # starlette's WebSocketDisconnect, code 1008
        assert getattr(exc, "code", None) == 1008, exc


def make_services(tmp: Path, roleplay: Any) -> Services:
    store = SQLiteStore(tmp / "backchannel.sqlite3")
    store.add_instructor("Ruiz", hash_token(TEACHER_TOKEN), ["HIST210"])
    store.add_instructor("Okafor", hash_token(OTHER_TOKEN), ["IR101"])
    return Services.from_roleplay(Settings(data=tmp), store, roleplay)


@pytest.fixture
def services(tmp_path: Path, roleplay: Any) -> Iterator[Services]:
    services = make_services(tmp_path, roleplay)
    yield services
    services.store.close()


@pytest.fixture(params=["sqlite", "postgres"])
def both_services(
    request: pytest.FixtureRequest, tmp_path: Path, roleplay: Any
) -> Iterator[Services]:
    """The server's services (as ``services``) on an SQLite store, then on a PostgreSQL one:
    for what a student's socket leaves in the store, which each database writes its own way."""
    store: Store = (
        SQLiteStore(tmp_path / "backchannel.sqlite3")
        if request.param == "sqlite"
        else PostgresStore(request.getfixturevalue("postgres").database())
    )
    store.add_instructor("Ruiz", hash_token(TEACHER_TOKEN), ["HIST210"])
    store.add_instructor("Okafor", hash_token(OTHER_TOKEN), ["IR101"])
    yield Services.from_roleplay(Settings(data=tmp_path), store, roleplay)
    store.close()


@pytest.fixture
def client(services: Services) -> TestClient:
    return TestClient(create_app(services))


class LiveServer:
    """A real uvicorn on a free port, in a thread of the test process (the model is shared)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.port = free_port()
        config = uvicorn.Config(
            create_app(services),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            **uvicorn_options(),
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start on port {self.port}")
            time.sleep(0.02)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, roleplay: Any) -> Iterator[LiveServer]:
    services = make_services(tmp_path_factory.mktemp("live"), roleplay)
    server = LiveServer(services)
    yield server
    server.stop()
    services.store.close()


class ManualClock:
    """A clock for the rate limiter that moves only when a test says: no sleeping in tests."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def manual_clock(live: LiveServer) -> Iterator[ManualClock]:
    """The live server's connections opened from now on read this clock (then the real one)."""
    clock = ManualClock()
    live.services.clock = clock
    yield clock
    live.services.clock = time.monotonic


class Student:
    """A ``websockets`` client speaking the protocol: send a message, read the answers."""

    def __init__(self, url: str, ssl_context: ssl.SSLContext | None = None, **headers: str) -> None:
        self._stack = ExitStack()
        self.ws: ClientConnection = self._stack.enter_context(
            connect(url, ssl=ssl_context, additional_headers=headers or None)
        )

    def send(self, message: dict[str, Any] | str) -> None:
        self.ws.send(message if isinstance(message, str) else json.dumps(message))

    def receive(self) -> dict[str, Any]:
        return json.loads(self.ws.recv(timeout=30))

    def ask(self, message: dict[str, Any] | str) -> dict[str, Any]:
        self.send(message)
        return self.receive()

    def close(self) -> None:
        self._stack.close()


@pytest.fixture
def student(live: LiveServer) -> Iterator[Student]:
    client = Student(live.url)
    yield client
    client.close()
