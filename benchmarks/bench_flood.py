"""A class at a student's pace, with and without one client flooding the server from 100 sockets.

Honest students each come from their own loopback address (127.0.0.2, 127.0.0.3, ...: Linux
answers on all of 127.0.0.0/8), start a free role-play and say a line every 2–5 s, waiting for
each reply. The flooder comes from one address (127.0.1.1) with 100 connections, each sending
lines as fast as its socket takes them, from a process of its own at the lowest CPU priority
(``nice 19``): a flooder on another machine, not one that shares the students' event loop (a
send loop that never waits would starve their sockets and time the benchmark, not the
server) or takes the server's cores; it opens a new connection whenever the server closes
one. The same class runs against one server alone (the baseline) and beside the flooder, in
turn, ``--rounds`` times (the load of a shared machine drifts). Printed: the honest students'
reply latency (p50, p99) of each round and of all rounds pooled, the ratio, their errors,
and whether every line the server acknowledged is in the database.

    python benchmarks/bench_flood.py                         # 200 students, 2 x 60 s each way
    python benchmarks/bench_flood.py --students 50 --seconds 30 --index /path/to/index

Target (issue 10): honest p99 with the flooder ≤ 3× without it; 0 errors; 0 lines lost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_server import percentile, student_lines  # noqa: E402
from serving import MAIN, free_port, wait_until_up  # noqa: E402

FLOOD_ADDRESS = "127.0.1.1"
FLOOD_CONNECTIONS = 100


def start_server(index: Path, data: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    args = ["serve", "--port", str(port), "--index", str(index), "--data", str(data)]
    process = subprocess.Popen(
        [sys.executable, "-c", MAIN, *args],
        stdout=subprocess.DEVNULL,
        stderr=(data / "serve.log").open("wb"),
    )
    wait_until_up(process, port, seconds=300)
    return process, port


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
    """One of the flooder's connections: lines sent as fast as the socket takes them, and a
    new connection whenever the server closes one (its keepalive ping, answered behind
    megabytes of queued lines, times out), until the run ends."""
    while time.monotonic() < stop:
        try:
            await _flood_once(url, lines, stop, run)
        except (ConnectionClosed, OSError, InvalidStatus) as exc:  # refused or closed
            key = f"connection: {type(exc).__name__}"
            run.flood_answers[key] = run.flood_answers.get(key, 0) + 1
            await asyncio.sleep(0.1)


async def _flood_once(url: str, lines: list[str], stop: float, run: Run) -> None:
    async with connect(url, local_addr=(FLOOD_ADDRESS, 0), max_size=2**22, open_timeout=120) as ws:
        await ws.send(json.dumps({"type": "hello", "student": "flood"}))
        await ws.recv()
        await ws.send(json.dumps({"type": "roleplay.start", "as": "kissinger", "document": None}))
        await ws.recv()

        async def drain() -> None:
            with contextlib.suppress(ConnectionClosed):  # counted by the sender
                async for frame in ws:
                    kind = json.loads(frame)
                    code = kind.get("code", kind["type"])
                    run.flood_answers[code] = run.flood_answers.get(code, 0) + 1

        reader = asyncio.create_task(drain())
        n = 0
        try:
            while time.monotonic() < stop:
                await ws.send(json.dumps({"type": "say", "text": lines[n % len(lines)]}))
                run.flood_sent += 1
                n += 1
                # let the reader and the keepalive pings run: a send into a socket with room
                # returns without waiting
                await asyncio.sleep(0)
        finally:
            reader.cancel()


def address(i: int) -> str:
    """The i-th honest student's loopback address: 127.0.0.2, 127.0.0.3, ... 127.0.0.251, ..."""
    return f"127.0.{i // 250}.{2 + i % 250}"


async def flood(url: str, stop: float) -> Run:
    run = Run()
    lines = student_lines()
    await asyncio.gather(*(flooder(url, lines, stop, run) for _ in range(FLOOD_CONNECTIONS)))
    return run


def flood_process(url: str, stop: float, out: multiprocessing.Queue) -> None:
    """The flooding client, in its own process (``time.monotonic`` is the machine's clock)."""
    os.nice(19)
    run = asyncio.run(flood(url, stop))
    out.put((run.flood_sent, run.flood_answers))


async def class_run(url: str, students: int, stop: float) -> Run:
    run = Run()
    lines = student_lines()
    await asyncio.gather(
        *(
            student(url, address(i), f"s{i}", lines[i:] + lines[:i], stop, run)
            for i in range(students)
        )
    )
    return run


def one_run(url: str, students: int, seconds: float, flooded: bool) -> Run:
    stop = time.monotonic() + seconds
    if not flooded:
        return asyncio.run(class_run(url, students, stop))
    out: multiprocessing.Queue = multiprocessing.Queue()
    flooder_process = multiprocessing.Process(target=flood_process, args=(url, stop, out))
    flooder_process.start()
    run = asyncio.run(class_run(url, students, stop))
    run.flood_sent, run.flood_answers = out.get(timeout=600)
    flooder_process.join(timeout=60)
    return run


def merged(runs: list[Run]) -> Run:
    out = Run()
    for run in runs:
        out.latencies += run.latencies
        out.errors += run.errors
        out.acknowledged += run.acknowledged
        out.flood_sent += run.flood_sent
        for code, count in run.flood_answers.items():
            out.flood_answers[code] = out.flood_answers.get(code, 0) + count
    return out


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
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="Alone / with flooder pairs, taken in turn (a shared machine's load drifts).",
    )
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
            one_run(url, 10, 5, flooded=False)  # warm-up
            rounds = [
                {
                    "alone": one_run(url, args.students, args.seconds, flooded=False),
                    "with flooder": one_run(url, args.students, args.seconds, flooded=True),
                }
                for _ in range(args.rounds)
            ]
            runs = {name: merged([r[name] for r in rounds]) for name in rounds[0]}
        finally:
            server.terminate()
            server.wait(timeout=30)
        database = Path(data) / "backchannel.sqlite3"
        lost = {name: lost_lines(database, run) for name, run in runs.items()}

    print(
        f"{args.students} students (one address each, a line every 2-5 s), {args.rounds} "
        f"round(s) of {args.seconds:g} s alone then {args.seconds:g} s beside a flooder "
        f"({FLOOD_CONNECTIONS} connections from {FLOOD_ADDRESS})"
    )
    for n, pair in enumerate(rounds, 1):
        p99 = {name: percentile(run.latencies, 99) for name, run in pair.items()}
        print(
            f"round {n}: p99 alone {p99['alone'] * 1e3:.0f} ms, with flooder "
            f"{p99['with flooder'] * 1e3:.0f} ms ({p99['with flooder'] / p99['alone']:.2f})"
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
