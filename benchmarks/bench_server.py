"""Reply latency and throughput of `backchannel serve` under N concurrent WebSocket students.

Each of N clients says 20 lines in a free role-play, one after the other, waiting for each
reply. The same lines are then answered by the role-play library directly, in this process,
one at a time ("bare": encode + search, no server, no batching), so the ratios show what the
server adds (WebSocket, protocol, every event written to SQLite) and, under load, what its
batching encoder wins back. The server encodes on ONNX Runtime (the default); the bare
library is timed on ONNX Runtime and on torch, in the same run. At N=1 the samples are
paired: each line is answered by the server, then by the bare library on both runtimes,
before the next line; for N > 1, bare runs just before and after each round.

    python benchmarks/bench_server.py                    # N = 1, 10, 100; shipped corpus index
    python benchmarks/bench_server.py --clients 1,10 --index /path/to/index
    python benchmarks/bench_server.py --clients 1 --rounds 5   # N = 1, 100 paired lines

Targets: at N=1, p50 ≤ 0.85× bare torch and ≤ 1.3× bare ONNX (issue 14); p99 ≤ 3× bare at
N=100 (issue 4); zero errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import MAIN, free_port, wait_until_up
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
BARE_SAMPLE = 40
LINE_SETS = ("dev_close.jsonl", "dev_loose.jsonl", "dev_offtopic.jsonl")


def student_lines() -> list[str]:
    """Real test queries: close paraphrases, loose ones and off-topic lines, interleaved."""
    sets = []
    for name in LINE_SETS:
        path = ROOT / "tests" / "data" / name
        sets.append([json.loads(line)["query"] for line in path.read_text().splitlines() if line])
    out = []
    for i in range(max(len(s) for s in sets)):
        out.extend(s[i] for s in sets if i < len(s))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def lines_for(n: int, per_client: int, lines: list[str]) -> list[list[str]]:
    return [[lines[(c * per_client + j) % len(lines)] for j in range(per_client)] for c in range(n)]


# --- server side -----------------------------------------------------------------------------


def start_server(index: Path, data: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            MAIN,
            "serve",
            "--port",
            str(port),
            "--index",
            str(index),
            "--data",
            str(data),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_up(process, port)
    return process


async def free_play(ws, name: str) -> None:
    """Greet the server as student ``name`` and start a free role-play as Kissinger."""
    await ws.send(json.dumps({"type": "hello", "student": name}))
    json.loads(await ws.recv())
    await ws.send(json.dumps({"type": "roleplay.start", "as": "kissinger", "document": None}))
    json.loads(await ws.recv())


async def say(ws, line: str) -> tuple[float, bool]:
    """Seconds from sending ``line`` to its answer, and whether the answer was a reply."""
    sent = time.perf_counter()
    await ws.send(json.dumps({"type": "say", "text": line}))
    answer = json.loads(await ws.recv())
    return time.perf_counter() - sent, answer["type"] == "reply"


async def client(
    url: str, name: str, lines: list[str], start: asyncio.Event
) -> tuple[list[float], int]:
    latencies, errors = [], 0
    async with connect(url, max_size=2**22) as ws:
        await free_play(ws, name)
        await start.wait()
        for line in lines:
            seconds, answered = await say(ws, line)
            latencies.append(seconds)
            errors += not answered
    return latencies, errors


async def run_clients(url: str, batches: list[list[str]]) -> tuple[list[float], int, float]:
    start = asyncio.Event()
    tasks = [
        asyncio.create_task(client(url, f"bench{i}", lines, start))
        for i, lines in enumerate(batches)
    ]
    await asyncio.sleep(0.5 + 0.02 * len(batches))  # every client greeted before the clock starts
    began = time.perf_counter()
    start.set()
    results = await asyncio.gather(*tasks)
    wall = time.perf_counter() - began
    latencies = [x for lat, _ in results for x in lat]
    return latencies, sum(e for _, e in results), wall


# --- bare library --------------------------------------------------------------------------


async def paired(
    url: str, lines: list[str], roleplay, torch_roleplay
) -> tuple[list[float], int, list[float], list[float]]:
    """N=1, line by line: each line's reply over the socket, then the same line through the
    bare library on ONNX Runtime and on torch, in this process while the server idles. Load
    that drifts during a run hits the three alike; pooled runs of 20 served lines between
    bare runs moved the p50 ratio by ±0.2 from run to run. One connection (one student) says
    the lines: keep them within a student's message limit (``burst``), as --lines is."""
    served, errors, onnx, torch = [], 0, [], []
    async with connect(url, max_size=2**22) as ws:
        await free_play(ws, "paired")
        for line in lines:
            seconds, answered = await say(ws, line)
            served.append(seconds)
            errors += not answered
            onnx += bare(roleplay, [line])[0]
            torch += bare(torch_roleplay, [line])[0]
    return served, errors, onnx, torch


def bare(roleplay, lines: list[str]) -> tuple[list[float], float]:
    """Each line through ``RolePlay.respond`` directly, one at a time: encode + search alone."""
    latencies = []
    began = time.perf_counter()
    for line in lines:
        sent = time.perf_counter()
        roleplay.respond(line, as_="kissinger")
        latencies.append(time.perf_counter() - sent)
    return latencies, time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="1,10,100", help="Comma-separated N values.")
    parser.add_argument("--lines", type=int, default=20, help="Lines per client.")
    parser.add_argument("--index", type=Path, help="Index directory (default: DATA/index).")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="Measure each N this many times, each between bare runs, and pool the figures "
        "(at N=1: say this many times --lines lines, each paired with its bare runs).",
    )
    args = parser.parse_args()

    import torch

    from embeddings import Encoder, RolePlay
    from server.services import open_index
    from server.settings import Settings

    settings = Settings(**({"index": args.index} if args.index else {}))
    index, encoder = open_index(settings, progress=True)
    lines = student_lines()
    counts = [int(n) for n in args.clients.split(",")]

    roleplay = RolePlay(index, encoder)
    # Timing only: the same index answered through torch's encoding of each line (an index
    # never mixes backends; here the vectors agree to a cosine of 0.9999 and only time counts).
    torch_roleplay = RolePlay(index, Encoder(index.model_id, backend="torch"))
    used = list(
        dict.fromkeys(x for n in counts for b in lines_for(n, args.lines, lines) for x in b)
    )
    with tempfile.TemporaryDirectory(prefix="bench-server-") as data:
        port = free_port()
        server = start_server(settings.index_dir, Path(data), port)
        url = f"ws://127.0.0.1:{port}/ws"
        try:
            # Warm-up: the first encode of each text length is slow in both processes.
            asyncio.run(run_clients(url, [used]))
            bare(roleplay, used)
            bare(torch_roleplay, used)
            served, bares, torch_bares = {}, {}, {}
            for n in counts:
                if n == 1:  # each line served, then bare on both runtimes: paired samples
                    got, errors, onnx, on_torch = [], 0, [], []
                    for r in range(args.rounds):  # a round: one student, --lines lines
                        said = lines[r * args.lines :][: args.lines] or lines[: args.lines]
                        g, e, o, t = asyncio.run(paired(url, said, roleplay, torch_roleplay))
                        got, errors, onnx, on_torch = got + g, errors + e, onnx + o, on_torch + t
                    served[n] = (got, errors, sum(got))
                    bares[n], torch_bares[n] = (onnx, sum(onnx)), on_torch
                    continue
                # bare just before and just after each round, against load drift
                served[n], bares[n], torch_bares[n] = ([], 0, 0.0), ([], 0.0), []
                for _ in range(args.rounds):
                    before, b_wall = bare(roleplay, used[:BARE_SAMPLE])
                    t_before, _ = bare(torch_roleplay, used[:BARE_SAMPLE])
                    got, errors, wall = asyncio.run(
                        run_clients(url, lines_for(n, args.lines, lines))
                    )
                    t_after, _ = bare(torch_roleplay, used[:BARE_SAMPLE])
                    after, a_wall = bare(roleplay, used[:BARE_SAMPLE])
                    so_far, e, w = served[n]
                    served[n] = (so_far + got, e + errors, w + wall)
                    b_lat, bw = bares[n]
                    bares[n] = (b_lat + before + after, bw + b_wall + a_wall)
                    torch_bares[n] += t_before + t_after
        finally:
            server.terminate()
            server.wait(timeout=20)

    print(
        f"index: {settings.index_dir} ({len(roleplay.index)} turns); {args.lines} lines/client; "
        f"{args.rounds} round(s) a N, pooled"
    )
    print(
        f"bare = encode+search of the same lines, one at a time, in this process (N=1: each "
        f"line right after its reply; N > 1: {BARE_SAMPLE} lines just before and after each "
        "round), on ONNX Runtime (as the server: a lone line "
        f"on its {encoder.graph} graph's two-thread session) and on torch "
        f"({torch.get_num_threads()} threads, its default here)"
    )
    header = (
        f"{'N':>4} {'p50 ms':>8} {'p99 ms':>8} {'lines/s':>8} {'errors':>6} | "
        f"{'bare p50':>8} {'bare p99':>8} {'bare l/s':>8} | "
        f"{'p50÷bare':>8} {'p99÷bare':>8} {'l/s÷bare':>8} {'p99÷N·bare':>10} | "
        f"{'torch p50':>9} {'p50÷torch':>9}"
    )
    print(header)
    print("-" * len(header))
    for n in counts:
        latencies, errors, wall = served[n]
        b_lat, b_wall = bares[n]
        p50, p99, rate = percentile(latencies, 50), percentile(latencies, 99), len(latencies) / wall
        b50, b99, b_rate = percentile(b_lat, 50), percentile(b_lat, 99), len(b_lat) / b_wall
        t50 = percentile(torch_bares[n], 50)
        print(
            f"{n:>4} {p50 * 1e3:>8.1f} {p99 * 1e3:>8.1f} {rate:>8.1f} {errors:>6} | "
            f"{b50 * 1e3:>8.1f} {b99 * 1e3:>8.1f} {b_rate:>8.1f} | "
            f"{p50 / b50:>8.2f} {p99 / b99:>8.2f} {rate / b_rate:>8.2f} "
            f"{p99 / (n * statistics.mean(b_lat)):>10.2f} | "
            f"{t50 * 1e3:>9.1f} {p50 / t50:>9.2f}"
        )
    print(
        "p99÷N·bare: the slowest reply against waiting behind N-1 others in a perfect server "
        "that answers one line at a time (below 1: batching beats it)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
