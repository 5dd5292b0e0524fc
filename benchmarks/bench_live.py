"""The live class feed: how soon an instructor sees a student's exchange, and what following a
class costs the students.

Two `backchannel serve` processes share one PostgreSQL database, as a school's several
processes would (one SQLite file is served by one process only). PostgreSQL runs with its
durable defaults, from Debian's binaries in a temporary directory, as `bench_scale.py` starts
it. N students play on the first process, saying 20 lines each. The run is made twice: without
anyone following the class (the baseline), then with two instructors following it on
`/ws/live`, one connected to each process. Printed: the students' reply latency in both runs
(and the ratio), and the feed delay, from the moment a student has the reply to the moment an
instructor has the exchange, on the same process and on the other one. This is where "how soon
an instructor sees a line" is measured: the tests only check that it arrives.

    python benchmarks/bench_live.py --index /tmp/idx           # N = 1, 10
    python benchmarks/bench_live.py --index /tmp/idx --clients 1,10,30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_scale import servers_running
from bench_server import lines_for, percentile, student_lines
from websockets.asyncio.client import connect

from server.store import hash_token
from server.store_postgres import PostgresStore
from tests.pgcluster import PostgresCluster

TOKEN = "bci_bench-live-token"
CLASS = "BENCH1"


def ticket(port: int) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/live/ticket",
        method="POST",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        return json.loads(resp.read())["ticket"]


async def student(
    url: str, name: str, lines: list[str], start: asyncio.Event, replied: dict
) -> list[float]:
    latencies = []
    async with connect(url, max_size=2**22) as ws:
        await ws.send(json.dumps({"type": "hello", "student": name, "class": CLASS}))
        await ws.recv()
        await ws.send(json.dumps({"type": "roleplay.start", "as": "kissinger"}))
        await ws.recv()
        await start.wait()
        for n, line in enumerate(lines):
            sent = time.perf_counter()
            await ws.send(json.dumps({"type": "say", "text": line}))
            await ws.recv()
            now = time.perf_counter()
            latencies.append(now - sent)
            replied[(name, n)] = now
    return latencies


async def follow(port: int, seen: dict, stop: asyncio.Event) -> None:
    counts: dict[str, int] = {}
    async with connect(f"ws://127.0.0.1:{port}/ws/live?ticket={ticket(port)}") as ws:
        await ws.recv()  # live.ready
        while not stop.is_set():
            try:
                message = json.loads(await asyncio.wait_for(ws.recv(), 0.2))
            except TimeoutError:
                continue
            if message.get("kind") == "reply":
                name = message["student"]
                seen[(name, counts.get(name, 0))] = time.perf_counter()
                counts[name] = counts.get(name, 0) + 1


async def run(ports: tuple[int, int], batches: list[list[str]], following: bool, tag: str):
    start, stop = asyncio.Event(), asyncio.Event()
    replied: dict = {}
    seen = ({}, {})
    followers = (
        [asyncio.create_task(follow(p, s, stop)) for p, s in zip(ports, seen, strict=True)]
        if following
        else []
    )
    await asyncio.sleep(1.0)
    url = f"ws://127.0.0.1:{ports[0]}/ws"
    tasks = [
        asyncio.create_task(student(url, f"{tag}{i}", lines, start, replied))
        for i, lines in enumerate(batches)
    ]
    await asyncio.sleep(0.5 + 0.02 * len(batches))
    start.set()
    latencies = [x for lat in await asyncio.gather(*tasks) for x in lat]
    await asyncio.sleep(2.0)  # let the feed catch up
    stop.set()
    await asyncio.gather(*followers)
    delays = [[s[k] - replied[k] for k in replied if k in s] for s in seen]
    missing = [len(replied) - len(d) for d in delays] if following else [0, 0]
    return latencies, delays, missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="1,10", help="Comma-separated N values.")
    parser.add_argument("--lines", type=int, default=20, help="Lines per student.")
    parser.add_argument("--index", type=Path, required=True, help="A built index directory.")
    args = parser.parse_args()
    lines = student_lines()
    counts = [int(n) for n in args.clients.split(",")]
    cluster = PostgresCluster(durable=True)
    try:
        database = cluster.database("bench_live")
        store = PostgresStore(database)
        store.add_instructor("Bench", hash_token(TOKEN), [CLASS])
        store.close()
        with (
            tempfile.TemporaryDirectory(prefix="bench-live-") as data,
            servers_running(2, args.index, Path(data), database) as servers,
        ):
            ports = (servers[0][1], servers[1][1])
            asyncio.run(run(ports, [lines[:10]], True, "warm"))
            results = {}
            for n in counts:
                batches = lines_for(n, args.lines, lines)
                base = asyncio.run(run(ports, batches, False, f"base{n}-"))
                followed = asyncio.run(run(ports, batches, True, f"live{n}-"))
                results[n] = (base, followed)
    finally:
        cluster.stop()
    print(
        f"index: {args.index}; {args.lines} lines/student; two serve processes, one PostgreSQL "
        "database"
    )
    header = (
        f"{'N':>4} | {'reply p50':>9} {'p99':>7} | {'followed p50':>12} {'p99':>7} | "
        f"{'p50 ratio':>9} {'p99 ratio':>9} | {'feed same p50':>13} {'p99':>7} | "
        f"{'feed other p50':>14} {'p99':>7} | {'missed':>6}"
    )
    print(header)
    print("-" * len(header))
    for n in counts:
        (base, _, _), (lat, (same, other), missing) = results[n]
        b50, b99 = percentile(base, 50), percentile(base, 99)
        f50, f99 = percentile(lat, 50), percentile(lat, 99)
        print(
            f"{n:>4} | {b50 * 1e3:>7.1f}ms {b99 * 1e3:>5.0f}ms | {f50 * 1e3:>10.1f}ms "
            f"{f99 * 1e3:>5.0f}ms | {f50 / b50:>9.2f} {f99 / b99:>9.2f} | "
            f"{percentile(same, 50) * 1e3:>11.0f}ms {percentile(same, 99) * 1e3:>5.0f}ms | "
            f"{percentile(other, 50) * 1e3:>12.0f}ms {percentile(other, 99) * 1e3:>5.0f}ms | "
            f"{sum(missing):>6}"
        )
    print(
        "reply: a student's reply latency with nobody following (baseline, same run); followed: "
        "with two instructors following; feed: from the student having the reply to the "
        "instructor having the exchange, on the process the student uses and on the other one."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
