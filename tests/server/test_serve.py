"""`backchannel serve` as a real process: first start builds the index; a kill loses nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from server.store import hash_token
from server.store_sqlite import SQLiteStore
from tests.served import free_port
from tests.server.conftest import SEED, TEACHER_TOKEN, Student

MAIN = "import sys; from server.cli import main; sys.exit(main())"
LINES = (
    "Anatol, about this morning: we might accept an exploratory meeting of ambassadors in Geneva.",
    "Frankly, we are in no insane hurry about the conference.",
)


class ServeProcess:
    def __init__(
        self,
        args: list[str],
        log: Path,
        *,
        env: dict[str, str] | None = None,
        wait: bool = True,
    ) -> None:
        self.port = free_port()
        self.log_path = log
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-c", MAIN, "serve", "--port", str(self.port), *args],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**(os.environ if env is None else env), "TQDM_DISABLE": "1"},
        )
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout: float = 900) -> None:
        """Until /healthz answers. A first start exports the model to ONNX and builds the
        index: seconds on a quiet machine, minutes on a busy one."""
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited: {self.log_path.read_text()}")
            try:
                self.get("/healthz")
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.process.kill()  # no server left behind by a failed test
                    raise
                time.sleep(0.2)

    def get(self, path: str, token: str | None = None) -> Any:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.log.close()


def test_serve_builds_index_and_survives_kill(
    tmp_path: Path, fixture_paths: list[Path], fixture_index_dir: Path
) -> None:
    """The first start builds the index. Its folder holds the fixture index's exported ONNX
    graph and vector cache (the chatter examples' vectors in it, put there once for the run):
    the build checks the graph's probe and reads every text's vectors as a rebuild does,
    instead of exporting the model and encoding the texts again. The export from nothing is
    the session's ``encoder``'s (the same ``index_encoder`` a first start calls, asserted to
    run on ONNX Runtime) and test_onnx.py's; here it was ~10 s of each run's first start
    (34 s of this test at load ~10 on 2 cores)."""
    data = tmp_path / "data"
    for part in ("onnx", "cache"):
        shutil.copytree(fixture_index_dir / part, data / "index" / part)
    store = SQLiteStore(data / "backchannel.sqlite3")
    store.add_instructor("Ruiz", hash_token(TEACHER_TOKEN), ["HIST210"])
    store.close()
    args = ["--data", str(data)]
    for path in fixture_paths:
        args += ["--transcripts", str(path)]
    log = tmp_path / "serve.log"

    first = ServeProcess(args, log)
    try:
        assert (data / "index" / "manifest.json").is_file()  # built on first start
        assert first.get("/healthz")["documents"] == 7
        student = Student(first.url)
        welcome = student.ask({"type": "hello", "student": "Ada", "class": "HIST210"})
        student.ask({"type": "roleplay.start", "as": "kissinger", "document": SEED})
        reply = student.ask({"type": "say", "text": LINES[0]})
    finally:
        first.kill()  # no shutdown, no goodbye: the events must already be on disk

    again = ServeProcess(args, log)
    try:
        student = Student(again.url)
        resumed = student.ask({"type": "hello", "resume": welcome["resume"]})
        assert resumed["state"]["activity"] == {
            "kind": "roleplay",
            "as": "kissinger",
            "document": SEED,
            "position": 2,
            "lines": 1,
            "scenario": None,
        }
        second = student.ask({"type": "say", "text": LINES[1]})
        assert second["script"]["position"] == 2
        student.close()
        # the disconnect is written after the close handshake, in a worker thread
        path = f"/api/sessions/{welcome['session']}"
        transcript = again.get(path, TEACHER_TOKEN)
        deadline = time.monotonic() + 30
        while transcript["events"][-1]["kind"] != "disconnect" and time.monotonic() < deadline:
            time.sleep(0.05)
            transcript = again.get(path, TEACHER_TOKEN)
    finally:
        again.kill()
    events = transcript["events"]
    assert [e["kind"] for e in events] == [
        "connect",
        "roleplay.start",
        "line",
        "reply",
        "connect",
        "line",
        "reply",
        "disconnect",
    ]
    assert [e["data"]["text"] for e in events if e["kind"] == "line"] == list(LINES)
    assert events[3]["data"]["matches"] == reply["matches"]
    assert events[3]["data"]["script"] == reply["script"]
    assert TEACHER_TOKEN not in log.read_text() and welcome["resume"] not in log.read_text()
