"""Peak memory of the server under a compression bomb, against uvicorn's defaults in the same run.

permessage-deflate lets ~16 KB on the wire inflate to a 16 MiB message (uvicorn's default
limit) before the protocol's 16 KiB frame check can run. The attack: C connections, each
sending F messages of 16 MiB of one repeated letter, compressed. The same server code runs
twice, once with uvicorn's default WebSocket settings (the baseline) and once with
Backchannel's (``server.guard.uvicorn_options``); the figure is the server process's peak
resident memory (``VmHWM``) before and after the attack.

    python benchmarks/bench_bomb.py                       # 60 connections x 2 messages
    python benchmarks/bench_bomb.py --connections 20 --index /path/to/index
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import free_port, wait_until_up
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

SERVE = """
import json, sys, uvicorn
from server.app import create_app
from server.services import Services
from server.settings import Settings
index, data, port, options = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
services = Services.open(Settings(index=index, data=data))
uvicorn.run(create_app(services), host="127.0.0.1", port=port, log_level="error", **options)
"""
BOMB_BYTES = 2**24 - 1024  # just under uvicorn's default 16 MiB message limit


def peak_rss_mb(pid: int) -> float:
    """The process's high-water resident set (Linux ``/proc``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc (Linux only)")


def start(index: Path, data: Path, options: dict) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(index), str(data), str(port), json.dumps(options)],
        stdout=subprocess.DEVNULL,
    )
    wait_until_up(process, port)
    return process, port


async def bomber(url: str, frames: int, bomb: str) -> str:
    """Send ``frames`` bombs on one connection; how the server took them."""
    try:
        async with connect(url, compression="deflate", max_size=2**22, open_timeout=120) as ws:
            for _ in range(frames):
                await ws.send(bomb)
            answers = [json.loads(await ws.recv()) for _ in range(frames)]
            return ",".join(sorted({a.get("code", a["type"]) for a in answers}))
    except ConnectionClosed as exc:
        return f"closed {exc.rcvd.code if exc.rcvd else 'abnormally'}"
    except TimeoutError:  # this process, compressing every bomb, fell behind
        return "client timed out"


async def attack(url: str, connections: int, frames: int) -> dict[str, int]:
    bomb = json.dumps({"type": "say", "text": "a" * (BOMB_BYTES - 40)})
    outcomes = await asyncio.gather(*(bomber(url, frames, bomb) for _ in range(connections)))
    return {o: outcomes.count(o) for o in sorted(set(outcomes))}


async def still_answers(url: str) -> bool:
    async with connect(url) as ws:
        await ws.send(json.dumps({"type": "ping", "seq": 1}))
        return json.loads(await ws.recv()) == {"type": "pong", "seq": 1}


def measure(index: Path, options: dict, connections: int, frames: int) -> tuple:
    with tempfile.TemporaryDirectory(prefix="bench-bomb-") as data:
        process, port = start(index, Path(data), options)
        url = f"ws://127.0.0.1:{port}/ws"
        try:
            asyncio.run(still_answers(url))
            before = peak_rss_mb(process.pid)
            began = time.perf_counter()
            outcomes = asyncio.run(attack(url, connections, frames))
            seconds = time.perf_counter() - began
            alive = asyncio.run(still_answers(url))
            after = peak_rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=20)
    return before, after, outcomes, alive, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=60)
    parser.add_argument("--frames", type=int, default=2, help="Bombs per connection.")
    parser.add_argument("--index", type=Path, help="Index directory (default: DATA/index).")
    args = parser.parse_args()

    from server.guard import uvicorn_options
    from server.services import open_index
    from server.settings import Settings

    settings = Settings(**({"index": args.index} if args.index else {}))
    open_index(settings, progress=True)  # built once, before any server starts
    runs = {"uvicorn defaults": {}, "Backchannel": uvicorn_options()}
    print(
        f"{args.connections} connections x {args.frames} messages of {BOMB_BYTES / 2**20:.1f} "
        "MiB (compressed on the wire)"
    )
    header = f"{'settings':<18} {'peak RSS before':>16} {'after':>9} {'growth':>9}  outcome"
    print(header)
    print("-" * len(header))
    growth = {}
    for name, options in runs.items():
        before, after, outcomes, alive, seconds = measure(
            settings.index_dir, options, args.connections, args.frames
        )
        growth[name] = after - before
        summary = ", ".join(f"{k}: {v}" for k, v in outcomes.items())
        print(
            f"{name:<18} {before:>13.0f} MB {after:>6.0f} MB {after - before:>6.0f} MB  "
            f"{summary}; {seconds:.1f} s; server {'answers' if alive else 'DOWN'} after"
        )
    ratio = growth["Backchannel"] / max(growth["uvicorn defaults"], 1)
    print(f"growth ratio Backchannel / defaults: {ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
