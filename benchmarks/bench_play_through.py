"""Play-through benchmark: what one `say` costs when a student plays a conversation through.

Every figure is printed next to a baseline measured in the same run on the same machine (the
search alone, ``RolePlay.respond``, of the same line at the same point), so the ratios hold on
a busy computer:

  say        RoleplayEngine.say in a play-through: the search, the recorded line and reply,
             and the closeness of the student's words to the recorded line
  corrected  the same with a class's corrections, one of them of the line's role compared
             as a possible paraphrase (no exact repeat)
  closeness  what the closeness cost before it was read from the search's one forward pass:
             a forward pass of the line as typed and the recorded line (encoder.similarity)

Each line is read afresh (``reader.forget()``) before each timed call, so no call reuses the
encoding of another. The script runs on older code too (it uses only ``say``, ``respond`` and
``similarity``): run on the code before a change, it gives that code's ratios.

Run: python benchmarks/bench_play_through.py [--index DIR] [--lines 120]
(without --index, the shipped corpus is indexed into a temporary folder first).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from embeddings import DEFAULT_MODEL, Context, RolePlay, build_index, index_encoder
from server.roleplay import RoleplayEngine
from server.store import Correction
from transcripts import load_corpus

DATA = Path(__file__).parent.parent / "tests" / "data"
SETS = ("dev_loose.jsonl", "dev_texting.jsonl", "free_dev.jsonl")
SEED = "frus1969-76v39/d107"


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def student_lines() -> list[str]:
    """Lines students type as Kissinger: loose, phone-style and free ones (the dev sets)."""
    return [
        json.loads(row)["query"]
        for name in SETS
        for row in (DATA / name).open(encoding="utf-8")
        if json.loads(row).get("as", "kissinger") == "kissinger"
    ]


def bench_say(
    engine: RoleplayEngine, lines: list[str], count: int
) -> tuple[list[tuple[str, float]], float]:
    """``count`` lines said playing the index's conversations through as Kissinger, one after
    another; each timed beside the search alone and the closeness's old pass."""
    roleplay, encoder = engine.roleplay, engine.encoder
    documents = [
        d.id
        for d in roleplay.index.documents.values()
        if d.dialogue and any(t.speaker == "kissinger" for t in engine.turns(d.id))
    ]
    # a correction of the role whose line no student line repeats: each line is compared
    corrections = [
        Correction(1, "BENCH", "Is the summit still on for May?", SEED, 0, "kissinger", "")
    ]
    timed: dict[str, list[float]] = {"say": [], "corrected": [], "search": [], "closeness": []}
    state = None
    for i in range(count):
        if state is None or state.position is None:
            state = engine.start("kissinger", documents[i % len(documents)])[1]
        assert state.document is not None and state.position is not None
        line = lines[i % len(lines)]
        said = roleplay.index.turn(state.document, state.position).spoken_text
        context = Context(state.document, state.position)
        runs: dict[str, Callable[[], object]] = {
            "say": partial(engine.say, state, line),
            "corrected": partial(engine.say, state, line, corrections),
            "search": partial(roleplay.respond, line, context=context),
            "closeness": partial(encoder.similarity, line, said),
        }
        names = list(runs)
        for name in names[i % 4 :] + names[: i % 4]:  # each comes first in turn
            roleplay.reader.forget()
            started = time.perf_counter()
            runs[name]()
            timed[name].append(time.perf_counter() - started)
        state = engine.say(state, line).state
    search = median_ms(timed["search"])
    return [
        ("say, playing a conversation through, vs the search alone", median_ms(timed["say"])),
        ("say with a class's corrections, vs the search alone", median_ms(timed["corrected"])),
        ("  closeness as a pass of its own (before), vs the search", median_ms(timed["closeness"])),
        ("the search alone (respond), the baseline", search),
    ], search


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="an index to load (default: build one)")
    parser.add_argument("--lines", type=int, default=120, help="says to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index
        if index_dir is None:
            index_dir = Path(tmp)
            build_index(load_corpus(), index_dir, encoder=index_encoder(index_dir, DEFAULT_MODEL))
        engine = RoleplayEngine(RolePlay.load(index_dir))
        lines = student_lines()
        for line in lines[:3]:  # warm up every path
            engine.roleplay.respond(line)
            engine.encoder.similarity(line, line)
        rows, search = bench_say(engine, lines, args.lines)
    print(f"{args.lines} lines said, {len(engine.roleplay.index)} turns indexed")
    print(f"{'measure':62s} {'ms':>8s} {'ratio':>7s}")
    for name, ms in rows:
        print(f"{name:62s} {ms:8.1f} {ms / search:7.2f}")


if __name__ == "__main__":
    main()
