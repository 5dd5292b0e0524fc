"""A class at a student's pace, with and without one client flooding the server from 100 sockets.

Honest students each come from their own loopback address (127.0.0.2, 127.0.0.3, ...: Linux
answers on all of 127.0.0.0/8), start a free role-play and say a line every 2–5 s, waiting for
each reply. The flooder comes from one address (127.0.1.1) with 100 connections, each sending
lines as fast as its socket takes them. The same class runs twice against one server: alone
(the baseline) and beside the flooder. Printed: the honest students' reply latency (p50, p99)
in both runs and the ratio, their errors, and whether every line the server acknowledged is
in the database.

    python benchmarks/bench_flood.py                         # 200 students, 60 s a run
    python benchmarks/bench_flood.py --students 50 --seconds 30 --index /path/to/index

Target (issue 10): honest p99 with the flooder ≤ 3× without it; 0 errors; 0 lines lost.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_server import percentile, student_lines  # noqa: E402

MAIN = "import sys; from server.cli import main; sys.exit(main())"
FLOOD_ADDRESS = "127.0.1.1"
FLOOD_CONNECTIONS = 100


def start_server(index: Path, data: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    args = ["serve", "--port", str(port), "--index", str(index), "--data", str(data)]
    process = subprocess.Popen(
        [sys.executable, "-c", MAIN, *args],
        stdout=subprocess.DEVNULL,
        stderr=(data / "serve.log").open("wb"),
    )
    deadline = time.monotonic() + 300
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return process, port
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("backchannel serve did not start") from None
            time.sleep(0.2)


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: list[tuple[str, str]] = field(default_factory=list)  # (session, line)
    flood_sent: int = 0
    flood_answers: dict[str, int] = field(default_factory=dict)


async def student(
    url: str, address: str, name: str, lines: list[str], stop: float, run: Run
) -> None:
    try:
        await _student(url, address, name, lines, stop, run)
    except (ConnectionClosed, OSError, InvalidStatus, TimeoutError) as exc:
        run.errors.append(f"connection: {type(exc).__name__}")


async def _student(
    url: str, address: str, name: str, lines: list[str], stop: float, run: Run
) -> None:
    rng = random.Random(name)
    async with connect(url, local_addr=(address, 0), max_size=2**22, open_timeout=120) as ws:
        await ws.send(json.dumps({"type": "hello", "student": name}))
        session = json.loads(await ws.recv())["session"]
        await ws.send(json.dumps({"type": "roleplay.start", "as": "kissinger", "document": None}))
        await ws.recv()
        await asyncio.sleep(rng.uniform(0, 5))  # students do not all start at once
        n = 0
        while time.monotonic() < stop:
            line = lines[n % len(lines)]
            sent = time.perf_counter()
            await ws.send(json.dumps({"type": "say", "text": line, "seq": n}))
            answer = json.loads(await ws.recv())
            if answer["type"] == "reply" and answer.get("seq") == n:
                run.latencies.append(time.perf_counter() - sent)
                run.acknowledged.append((session, line))
            else:
                run.errors.append(answer.get("code", answer["type"]))
            n += 1
            await asyncio.sleep(rng.uniform(2, 5))


async def flooder(url: str, lines: list[str], stop: float, run: Run) -> None:
    """One of the flooder's connections: lines sent as fast as the socket takes them."""
    try:
        async with connect(
            url, local_addr=(FLOOD_ADDRESS, 0), max_size=2**22, open_timeout=120
        ) as ws:
            await ws.send(json.dumps({"type": "hello", "student": "flood"}))
            await ws.recv()
            start = {"type": "roleplay.start", "as": "kissinger", "document": None}
            await ws.send(json.dumps(start))
            await ws.recv()

            async def drain() -> None:
                async for frame in ws:
                    kind = json.loads(frame)
                    code = kind.get("code", kind["type"])
                    run.flood_answers[code] = run.flood_answers.get(code, 0) + 1

            reader = asyncio.create_task(drain())
            n = 0
            while time.monotonic() < stop:
                await ws.send(json.dumps({"type": "say", "text": lines[n % len(lines)]}))
                run.flood_sent += 1
                n += 1
            reader.cancel()
    except (ConnectionClosed, OSError, InvalidStatus) as exc:  # refused at the upgrade, closed
        key = f"connection: {type(exc).__name__}"
        run.flood_answers[key] = run.flood_answers.get(key, 0) + 1


def address(i: int) -> str:
    """The i-th honest student's loopback address: 127.0.0.2, 127.0.0.3, ... 127.0.0.251, ..."""
    return f"127.0.{i // 250}.{2 + i % 250}"


async def one_run(url: str, students: int, seconds: float, flood: bool) -> Run:
    run = Run()
    lines = student_lines()
    stop = time.monotonic() + seconds
    tasks = [
        student(url, address(i), f"s{i}", lines[i:] + lines[:i], stop, run) for i in range(students)
    ]
    if flood:
        tasks += [flooder(url, lines, stop, run) for _ in range(FLOOD_CONNECTIONS)]
    await asyncio.gather(*tasks)
    return run


def lost_lines(database: Path, run: Run) -> int:
    """Acknowledged lines that the database does not hold."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    stored: dict[str, list[str]] = {}
    for session, data in db.execute("SELECT session_id, data FROM events WHERE kind = 'line'"):
        stored.setdefault(session, []).append(json.loads(data)["text"])
    db.close()
    missing = 0
    for session, line in run.acknowledged:
        if line in stored.get(session, []):
            stored[session].remove(line)
        else:
            missing += 1
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0, help="Length of each run.")
    parser.add_argument("--index", type=Path, help="Index directory (default: DATA/index).")
    args = parser.parse_args()

    from server.services import open_index
    from server.settings import Settings

    settings = Settings(**({"index": args.index} if args.index else {}))
    open_index(settings, progress=True)  # built once, before any server starts
    with tempfile.TemporaryDirectory(prefix="bench-flood-") as data:
        server, port = start_server(settings.index_dir, Path(data))
        url = f"ws://127.0.0.1:{port}/ws"
        try:
            asyncio.run(one_run(url, 10, 5, flood=False))  # warm-up
            runs = {
                "alone": asyncio.run(one_run(url, args.students, args.seconds, flood=False)),
                "with flooder": asyncio.run(one_run(url, args.students, args.seconds, flood=True)),
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
        database = Path(data) / "backchannel.sqlite3"
        lost = {name: lost_lines(database, run) for name, run in runs.items()}

    print(
        f"{args.students} students (one address each, a line every 2-5 s) for "
        f"{args.seconds:g} s; flooder: {FLOOD_CONNECTIONS} connections from {FLOOD_ADDRESS}"
    )
    header = f"{'run':<14} {'lines':>6} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'lost':>5}"
    print(header)
    print("-" * len(header))
    for name, run in runs.items():
        print(
            f"{name:<14} {len(run.latencies):>6} {percentile(run.latencies, 50) * 1e3:>8.1f} "
            f"{percentile(run.latencies, 99) * 1e3:>8.1f} {len(run.errors):>6} {lost[name]:>5}"
        )
    alone, flooded = runs["alone"], runs["with flooder"]
    ratio = percentile(flooded.latencies, 99) / percentile(alone.latencies, 99)
    print(f"honest p99 with flooder / alone: {ratio:.2f} (target <= 3)")
    print(f"flooder: {flooded.flood_sent} frames sent; answers {flooded.flood_answers}")
    if alone.errors or flooded.errors:
        print(f"honest errors: {sorted(set(alone.errors + flooded.errors))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
