"""A later start: `backchannel serve` on a built index until `/healthz` answers, then its first
reply to a student's line over the WebSocket.

Every start but a fresh machine's first is this one (the first, which exports the graph and
builds the index, is bench_start.py's). Also timed, in the same run: `backchannel ask` of one
line on the same index, the start of every command that encodes.

    python benchmarks/bench_warm_start.py --index DIR [--runs 5] [--backend onnx]

Each run uses a new, empty data directory beside the index; the figures are medians over the
runs, serve and ask interleaved so that load from other work on the machine hits each alike.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from serving import MAIN, free_port
from websockets.asyncio.client import connect

ENV = {**os.environ, "TQDM_DISABLE": "1"}
LINE = "The Chinese will protest."


async def first_reply(port: int) -> str:
    """The type of the server's answer to one line of a free role-play as Kissinger."""
    async with connect(f"ws://127.0.0.1:{port}/ws", max_size=2**22) as ws:
        await ws.send(json.dumps({"type": "hello", "student": "bench"}))
        await asyncio.wait_for(ws.recv(), 60)
        await ws.send(json.dumps({"type": "roleplay.start", "as": "kissinger", "document": None}))
        await asyncio.wait_for(ws.recv(), 60)
        await ws.send(json.dumps({"type": "say", "text": LINE}))
        answer: str = json.loads(await asyncio.wait_for(ws.recv(), 60))["type"]
        return answer


def time_serve(index: Path, data: Path, backend: str, log: Path) -> tuple[float, float]:
    """Seconds from launching `serve` to `/healthz` answering, and to its first reply."""
    port = free_port()
    command = [sys.executable, "-c", MAIN, "serve", "--index", str(index), "--data", str(data)]
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port), "--backend", backend],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=ENV,
        )
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                        break
                except OSError:
                    if process.poll() is not None:
                        raise SystemExit(f"serve exited: {log.read_text()}") from None
                    time.sleep(0.05)
            up = time.perf_counter() - started
            answer = asyncio.run(first_reply(port))
            if answer not in {"reply", "refused"}:
                raise SystemExit(f"the first line got {answer!r}")
            return up, time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=30)


def time_ask(index: Path, backend: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-c", MAIN, "ask", LINE, "--index", str(index)]
    subprocess.run(
        [*command, "--backend", backend], check=True, env=ENV, capture_output=True, timeout=300
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="A built index directory.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backend", choices=("onnx", "torch"), default="onnx")
    args = parser.parse_args()
    ups: list[float] = []
    replies: list[float] = []
    asks: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-warm-") as tmp:
        for run in range(args.runs):
            data = Path(tmp) / f"data-{run}"
            up, reply = time_serve(args.index, data, args.backend, Path(tmp) / f"{run}.log")
            ups.append(up)
            replies.append(reply)
            asks.append(time_ask(args.index, args.backend))
    print(f"runs: {args.runs}; backend {args.backend}; the machine's other work was not stopped")
    print(f"{'measure':44s} {'median':>7s} {'min':>7s} {'max':>7s}  (seconds)")
    for name, values in (
        ("serve: launch -> /healthz 200", ups),
        ("serve: launch -> first reply on /ws", replies),
        ("ask one line: launch -> exit", asks),
    ):
        print(f"{name:44s} {statistics.median(values):7.2f} {min(values):7.2f} {max(values):7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
