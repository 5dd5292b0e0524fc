"""The session's real `backchannel serve`: one process on a free port over the fixture index,
shared by the browser tests and the hostile-client tests (tests/server/test_hostile_serve.py),
which each started one of their own (~12 s of a start, the model loaded again). Each test keeps
to classes of its own on it, so none sees another's students.

It runs the installed ``backchannel`` command, as its people do, and so does the session's first
instructor; the other commands the tests run while it serves (``_cli``) run ``server.cli.main``
in the test process.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CLASS_CODE = "HIST210"
Ran = subprocess.CompletedProcess[str]  # a command's exit status and output


@dataclass
class LiveServer:
    url: str
    data: Path
    env: dict[str, str]
    token: str
    pid: int
    class_code: str = CLASS_CODE
    log: Path = field(default=Path())

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://", 1) + "/ws"

    @property
    def database(self) -> Path:
        """The server's SQLite database (the data folder's default)."""
        return self.data / "backchannel.sqlite3"

    def get_json(self, path: str) -> object:
        with urllib.request.urlopen(self.url + path, timeout=10) as resp:
            return json.loads(resp.read().decode("utf-8"))


def free_port() -> int:
    """A port free on loopback now, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _command() -> list[str]:
    """The installed ``backchannel`` script of this Python (or the same entry point through it).

    Beside the interpreter, not the first on PATH: there, pyenv's shim of the same script is a
    shell script that looks the interpreter up again, 0.16 s more per command (0.80 s against
    0.64 s for `instructor add`, load 5)."""
    script = Path(sys.executable).parent / "backchannel"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from server.cli import main; sys.exit(main())"]


def _installed(*args: str, env: dict[str, str]) -> Ran:
    """`backchannel ARGS` as a process of its own: the installed script."""
    return subprocess.run(
        [*_command(), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _cli(*args: str, env: dict[str, str]) -> Ran:
    """`backchannel ARGS`: ``server.cli.main``, the code the installed script runs, in this
    process, on ``env`` (its BACKCHANNEL_* settings), its exit status and output captured.

    Not a process of each: that paid Python's start and the CLI's imports, 0.6-1.4 s a
    command by load, and the browser tests run ~40 (instructors, shares, scenarios); what they
    test is the pages. The command as a process is tests/server/test_cli_*.py's, and the
    session's first instructor is added by the installed script (``serve_for_session``)."""
    from server.cli import main

    saved = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    try:
        os.environ.update(env)
        for name in set(saved) - set(env):
            del os.environ[name]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse refusing the arguments
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def _token_from(output: str) -> str:
    """The bearer token is the last whitespace-free word of the command's output."""
    words = output.split()
    if not words:
        raise AssertionError("`backchannel instructor add` printed nothing; expected a token.")
    return words[-1]


def add_instructor(
    name: str, code: str, data: Path, env: dict[str, str], *, run: Callable[..., Ran] = _cli
) -> str:
    """`backchannel instructor add NAME --class CODE`: the new instructor's bearer token."""
    added = run("instructor", "add", name, "--class", code, "--data", str(data), env=env)
    assert added.returncode == 0, added.stderr
    return _token_from(added.stdout)


def serve_for_session(data: Path, index: Path) -> Iterator[LiveServer]:
    """`backchannel serve` on a free port over ``index``, its database in ``data``, with
    Prof. Ruiz teaching HIST210 (added from the command line): until the generator is closed."""
    env = {**os.environ, "BACKCHANNEL_DATA": str(data), "BACKCHANNEL_INDEX": str(index)}
    token = add_instructor("Prof. Ruiz", CLASS_CODE, data, env, run=_installed)

    port = free_port()
    log = data / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                *_command(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--data",
                str(data),
                "--index",
                str(index),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # minutes when the machine is busy
    while True:
        if proc.poll() is not None:
            raise AssertionError(
                f"backchannel serve exited with {proc.returncode}:\n{log.read_text()}"
            )
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(
                f"backchannel serve did not answer /healthz in 600 s:\n{log.read_text()}"
            )
        time.sleep(0.25)
    try:
        yield LiveServer(url=url, data=data, env=env, token=token, pid=proc.pid, log=log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
