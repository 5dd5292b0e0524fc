"""Two real `backchannel serve` processes on one PostgreSQL database, as a school runs them.

Both start at once on a fresh database and a data directory with no index: the schema is
migrated once, and the index built once, by one of them while the other waits on its lock. A
session started on one resumes on the other, the first socket is told ``session_moved`` and
closed with 4000, a kill -9 of the second loses no line it acknowledged, and the instructor API
of the first shows what was said on the second. In front of them, a real nginx with the
configuration of docs/deploy.md carries the WebSocket.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from embeddings import Index
from tests.served import free_port
from tests.server.conftest import SEED, Student
from tests.server.test_review import LINE, answered_by, other_turn
from tests.server.test_serve import LINES, MAIN, ServeProcess

NGINX_CONF = Path(__file__).resolve().parents[2] / "docs" / "nginx-backchannel.conf"


@dataclass
class Pair:
    one: ServeProcess
    two: ServeProcess
    token: str
    logs: Path


def waiting_on(lock: Path, *processes: ServeProcess, timeout: float = 600) -> None:
    """Until each process is blocked on ``lock`` (an flock waiter in /proc/locks): starting
    takes seconds on a quiet machine, minutes on a busy one."""
    inode = f":{lock.stat().st_ino} "
    deadline = time.monotonic() + timeout
    while True:
        waiting = {
            int(line.split()[5])  # "N: -> FLOCK  ADVISORY  WRITE PID MAJ:MIN:INODE 0 EOF"
            for line in Path("/proc/locks").read_text().splitlines()
            if " -> FLOCK " in line and inode in line
        }
        if waiting >= {p.process.pid for p in processes}:
            return
        for process in processes:
            if process.process.poll() is not None:
                raise RuntimeError(f"serve exited: {process.log_path.read_text()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"not both waiting on {lock} after {timeout} s: {waiting}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def pair(
    tmp_path_factory, fixture_paths: list[Path], fixture_index_dir: Path, postgres
) -> Iterator[Pair]:
    """Two processes started at the same moment on a new database and a data dir with no index.

    The index folder holds the fixture index's ONNX graph and vector cache (the chatter
    examples' vectors in it, put there once for the run): the build runs as one from nothing but
    exports no graph and encodes no text (~9 s and ~7 s of a first start on 2 cores; the
    export from nothing is the session ``encoder``'s). So that the build is sure to overlap the
    other's start however short it is, the test holds the build lock, as a process building
    would, until both wait on it."""
    tmp = tmp_path_factory.mktemp("pair")
    env = {**os.environ, "BACKCHANNEL_DATABASE": postgres.database()}
    args = ["--data", str(tmp / "data")]
    for path in fixture_paths:
        args += ["--transcripts", str(path)]
    index = tmp / "data" / "index"
    for part in ("onnx", "cache"):
        shutil.copytree(fixture_index_dir / part, index / part)
    lock = index / ".build.lock"
    with ExitStack() as stack:
        held = stack.enter_context(lock.open("a"))
        fcntl.flock(held, fcntl.LOCK_EX)
        one = ServeProcess(args, tmp / "one.log", env=env, wait=False)
        stack.callback(one.kill)
        two = ServeProcess(args, tmp / "two.log", env=env, wait=False)
        stack.callback(two.kill)
        waiting_on(lock, one, two)
        held.close()  # one of them builds the index; the other waits for it, then loads it
        one.wait_ready(timeout=600)
        two.wait_ready(timeout=600)
        added = subprocess.run(
            [sys.executable, "-c", MAIN, "instructor", "add", "Ruiz", "--class", "HIST210"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        yield Pair(one, two, added.stdout.strip(), tmp)


def test_first_starts_at_once_build_the_index_once(pair: Pair) -> None:
    logs = (pair.logs / "one.log").read_text() + (pair.logs / "two.log").read_text()
    assert logs.count("building it (once)") == 1
    assert logs.count("was built by another process meanwhile") == 1  # the other waited for it
    assert pair.one.get("/healthz")["documents"] == pair.two.get("/healthz")["documents"] == 7


def test_instructor_added_by_the_cli_is_in_postgresql(pair: Pair) -> None:
    assert pair.token.startswith("bci_")
    for process in (pair.one, pair.two):
        assert process.get("/api/me", pair.token) == {"name": "Ruiz", "classes": ["HIST210"]}


@pytest.fixture
def nginx(pair: Pair, tmp_path: Path) -> Iterator[str]:
    """nginx on loopback with the documented config; yields its https origin."""
    port = free_port()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(tmp_path / "key.pem"),
         "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = NGINX_CONF.read_text()
    for old, new in (
        ("app1.school.internal:8000", f"127.0.0.1:{pair.one.port}"),
        ("app2.school.internal:8000", f"127.0.0.1:{pair.two.port}"),
        ("listen 80;", f"listen 127.0.0.1:{free_port()};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;"),
        ("/etc/ssl/backchannel/fullchain.pem", str(tmp_path / "cert.pem")),
        ("/etc/ssl/backchannel/privkey.pem", str(tmp_path / "key.pem")),
    ):
        assert old in site, f"{NGINX_CONF} no longer holds {old!r}"
        site = site.replace(old, new)
    temp = "\n".join(
        f"    {kind}_temp_path {tmp_path / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {tmp_path / 'nginx.pid'};\nevents {{}}\n"
        f"http {{\n    access_log {tmp_path / 'access.log'};\n{temp}\n{site}\n}}\n"
    )
    process = subprocess.Popen(
        ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
         "-e", str(tmp_path / "error.log"), "-g", "daemon off;"],
    )  # fmt: skip
    origin = f"https://127.0.0.1:{port}"
    context = ssl._create_unverified_context()
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{origin}/healthz", context=context, timeout=5)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp_path / "error.log").read_text()) from None
            time.sleep(0.1)
    yield origin
    process.terminate()
    process.wait(timeout=10)


def test_nginx_carries_the_websocket_and_a_takeover(pair: Pair, nginx: str) -> None:
    context = ssl._create_unverified_context()
    url = nginx.replace("https://", "wss://") + "/ws"
    # a browser's Origin: the page's own, as the proxy serves it
    first = Student(url, ssl_context=context, Origin=nginx)
    welcome = first.ask({"type": "hello", "student": "Bo", "class": "HIST210"})
    first.ask({"type": "roleplay.start", "as": "kissinger", "document": SEED})
    said = first.ask({"type": "say", "text": LINES[0]})
    assert said["type"] == "reply" and said["script"]["position"] == 0
    second = Student(url, ssl_context=context, Origin=nginx)
    resumed = second.ask({"type": "hello", "resume": welcome["resume"]})
    assert (resumed["resumed"], resumed["state"]["activity"]["lines"]) == (True, 1)
    assert first.receive()["code"] == "session_moved"
    with pytest.raises(ConnectionClosed) as closed:
        first.ws.recv(timeout=30)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4000  # through nginx
    second.close()
    first.close()


def test_nginx_carries_the_instructors_live_class_from_both_processes(
    pair: Pair, nginx: str
) -> None:
    """The instructor page follows its class on /ws/live, through the proxy as the page is.
    The documented configuration passed the WebSocket upgrade on for /ws alone: /ws/live
    reached the app as a plain GET and was answered 404, and the teacher saw no line live."""
    context = ssl._create_unverified_context()
    request = urllib.request.Request(
        f"{nginx}/api/live/ticket",
        data=b"{}",
        headers={"Authorization": f"Bearer {pair.token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, context=context, timeout=30) as response:
        ticket = json.loads(response.read())["ticket"]
    url = nginx.replace("https://", "wss://") + f"/ws/live?ticket={ticket}"
    with connect(url, ssl=context, origin=nginx, open_timeout=30) as feed:
        assert json.loads(feed.recv(timeout=30))["type"] == "live.ready"
        for process, name in ((pair.one, "Fen"), (pair.two, "Gus")):
            student = Student(process.url)
            student.ask({"type": "hello", "student": name, "class": "HIST210"})
            student.ask({"type": "roleplay.start", "as": "kissinger", "document": SEED})
            student.ask({"type": "say", "text": LINES[0]})
            student.close()
        lines: list[str] = []
        while len(lines) < 2:
            message = json.loads(feed.recv(timeout=30))
            if message["kind"] == "line" and message["student"] in ("Fen", "Gus"):
                lines.append(f"{message['student']}: {message['line']}")
    assert sorted(lines) == [f"Fen: {LINES[0]}", f"Gus: {LINES[0]}"]


def _post(
    process: ServeProcess, path: str, token: str, body: dict[str, Any], method: str = "POST"
) -> Any:
    request = urllib.request.Request(
        f"http://127.0.0.1:{process.port}{path}",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_corrections_and_the_live_feed_reach_every_process(pair: Pair) -> None:
    """An instructor on the first process corrects a match and follows the class live; a
    student on the second gets the correction, and the feed brings their line and reply."""
    document, turn = other_turn(Index.load(pair.logs / "data" / "index"))
    correction = _post(
        pair.one,
        "/api/classes/HIST210/corrections",
        pair.token,
        {"line": LINE, "document": document, "turn": turn},
    )
    ticket = _post(pair.one, "/api/live/ticket", pair.token, {})["ticket"]
    with connect(f"ws://127.0.0.1:{pair.one.port}/ws/live?ticket={ticket}") as feed:
        assert json.loads(feed.recv(timeout=30))["type"] == "live.ready"
        student = Student(pair.two.url)
        student.ask({"type": "hello", "student": "Cy", "class": "HIST210"})
        student.ask({"type": "roleplay.start", "as": "kissinger"})
        reply = student.ask({"type": "say", "text": LINE})
        student.close()
        assert answered_by(reply) == (document, turn, "instructor")
        seen: list[dict[str, Any]] = []
        while "reply" not in [m["kind"] for m in seen]:
            message = json.loads(feed.recv(timeout=30))
            if message.get("student") == "Cy":  # not a late disconnect of an earlier test's
                seen.append(message)
    assert [m["kind"] for m in seen] == ["connect", "roleplay.start", "line", "reply"]
    assert seen[2]["line"] == LINE
    assert correction["document"] == document


def test_strict_answers_set_on_one_process_reach_a_page_open_on_the_other(pair: Pair) -> None:
    """The instructor ticks strict answers on the first process; a student's session open on
    the second is told at once (``class.strict``, over the bus's LISTEN/NOTIFY), on and off."""
    student = Student(pair.two.url)
    assert student.ask({"type": "hello", "student": "Dee", "class": "HIST210"})["strict"] is False
    try:
        for strict in (True, False):
            put = _post(
                pair.one, "/api/classes/HIST210/strict", pair.token, {"strict": strict}, "PUT"
            )
            assert put["strict"] is strict
            told = student.receive()
            assert told == {"type": "class.strict", "class": "HIST210", "strict": strict}
    finally:
        student.close()
        _post(pair.one, "/api/classes/HIST210/strict", pair.token, {"strict": False}, "PUT")


def test_session_moves_between_processes_and_survives_kill(pair: Pair) -> None:
    """Last in this module: it kills the second process."""
    first = Student(pair.one.url)
    welcome = first.ask({"type": "hello", "student": "Ada", "class": "HIST210"})
    first.ask({"type": "roleplay.start", "as": "kissinger", "document": SEED})
    first_reply = first.ask({"type": "say", "text": LINES[0]})

    second = Student(pair.two.url)
    resumed = second.ask({"type": "hello", "resume": welcome["resume"]})
    assert (resumed["session"], resumed["resumed"]) == (welcome["session"], True)
    assert resumed["state"]["activity"]["lines"] == 1
    moved = first.receive()
    assert (moved["type"], moved["code"]) == ("error", "session_moved")
    with pytest.raises(ConnectionClosed) as closed:
        first.ws.recv(timeout=30)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4000
    second_reply = second.ask({"type": "say", "text": LINES[1]})
    assert second_reply["script"]["position"] == 2
    pair.two.kill()  # no goodbye: what it acknowledged must already be in PostgreSQL

    transcript = pair.one.get(f"/api/sessions/{welcome['session']}", pair.token)
    events = transcript["events"]
    assert [e["data"]["text"] for e in events if e["kind"] == "line"] == list(LINES)
    replies = [e["data"] for e in events if e["kind"] == "reply"]
    assert [r["matches"] for r in replies] == [first_reply["matches"], second_reply["matches"]]
    # the first process recorded the socket it lost, and did not end the session
    assert [e["kind"] for e in events if e["kind"] != "disconnect"] == [
        "connect", "roleplay.start", "line", "reply", "connect", "line", "reply",
    ]  # fmt: skip
    assert transcript["ended"] is None

    back = Student(pair.one.url)  # and the session comes back to the first process
    again = back.ask({"type": "hello", "resume": welcome["resume"]})
    assert again["state"]["activity"]["lines"] == 2
    back.close()
