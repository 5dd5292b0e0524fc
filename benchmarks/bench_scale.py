"""Lines per second with one and two `backchannel serve` processes on PostgreSQL, and what a
line costs in CPU, against one process on SQLite measured in the same run.

N students (WebSocket clients) each say 20 lines in a free role-play, one after the other,
waiting for each reply; with two processes, half the students talk to each. PostgreSQL runs
with its durable defaults (fsync on, synchronous_commit on), from Debian's binaries in a
temporary directory, as the tests start it. CPU per line is read from /proc: the serve
processes' user+system time, and the PostgreSQL server's (all its backends), over the run.

    python benchmarks/bench_scale.py                  # N = 40; the default data dir's index
    python benchmarks/bench_scale.py --clients 60 --index /path/to/index

The last lines turn the measured costs into an estimate for S students who each say a line
every T seconds (default 300 classes x 30 students, one line every 20 s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from serving import MAIN, free_port, wait_until_up  # noqa: E402

from benchmarks.bench_server import lines_for, percentile, run_clients, student_lines  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # a backend that ended: its time is in its parent's cstime
            continue
        total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    return total / TICKS


def postgres_pids(data_dir: Path) -> list[int]:
    """The postmaster and every process it started (backends, WAL writer, checkpointer...)."""
    main = int((data_dir / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == main:
            children.append(int(stat.parent.name))
    return [main, *children]


@contextmanager
def servers_running(count: int, index: Path, data: Path, database: str | None) -> Iterator[list]:
    """``count`` `serve` processes on one database, each with its port, stopped on leaving."""
    env = {**os.environ, "TQDM_DISABLE": "1"}
    if database:
        env["BACKCHANNEL_DATABASE"] = database
    servers = []
    for _ in range(count):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-c", MAIN, "serve", "--port", str(port), "--index", str(index),
             "--data", str(data)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        servers.append((process, port))
    try:
        for process, port in servers:
            wait_until_up(process, port)
        yield servers
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=30)


@dataclass
class Run:
    name: str
    lines: int
    wall: float
    p50: float
    p99: float
    errors: int
    app_cpu: float
    db_cpu: float

    @property
    def rate(self) -> float:
        return self.lines / self.wall


async def _clients(urls: list[str], batches: list[list[str]]):
    """Students split evenly over the servers, all starting at once."""
    groups = [batches[i :: len(urls)] for i in range(len(urls))]
    return await asyncio.gather(*(run_clients(u, g) for u, g in zip(urls, groups, strict=True)))


def measure(name, servers, batches, pg_data: Path | None) -> Run:
    urls = [f"ws://127.0.0.1:{port}/ws" for _, port in servers]
    asyncio.run(_clients(urls, [batches[0][:5]] * len(urls)))  # warm-up each process
    app_pids = [p.pid for p, _ in servers]
    app0 = cpu_seconds(app_pids)
    db0 = cpu_seconds(postgres_pids(pg_data)) if pg_data else 0.0
    results = asyncio.run(_clients(urls, batches))
    wall = max(w for _, _, w in results)  # from the moment every student was greeted
    app = cpu_seconds(app_pids) - app0
    db = (cpu_seconds(postgres_pids(pg_data)) - db0) if pg_data else 0.0
    latencies = [x for lat, _, _ in results for x in lat]
    return Run(
        name, len(latencies), wall, percentile(latencies, 50), percentile(latencies, 99),
        sum(e for _, e, _ in results), app, db,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=40, help="Students at once (N).")
    parser.add_argument("--lines", type=int, default=20, help="Lines per student.")
    parser.add_argument("--index", type=Path, help="Index directory (default: DATA/index).")
    parser.add_argument("--students", type=int, default=300 * 30, help="For the estimate.")
    parser.add_argument("--pace", type=float, default=20.0, help="Seconds between lines.")
    args = parser.parse_args()

    from server.services import open_index
    from server.settings import Settings
    from tests.pgcluster import PostgresCluster

    settings = Settings(**({"index": args.index} if args.index else {}))
    open_index(settings, progress=True)  # built once, before the clock starts
    batches = lines_for(args.clients, args.lines, student_lines())
    cluster = PostgresCluster(durable=True)
    runs = []
    try:
        plans = [("1 process, SQLite", 1, None), ("1 process, PostgreSQL", 1, "pg"),
                 ("2 processes, PostgreSQL", 2, "pg")]  # fmt: skip
        for name, count, kind in plans:
            with tempfile.TemporaryDirectory(prefix="bench-scale-") as data:
                database = cluster.database("bench") if kind else None
                with servers_running(count, settings.index_dir, Path(data), database) as servers:
                    runs.append(measure(name, servers, batches, cluster.data if kind else None))
    finally:
        cluster.stop()

    base = runs[0]
    print(f"{args.clients} students x {args.lines} lines, index {settings.index_dir}; "
          f"{os.cpu_count()} cores")  # fmt: skip
    header = (
        f"{'setup':<26} {'lines/s':>8} {'÷SQLite':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'app CPU ms/line':>16} {'DB CPU ms/line':>15}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        print(
            f"{run.name:<26} {run.rate:>8.1f} {run.rate / base.rate:>8.2f} "
            f"{run.p50 * 1e3:>8.1f} {run.p99 * 1e3:>8.1f} {run.errors:>6} "
            f"{run.app_cpu / run.lines * 1e3:>16.2f} {run.db_cpu / run.lines * 1e3:>15.2f}"
        )
    pg = runs[-1]
    need = args.students / args.pace
    app_cores = need * pg.app_cpu / pg.lines
    db_cores = need * pg.db_cpu / pg.lines
    print(
        f"\nestimate: {args.students} students, a line every {args.pace:g} s each = "
        f"{need:.0f} lines/s; at the 2-process costs above that is {app_cores:.1f} cores of "
        f"app servers and {db_cores:.2f} cores of PostgreSQL, busy; at 60 % load, "
        f"{app_cores / 0.6:.0f} app cores and {max(1.0, db_cores / 0.6):.1f} database cores."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
