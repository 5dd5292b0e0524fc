"""`backchannel serve` as a real process under attack: a compression bomb, a locked database.

The server is the session's (``live_server``, tests/served.py, the browser tests' too), in a
class of these tests' own. The database test holds SQLite's write lock from this process for
longer than the server's 5 s busy timeout, so the student's write fails with ``database_busy``.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.served import LiveServer, add_instructor
from tests.server.conftest import Student

CLASS = "HOSTILE1"
BOMB_BYTES = 2**24 - 1024  # just under uvicorn's default message limit of 16 MiB


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc")


@dataclass
class Served:
    url: str  # its WebSocket
    pid: int
    database: Path
    class_code: str


@pytest.fixture(scope="module")
def served(live_server: LiveServer) -> Served:
    """The session's `backchannel serve` (tests/served.py), in a class of these tests' own."""
    add_instructor("Dr. Hale", CLASS, live_server.data, live_server.env)
    return Served(live_server.ws_url, live_server.pid, live_server.database, CLASS)


def ping(url: str) -> dict:
    with connect(url) as ws:
        ws.send(json.dumps({"type": "ping", "seq": 1}))
        return json.loads(ws.recv(timeout=30))


def test_compression_bomb_is_closed_before_it_inflates(served: Served) -> None:
    """40 messages of 16 MiB, ~16 KB each on the wire: closed with 1009, memory stays put."""
    assert ping(served.url) == {"type": "pong", "seq": 1}
    before = peak_rss_mb(served.pid)
    bomb = json.dumps({"type": "say", "text": "a" * (BOMB_BYTES - 40)})
    codes = []
    for _ in range(20):
        with connect(served.url, compression="deflate") as ws:
            try:
                ws.send(bomb)
                ws.send(bomb)
                ws.recv(timeout=30)
            except ConnectionClosed as closed:
                codes.append(closed.rcvd.code if closed.rcvd else None)
    assert codes == [1009] * 20
    assert peak_rss_mb(served.pid) - before < 64  # it was +8 MB a bomb, 320 MB here
    assert ping(served.url) == {"type": "pong", "seq": 1}


def test_frame_over_the_protocol_limit_but_under_the_socket_cap_is_answered(
    served: Served,
) -> None:
    with connect(served.url, compression="deflate") as ws:
        ws.send(json.dumps({"type": "say", "text": "a" * 40_000, "seq": 7}))
        error = json.loads(ws.recv(timeout=30))
        assert (error["type"], error["code"]) == ("error", "frame_too_large")
        ws.send(json.dumps({"type": "ping", "seq": 8}))
        assert json.loads(ws.recv(timeout=30)) == {"type": "pong", "seq": 8}


def test_a_database_locked_elsewhere_stalls_only_the_student_who_writes(
    served: Served,
) -> None:
    """Another process holds SQLite's write lock: pings are answered at once; the student
    whose line must be written gets ``database_busy`` (retryable), never a hang or ``internal``."""
    writer, other = Student(served.url), Student(served.url)
    writer.ask({"type": "hello", "student": "Ada", "class": served.class_code})
    writer.ask({"type": "roleplay.start", "as": "kissinger", "document": None})
    lock = sqlite3.connect(served.database, isolation_level=None, timeout=10)
    lock.execute("BEGIN IMMEDIATE")  # held, as a backup or a second server would
    try:
        writer.send({"type": "say", "text": "Anatol, about the conference.", "seq": "w"})
        for n in range(5):
            assert other.ask({"type": "ping", "seq": n}) == {"type": "pong", "seq": n}
            time.sleep(0.2)
        # Every ping was answered while the writer still waited on the lock (SQLite's 5 s
        # busy timeout): with the store inline, the first pong came only after the busy error.
        # Asked by order, not by a time, which a loaded machine could miss.
        with pytest.raises(TimeoutError):
            writer.ws.recv(timeout=0)
        busy = writer.receive()
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert (busy["code"], busy["seq"], busy["retry_after"]) == ("database_busy", "w", 2)
    again = writer.ask({"type": "say", "text": "Anatol, about the conference.", "seq": "w2"})
    assert again["type"] == "reply"
    writer.close()
    other.close()
