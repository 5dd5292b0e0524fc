"""What the instructor page's reads cost in a large class, and what its live refresh costs the
students.

One `backchannel serve`; N students of one class each say M lines (the lesson so far). Printed:
the time and size of each read the page makes (the sessions table, the class list, the struggle
view read whole and as a live refresh reads it: when nothing moved on, after 3 sessions said a
line each (`--moved`), after every session did; the live history, the longest transcript read
whole and read on after its last exchange, the exports: as JSON and as sent, gzipped, to a
browser), then the students' reply latency, the server's CPU time and what the page moved
(requests and KiB sent a minute) while they say K lines more each, twice in the same run,
with an instructor page refreshing every second with the struggle view on screen and one
student's transcript open: as it did before (the whole transcript and every session of the
struggle view read again each second), the baseline, and as it does now (the transcript read
on from its newest event, `?after=`; the struggle view reading only the new events of the
sessions that moved on, `?cached=true`; the sessions table and the class list read with the
ETag of the last read, `If-None-Match`, answered 304 without a body when unchanged). Bytes are
the bodies sent.

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
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

from bench_server import percentile, start_server, student_lines
from serving import free_port
from websockets.asyncio.client import connect

from server.store import hash_token
from server.store_sqlite import SQLiteStore

TOKEN = "bci_bench-instructor-page"
CLASS = "BENCH2"


class Read(NamedTuple):
    """One authorized GET: its seconds, body (empty for a 304), bytes sent and ETag."""

    seconds: float
    body: bytes
    sent: int
    tag: str | None


def fetch(port: int, path: str, tag: str | None = None) -> Read:
    """One authorized GET, gzip accepted as a browser does; ``tag``: sent as If-None-Match."""
    headers = {"Authorization": f"Bearer {TOKEN}", "Accept-Encoding": "gzip"}
    if tag:
        headers["If-None-Match"] = tag
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as resp:
            sent = resp.read()
            gzipped = resp.headers.get("Content-Encoding") == "gzip"
            tag = resp.headers.get("ETag")
    except urllib.error.HTTPError as err:  # urllib's way of giving a 304
        if err.code != 304:
            raise
        return Read(time.perf_counter() - started, b"", 0, tag)
    body = gzip.decompress(sent) if gzipped else sent
    return Read(time.perf_counter() - started, body, len(sent), tag)


def get(port: int, path: str, tag: str | None = None) -> tuple[float, int, int]:
    """Seconds, bytes of the body and bytes sent of one authorized GET."""
    read = fetch(port, path, tag)
    return read.seconds, len(read.body), read.sent


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
        self.table_reads = 0  # the sessions table's and the class list's
        self.table_bytes = 0
        self.unchanged = 0  # of those, answered 304


async def page(port: int, reads: list[str], open_session: str, now: bool, stop, moved) -> None:
    """An instructor page's refresh on every second of a busy class, with the struggle view on
    screen and ``open_session``'s transcript open: as before (``now`` false: the transcript
    whole, every session of the struggle view read again, ``reads`` whole) or as it does now
    (``reads`` sending the ETag of their last read)."""
    last_seq: int | None = None
    tags: dict[str, str | None] = {}
    while not stop.is_set():
        paths = list(reads)
        paths.append(f"/api/classes/{CLASS}/struggles" + ("?cached=true" if now else ""))
        after = f"?after={last_seq}" if now and last_seq is not None else ""
        paths.append(f"/api/sessions/{open_session}{after}")
        for path in paths:
            read = await asyncio.to_thread(fetch, port, path, tags.get(path))
            moved.requests += 1
            moved.bytes += read.sent
            if "/struggles" in path:
                moved.struggles.append(read.seconds)
            if path.startswith("/api/sessions/"):
                last_seq = json.loads(read.body)["last_seq"]
            if path in reads:
                moved.table_reads += 1
                moved.table_bytes += read.sent
                moved.unchanged += not read.body
                if now:
                    tags[path] = read.tag
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
    parser.add_argument(
        "--moved",
        type=int,
        default=3,
        help="Sessions that say a line before the live refresh read after a few moved on.",
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
            # the live refresh after a few sessions moved on by a line, then after all did:
            # each moved session read again (its new events, or all of them, as the server
            # reads it), the rest kept
            for moved_on in (args.moved, args.students):
                runs = []
                for n in range(3):
                    asyncio.run(lesson(port, batches(1, 100 + n)[:moved_on], resume))
                    runs.append(get(port, reads["...live refresh"]))
                median = statistics.median(r[0] for r in runs)
                timings[f"...{moved_on} moved on"] = (median, *runs[-1][1:])
            for name in ("sessions table", "class list"):  # read again, nothing changed
                tag = fetch(port, reads[name]).tag
                runs = [get(port, reads[name], tag) for _ in range(3)]
                median = statistics.median(r[0] for r in runs)
                timings[f"{name}, unchanged"] = (median, timings[name][1], runs[-1][2])
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
            f"{name:>26}: {seconds * 1e3:8.1f} ms {size / 1024:9.1f} KiB, "
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
    for label, (_, moved, took, _) in results.items():
        print(
            f"{label:>8}: the sessions table and the class list, {moved.table_reads} reads, "
            f"{moved.unchanged} answered unchanged (304), "
            f"{moved.table_bytes / 1024 * 60 / took:.1f} KiB sent a minute"
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
