"""Retrieval benchmark: ask latency, search scaling against FAISS, build time, peak memory.

Every figure is printed next to a baseline measured in the same run on the same machine, so
the ratios hold even on a busy or slow computer. The encoder runs on ONNX Runtime (the
default); torch, the fallback, is measured beside it:

  ask      RolePlay.respond (glossary, query encoding with its token vectors, one product,
           BM25, fusion, word-by-word rerank of the best 30)
           vs a bare torch SentenceTransformer.encode of the line plus one numpy product
           (<= 1.3x; it was the target on torch), and vs the bare ONNX encode + product
  again    a line refused within a scenario (topic:war-1973; tests/data/free_dev.jsonl's lines)
           searched again over the whole record (server.elsewhere), vs the scoped search itself
  search   embeddings.search.search_vectors on 10k/100k/1M random unit vectors
           vs faiss.IndexFlatIP.search of the same query                             (<= 1.0x)
  build    build_index of the shipped corpus with an empty vector cache, on ONNX
           vs the same build on torch                                                (<= 0.5x)
           vs raw batched ONNX encoding of the same texts                            (<= 1.2x)
  floor    raw encoding of the build's texts, on ONNX and on torch, vs the time its matrix
           products alone take at the speed of one large fp32 matrix product on every core:
           no fp32 build of these texts goes under it, so the build ratio cannot go under
           floor/torch either

Run: python benchmarks/bench_retrieval.py [--sizes 10000,100000,1000000] [--lines 40]
(faiss-cpu comes with the `bench` extra: pip install -e '.[bench]').
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from embeddings import DEFAULT_MODEL, Encoder, RolePlay, build_index, index_encoder
from embeddings.glossary import Glossary
from embeddings.search import search_vectors
from embeddings.views import turn_records, view_texts
from server.elsewhere import elsewhere
from server.wire import answer_out
from transcripts import load_corpus, scenario

FREE_LINES = Path(__file__).parent.parent / "tests" / "data" / "free_dev.jsonl"

LINES = (
    "The Chinese will protest.",
    "Beijing is going to object.",
    "I expect the troop cut negotiations to last a couple of years.",
    "Don't try Brezhnev's tricks on me, I never said February!",
    "Nixon wants to see you before the summit.",
    "We will not accept any conditions on the Berlin agreement.",
    "Can you tell Moscow we are ready to talk about SALT?",
    "What is the capital of Australia?",
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_ask(roleplay: RolePlay, torch_encoder: Encoder, lines: list[str]) -> list[tuple]:
    model = torch_encoder._stages.model  # the bare baseline: sentence-transformers on torch
    onnx = roleplay.encoder
    glossary = roleplay.index.glossary
    turn_vectors = np.ascontiguousarray(roleplay.index.vectors[:: roleplay.index.views])
    for line in lines[:3]:  # warm up every path
        roleplay.respond(line)
        model.encode([line], normalize_embeddings=True)
        onnx.encode([line])

    def encoding(line: str) -> None:  # what ask encodes: the line with its glossary labels
        spoken = glossary.canonical(line)
        onnx.encode_tokens([glossary.expand(spoken)], [spoken])

    def bare_onnx(line: str) -> None:
        np.argmax(turn_vectors @ onnx.encode([line])[0])

    # The three runs on ONNX Runtime take turns at coming first after the bare torch encode:
    # torch's threads keep the cores busy for a while after it, and whatever ran right after
    # it was the slower for it (bare ONNX right after torch, as this loop first ran it, took
    # ~1.1-1.3x its time right after ask, which flattered ask's ratio).
    onnx_runs = {"ask": roleplay.respond, "encode": encoding, "bare_onnx": bare_onnx}
    timed: dict[str, list[float]] = {name: [] for name in ("torch", *onnx_runs)}
    for i, line in enumerate(lines):  # interleaved, so load on the machine hits every path alike
        started = time.perf_counter()
        q = model.encode([line], normalize_embeddings=True, convert_to_numpy=True)[0]
        np.argmax(turn_vectors @ q)
        timed["torch"].append(time.perf_counter() - started)
        names = list(onnx_runs)
        for name in names[i % 3 :] + names[: i % 3]:
            started = time.perf_counter()
            onnx_runs[name](line)
            timed[name].append(time.perf_counter() - started)
    total, enc = median_ms(timed["ask"]), median_ms(timed["encode"])
    base, base_onnx = median_ms(timed["torch"]), median_ms(timed["bare_onnx"])
    return [
        ("ask on ONNX (median), vs bare torch encode + product", total, base, "<= 1.3"),
        ("ask on ONNX (median), vs bare ONNX encode + product", total, base_onnx, ""),
        ("  of which encoding (ONNX), vs bare torch encode", enc, base, ""),
        ("  of which search + reply", max(total - enc, 0.0), base, ""),
        ("bare ONNX encode + product, vs bare torch", base_onnx, base, ""),
    ]


def bench_again(roleplay: RolePlay) -> list[tuple]:
    """A weak refusal within a scenario, searched again over the whole record (what a student
    in a class kept to one scenario waits for), against the scoped search it follows."""
    scope = scenario("topic:war-1973", roleplay.index.documents.values()).documents
    lines = [json.loads(row)["query"] for row in FREE_LINES.open(encoding="utf-8")]
    scoped, again = [], []
    for line in lines:
        started = time.perf_counter()
        answer = answer_out(roleplay.respond(line, scope=scope))
        searched = time.perf_counter()
        scoped.append(searched - started)
        if answer.status == "no_match" and answer.reason == "weak":
            elsewhere(roleplay, answer, as_="kissinger", scope=scope)
            again.append(time.perf_counter() - searched)
    name = f"scenario refusal searched again ({len(again)} of {len(lines)} lines)"
    return [(f"{name}, vs the scoped search", median_ms(again), median_ms(scoped), "")]


def bench_search(sizes: list[int], dimension: int, repeats: int) -> list[tuple]:
    try:
        import faiss
    except ImportError:  # the `bench` extra: pip install -e '.[bench]'
        print("faiss-cpu is not installed (pip install -e '.[bench]'): no search rows.")
        return []

    rows = []
    rng = np.random.default_rng(0)
    for size in sizes:
        matrix = rng.standard_normal((size, dimension), dtype=np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        flat = faiss.IndexFlatIP(dimension)
        flat.add(matrix)
        queries = rng.standard_normal((repeats, dimension), dtype=np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        ours, theirs = [], []
        search_vectors(matrix, queries[0], 10)
        flat.search(queries[:1], 10)
        for q in queries:
            started = time.perf_counter()
            idx, _ = search_vectors(matrix, q, 10)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            _, ref = flat.search(q[None, :], 10)
            theirs.append(time.perf_counter() - started)
            assert idx[0] == ref[0][0], "numpy and FAISS disagree on the best vector"
        rows.append(
            (f"search top-10 in {size:,} vectors", median_ms(ours), median_ms(theirs), "<= 1.0")
        )
        del matrix, flat
    return rows


def bench_build(encoder: Encoder, torch_encoder: Encoder) -> list[tuple]:
    corpus = load_corpus()
    texts = view_texts(turn_records(corpus), Glossary().with_terms(corpus.terms))
    started = time.perf_counter()
    encoder.encode(texts)
    raw = time.perf_counter() - started
    seconds = {}
    with tempfile.TemporaryDirectory() as tmp:
        for which in (encoder, torch_encoder, encoder, torch_encoder):  # interleaved, twice
            started = time.perf_counter()  # a new directory: an empty vector cache
            report = build_index(
                corpus, Path(tmp) / f"{which.backend}-{time.time()}", encoder=which
            )
            seconds.setdefault(which.backend, []).append(time.perf_counter() - started)
        started = time.perf_counter()
        build_index(corpus, Path(tmp) / "again", encoder=encoder)
        fresh = time.perf_counter() - started
        started = time.perf_counter()
        build_index(corpus, Path(tmp) / "again", encoder=encoder)
        cached = time.perf_counter() - started
    started = time.perf_counter()
    torch_encoder.encode(texts)
    raw_torch = time.perf_counter() - started
    floor = matmul_floor(texts, torch_encoder)
    ours, theirs = min(seconds["onnx"]), min(seconds["torch"])
    name = f"build shipped corpus ({report.turns} turns, {report.texts} texts)"
    return [
        (f"{name} on ONNX, vs on torch", ours * 1000, theirs * 1000, "<= 0.5"),
        (f"{name} on ONNX, vs raw ONNX encoding", fresh * 1000, raw * 1000, "<= 1.2"),
        ("rebuild, unchanged corpus (all cached)", cached * 1000, raw * 1000, ""),
        (
            "raw ONNX encoding of those texts, vs their matrix products at fp32 peak",
            raw * 1000,
            floor * 1000,
            "",
        ),
        (
            "raw torch encoding of those texts, vs the same floor",
            raw_torch * 1000,
            floor * 1000,
            "",
        ),
    ]


def matmul_floor(texts: list[str], encoder: Encoder) -> float:
    """Seconds the model's linear layers alone take on ``texts`` (each word piece through every
    layer, padding and attention not counted) at the speed of one large fp32 matrix product of
    the model's own width on every core: a floor under any fp32 encoding of them."""
    import torch

    model = (
        encoder._stages.model
    )  # the SentenceTransformer (on torch): its transformer's linear layers
    linear = [m for m in model[0].auto_model.encoder.modules() if isinstance(m, torch.nn.Linear)]
    flops_per_piece = 2 * sum(m.in_features * m.out_features for m in linear)
    ids = model.tokenizer(texts, truncation=True, max_length=model.max_seq_length)["input_ids"]
    flops = flops_per_piece * sum(len(i) for i in ids)
    width, inner = linear[0].in_features, max(m.out_features for m in linear)
    a, b = torch.randn(4096, width), torch.randn(width, inner)
    times = []
    for _ in range(20):
        started = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - started)
    peak = 2 * 4096 * width * inner / statistics.median(times)
    return flops / peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--lines", type=int, default=40, help="ask calls to time")
    parser.add_argument("--repeats", type=int, default=30, help="searches per size")
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()

    rows: list[tuple] = []
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        encoder = index_encoder(Path(tmp), DEFAULT_MODEL)  # exports the graph into the index
        exported = time.perf_counter() - started
        started = time.perf_counter()
        torch_encoder = Encoder(backend="torch")
        loaded = time.perf_counter() - started
        rows.append(
            (
                "encoder on ONNX: load + export + check, vs torch load",
                exported * 1000,
                loaded * 1000,
                "",
            )
        )
        if not args.skip_build:
            rows += bench_build(encoder, torch_encoder)
        build_index(load_corpus(), Path(tmp), encoder=encoder)
        roleplay = RolePlay.load(Path(tmp))
        lines = [LINES[i % len(LINES)] for i in range(args.lines)]
        rows += bench_ask(roleplay, torch_encoder, lines)
        rows += bench_again(roleplay)
        memory_after_ask = peak_mb()
    rows += bench_search([int(s) for s in args.sizes.split(",")], encoder.dimension, args.repeats)

    import torch

    print(
        f"ONNX Runtime: the {encoder.graph} graph (a lone line on two threads, batches side by "
        f"side on one each); torch: {torch.get_num_threads()} threads (its default here)"
    )
    print(f"{'measure':72s} {'ours ms':>10s} {'baseline ms':>12s} {'ratio':>7s}  target")
    for name, ours, base, target in rows:
        print(f"{name:72s} {ours:10.1f} {base:12.1f} {ours / base:7.2f}  {target}")
    print(
        f"peak memory: {memory_after_ask:.0f} MB after build and ask (model on ONNX and on "
        "torch, index), "
        f"{peak_mb():.0f} MB in all (the 1M x 384 float32 matrix alone is 1,536 MB, "
        "and FAISS holds its own copy)"
    )


if __name__ == "__main__":
    main()
