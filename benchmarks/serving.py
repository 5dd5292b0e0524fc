"""What every server benchmark does before it measures: find a free port, wait for `/healthz`.

Imported by the `bench_*.py` scripts, which run from this folder (`python benchmarks/...`), so
it sits on their import path.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

MAIN = "import sys; from server.cli import main; sys.exit(main())"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(process: subprocess.Popen, port: int, *, seconds: float = 180) -> None:
    """Return once the server on ``port`` answers `/healthz`; exit if it died or took too long."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("backchannel serve did not start") from None
            time.sleep(0.2)
