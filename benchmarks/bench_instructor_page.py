"""What the instructor page's reads cost in a large class, and what its live refresh costs the
students.

One `backchannel serve`; N students of one class each say M lines (the lesson so far). Printed:
the time and size of each read the page makes (the sessions table, the class list, the struggle
view read whole and as a live refresh reads it, the live history, the longest transcript read
whole and read on after its last exchange, the exports: as JSON and as sent, gzipped, to a
browser), then the students' reply latency, the server's CPU time and what the page moved
(requests and KiB sent a minute) while they say K lines more each, twice in the same run,
with an instructor page refreshing every second with the struggle view on screen and one
student's transcript open: as it did before (the whole transcript and every session of the
struggle view read again each second), the baseline, and as it does now (the transcript read
on from its newest event, `?after=`; the struggle view reading again only the sessions that
moved on, `?cached=true`).

    python benchmarks/bench_instructor_page.py --index /tmp/idx      # N = 30, M = 30, K = 10
    python benchmarks/bench_instructor_page.py --index /tmp/idx --more 6 --pace 8
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
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


def fetch(port: int, path: str) -> tuple[float, bytes, int]:
    """Seconds, body and bytes sent of one authorized GET, gzip accepted as a browser does."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Authorization": f"Bearer {TOKEN}", "Accept-Encoding": "gzip"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as resp:
        sent = resp.read()
        gzipped = resp.headers.get("Content-Encoding") == "gzip"
    body = gzip.decompress(sent) if gzipped else sent
    return time.perf_counter() - started, body, len(sent)


def get(port: int, path: str) -> tuple[float, int, int]:
    """Seconds, bytes of the body and bytes sent of one authorized GET."""
    seconds, body, sent = fetch(port, path)
    return seconds, len(body), sent


def cpu_seconds(pid: int) -> float:
    """The process's user and system CPU time so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def student(
    url: str, name: str, lines: list[str], resume: dict, pace: float = 0.0
) -> list[float]:
    """One student saying ``lines``, each after the reply to the last and ``pace`` seconds on
    average (0: at once; a class typing at a pupil's pace moves on a few sessions a second)."""
    latencies = []
    think = random.Random(name)
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
            if pace:
                await asyncio.sleep(pace * think.uniform(0.5, 1.5))
    return latencies


class Moved:
    """What an instructor page asked of the server: requests and bytes, and the struggle
    view's reads' seconds."""

    def __init__(self) -> None:
        self.requests = 0
        self.bytes = 0
        self.struggles: list[float] = []


async def page(port: int, reads: list[str], open_session: str, now: bool, stop, moved) -> None:
    """An instructor page's refresh on every second of a busy class, with the struggle view on
    screen and ``open_session``'s transcript open: as before (``now`` false: the transcript
    whole, every session of the struggle view read again) or as it does now."""
    last_seq: int | None = None
    while not stop.is_set():
        paths = list(reads)
        paths.append(f"/api/classes/{CLASS}/struggles" + ("?cached=true" if now else ""))
        after = f"?after={last_seq}" if now and last_seq is not None else ""
        paths.append(f"/api/sessions/{open_session}{after}")
        for path in paths:
            seconds, body, sent = await asyncio.to_thread(fetch, port, path)
            moved.requests += 1
            moved.bytes += sent
            if "/struggles" in path:
                moved.struggles.append(seconds)
            if path.startswith("/api/sessions/"):
                last_seq = json.loads(body)["last_seq"]
        await asyncio.sleep(1.0)


async def lesson(port: int, batches: list[list[str]], resume: dict, watch=None, pace=0.0):
    """The students say their lines; ``watch`` (``reads``, ``open_session``, ``now``): with an
    instructor page refreshing meanwhile. The reply latencies, what the page moved, and the
    seconds the lesson took."""
    stop, moved = asyncio.Event(), Moved()
    poller = asyncio.create_task(page(port, *watch, stop, moved)) if watch else None
    url = f"ws://127.0.0.1:{port}/ws"
    started = time.perf_counter()
    tasks = [student(url, f"Student {i:02d}", b, resume, pace) for i, b in enumerate(batches)]
    latencies = [x for lat in await asyncio.gather(*tasks) for x in lat]
    took = time.perf_counter() - started
    stop.set()
    if poller:
        await poller
    return latencies, moved, took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--lines", type=int, default=30, help="Lines each, the lesson so far.")
    parser.add_argument("--more", type=int, default=10, help="Lines each, while measured.")
    parser.add_argument(
        "--pace",
        type=float,
        default=0.0,
        help="Seconds each student waits, on average, before saying the next of the lines "
        "measured (0: at once, every session moving on every second).",
    )
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
            asyncio.run(lesson(port, batches(args.lines, 0), resume))
            longest = max(store.class_sessions(CLASS), key=lambda s: s.lines)
            events = sum(len(store.events(s.id)) for s in store.class_sessions(CLASS))
            reply_before_last = [e.seq for e in store.events(longest.id) if e.kind == "reply"][-2]
            store.close()
            reads = {
                "sessions table": f"/api/classes/{CLASS}/sessions",
                "class list": "/api/classes",
                "struggle view": f"/api/classes/{CLASS}/struggles",
                "...live refresh": f"/api/classes/{CLASS}/struggles?cached=true",
                "live history": f"/api/classes/{CLASS}/live",
                "a transcript": f"/api/sessions/{longest.id}",
                "...read on": f"/api/sessions/{longest.id}?after={reply_before_last}",
                "CSV export": f"/api/classes/{CLASS}/export.csv",
                "JSON export": f"/api/classes/{CLASS}/export.json",
            }
            timings = {}
            for name, path in reads.items():
                runs = [get(port, path) for _ in range(3)]
                timings[name] = (statistics.median(r[0] for r in runs), *runs[-1][1:])
            table = [reads["sessions table"], reads["class list"]]
            results = {}
            for label, now, offset in (("before", False, 1), ("now", True, 2)):
                cpu = cpu_seconds(server.pid)
                lat, moved, took = asyncio.run(
                    lesson(
                        port,
                        batches(args.more, offset),
                        resume,
                        (table, longest.id, now),
                        args.pace,
                    )
                )
                results[label] = (lat, moved, took, cpu_seconds(server.pid) - cpu)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"index: {args.index}; {args.students} students of {args.lines} lines ({events} events)")
    for name, (seconds, size, sent) in timings.items():
        print(
            f"{name:>15}: {seconds * 1e3:8.1f} ms {size / 1024:9.1f} KiB, "
            f"{sent / 1024:8.1f} KiB sent ({sent / size:.3f})"
        )
    print(
        f"then {args.more} lines more each ({args.pace:g} s apart on average), an instructor "
        "page refreshing every second, the struggle view on screen and one student's transcript "
        "open:"
    )
    header = (
        f"{'page':>8} | {'reply p50':>9} {'p99':>8} | {'server CPU':>10} | "
        f"{'requests/min':>12} {'KiB sent/min':>12} | {'struggle view read':>18}"
    )
    print(header)
    print("-" * len(header))
    for label, (lat, moved, took, spent) in results.items():
        print(
            f"{label:>8} | {percentile(lat, 50) * 1e3:7.1f}ms {percentile(lat, 99) * 1e3:6.0f}ms"
            f" | {spent:8.1f} s | {moved.requests * 60 / took:12.0f} "
            f"{moved.bytes / 1024 * 60 / took:12.0f} | "
            f"{statistics.mean(moved.struggles) * 1e3:10.0f} ms mean"
        )
    (b_lat, b_moved, b_took, b_cpu), (n_lat, n_moved, n_took, n_cpu) = results.values()
    print(
        f"now / before: KiB sent a minute "
        f"{(n_moved.bytes / n_took) / (b_moved.bytes / b_took):.3f}, "
        f"requests a minute {(n_moved.requests / n_took) / (b_moved.requests / b_took):.2f}, "
        f"server CPU {n_cpu / b_cpu:.2f}, reply p50 "
        f"{percentile(n_lat, 50) / percentile(b_lat, 50):.2f}, p99 "
        f"{percentile(n_lat, 99) / percentile(b_lat, 99):.2f}, struggle view read "
        f"{statistics.mean(n_moved.struggles) / statistics.mean(b_moved.struggles):.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
