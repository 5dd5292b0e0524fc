"""What the instructor page's reads cost in a large class, and what its live refresh costs the
students.

One `backchannel serve`; N students of one class each say M lines (the lesson so far). Printed:
the time and size of each read the page makes (the sessions table, the class list, the struggle
view, the live history, the longest transcript, the exports), then the students' reply latency
and the server's CPU time while they say K lines more each, twice in the same run: with an
instructor page refreshing as it did on every second a class was busy (the sessions, the class
list and the struggle view), and as it does now while the struggle view is off screen (the
sessions and the class list).

    python benchmarks/bench_instructor_page.py --index /tmp/idx      # N = 30, M = 30, K = 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_server import percentile, start_server, student_lines
from serving import free_port
from websockets.asyncio.client import connect

from server.store import hash_token
from server.store_sqlite import SQLiteStore

TOKEN = "bci_bench-instructor-page"
CLASS = "BENCH2"


def get(port: int, path: str) -> tuple[float, int]:
    """Seconds and bytes of one authorized GET."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as resp:
        size = len(resp.read())
    return time.perf_counter() - started, size


def cpu_seconds(pid: int) -> float:
    """The process's user and system CPU time so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def student(url: str, name: str, lines: list[str], resume: dict) -> list[float]:
    latencies = []
    async with connect(url, max_size=2**24) as ws:
        hello = (
            {"type": "hello", "resume": resume[name]}
            if name in resume
            else {"type": "hello", "student": name, "class": CLASS}
        )
        await ws.send(json.dumps(hello))
        resume[name] = json.loads(await ws.recv())["resume"]
        await ws.send(json.dumps({"type": "roleplay.start", "as": "kissinger"}))
        await ws.recv()
        for line in lines:
            sent = time.perf_counter()
            await ws.send(json.dumps({"type": "say", "text": line}))
            await ws.recv()
            latencies.append(time.perf_counter() - sent)
    return latencies


async def page(port: int, reads: list[str], stop: asyncio.Event, timed: list[float]) -> None:
    """An instructor page's refresh on every second of a busy class."""
    while not stop.is_set():
        for path in reads:
            seconds, _ = await asyncio.to_thread(get, port, path)
            if path.endswith("/struggles"):
                timed.append(seconds)
        await asyncio.sleep(1.0)


async def lesson(port: int, batches: list[list[str]], resume: dict, reads: list[str] | None):
    stop, timed = asyncio.Event(), []
    poller = asyncio.create_task(page(port, reads, stop, timed)) if reads else None
    url = f"ws://127.0.0.1:{port}/ws"
    tasks = [student(url, f"Student {i:02d}", b, resume) for i, b in enumerate(batches)]
    latencies = [x for lat in await asyncio.gather(*tasks) for x in lat]
    stop.set()
    if poller:
        await poller
    return latencies, timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--lines", type=int, default=30, help="Lines each, the lesson so far.")
    parser.add_argument("--more", type=int, default=10, help="Lines each, while measured.")
    parser.add_argument("--index", type=Path, required=True, help="A built index directory.")
    args = parser.parse_args()
    pool = student_lines()

    def batches(count: int, offset: int) -> list[list[str]]:
        return [
            [pool[(s * 7 + offset + j) % len(pool)] for j in range(count)]
            for s in range(args.students)
        ]

    with tempfile.TemporaryDirectory(prefix="bench-instructor-") as data:
        store = SQLiteStore(Path(data) / "backchannel.sqlite3")
        store.add_instructor("Bench", hash_token(TOKEN), [CLASS])
        port = free_port()
        server = start_server(args.index, Path(data), port)
        resume: dict[str, str] = {}
        try:
            asyncio.run(lesson(port, batches(args.lines, 0), resume, None))
            longest = max(store.class_sessions(CLASS), key=lambda s: s.lines)
            events = sum(len(store.events(s.id)) for s in store.class_sessions(CLASS))
            store.close()
            reads = {
                "sessions table": f"/api/classes/{CLASS}/sessions",
                "class list": "/api/classes",
                "struggle view": f"/api/classes/{CLASS}/struggles",
                "live history": f"/api/classes/{CLASS}/live",
                "a transcript": f"/api/sessions/{longest.id}",
                "CSV export": f"/api/classes/{CLASS}/export.csv",
                "JSON export": f"/api/classes/{CLASS}/export.json",
            }
            timings = {}
            for name, path in reads.items():
                runs = [get(port, path) for _ in range(3)]
                timings[name] = (statistics.median(r[0] for r in runs), runs[-1][1])
            page_before = [reads["sessions table"], reads["class list"], reads["struggle view"]]
            page_now = page_before[:2]
            cpu = cpu_seconds(server.pid)
            before, struggles = asyncio.run(
                lesson(port, batches(args.more, 1), resume, page_before)
            )
            cpu_before = cpu_seconds(server.pid) - cpu
            cpu = cpu_seconds(server.pid)
            now, _ = asyncio.run(lesson(port, batches(args.more, 2), resume, page_now))
            cpu_now = cpu_seconds(server.pid) - cpu
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"index: {args.index}; {args.students} students of {args.lines} lines ({events} events)")
    for name, (seconds, size) in timings.items():
        print(f"{name:>15}: {seconds * 1e3:8.1f} ms {size / 1024:9.1f} KiB")
    print(f"then {args.more} lines more each, an instructor page refreshing every second:")
    header = f"{'page':>28} | {'reply p50':>9} {'p99':>8} | {'server CPU':>10}"
    print(header)
    print("-" * len(header))
    for label, lat, spent in (
        ("with the struggle view", before, cpu_before),
        ("struggle view off screen", now, cpu_now),
    ):
        print(
            f"{label:>28} | {percentile(lat, 50) * 1e3:7.1f}ms {percentile(lat, 99) * 1e3:6.0f}ms"
            f" | {spent:8.1f} s"
        )
    print(
        f"p50 ratio {percentile(now, 50) / percentile(before, 50):.2f}, p99 ratio "
        f"{percentile(now, 99) / percentile(before, 99):.2f}, CPU ratio {cpu_now / cpu_before:.2f}"
        f"; struggle view read {len(struggles)} times, mean "
        f"{statistics.mean(struggles) * 1e3 if struggles else 0:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
