"""`backchannel build`: the search index from the transcripts, from the command line."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from server.cli.disk import cannot_write
from server.cli.loading import BACKENDS, index_dir_of, index_option
from server.cli.say import fail
from server.cli.serve import read_settings
from server.given import nothing_to_answer


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `build` to the main parser."""
    build = sub.add_parser(
        "build",
        help="Build the search index from the transcripts.",
        description="Encode every dialogue turn and save the vector and BM25 index. With no "
        "arguments, builds the shipped corpus into DATA/index. Unchanged turns come from the "
        "vector cache, so a rebuild only encodes what changed.",
    )
    build.add_argument(
        "--transcripts",
        action="append",
        type=Path,
        metavar="PATH",
        help="Transcript file or folder (repeatable; default: the shipped corpus).",
    )
    index_option(build)
    build.add_argument("--model", metavar="NAME|PATH", help="Sentence-transformers model.")
    build.add_argument(
        "--backend",
        choices=BACKENDS,
        help="What runs the encoder: onnx (ONNX Runtime, default) or torch.",
    )
    build.add_argument("--quiet", action="store_true", help="No progress bar.")
    build.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    from embeddings import IndexLoadError, IndexStale, build_index, check_index, index_encoder
    from transcripts import load_corpus

    try:
        settings = read_settings({})
        index_dir = index_dir_of(args, settings)
        check_index(index_dir)
    except IndexStale as exc:
        if (index_dir / "manifest.json").exists():  # else a first build: nothing to say
            print(f"Rebuilding: {exc}", file=sys.stderr)
    except (IndexLoadError, ValueError) as exc:
        fail(args.command, str(exc))
        return 2
    paths = args.transcripts or settings.transcripts
    started = time.perf_counter()
    try:
        corpus = load_corpus(paths)
    except FileNotFoundError as exc:
        fail(args.command, str(exc))
        return 2
    unanswerable = nothing_to_answer(corpus, paths)
    if unanswerable:  # an index of 0 turns was written, after the model loaded, and exit 0
        fail(args.command, unanswerable)
        return 1
    parsed = time.perf_counter() - started
    try:
        index_dir.mkdir(parents=True, exist_ok=True)  # a read-only disk is said before the model
        encoder = index_encoder(
            index_dir, args.model or settings.model, args.backend or settings.backend
        )
    except ValueError as exc:
        fail(args.command, str(exc))
        return 2
    except OSError as exc:
        fail(args.command, cannot_write(exc, index_dir, "Give --index"))
        return 2
    loaded = time.perf_counter() - started - parsed
    try:
        report = build_index(corpus, index_dir, encoder=encoder, progress=not args.quiet)
    except OSError as exc:  # a read-only or full disk: a traceback before
        fail(args.command, cannot_write(exc, index_dir, "Give --index"))
        return 2
    print(
        f"Index: {index_dir} (model {encoder.model_id} on {encoder.backend}, "
        f"dimension {encoder.dimension})"
    )
    print(
        f"{report.documents} documents, {report.turns} turns, {report.texts} texts: "
        f"{report.encoded} encoded, {report.texts - report.encoded} from the cache."
    )
    exported = " (ONNX: exported or checked)" if encoder.backend == "onnx" else ""
    print(
        f"Parsed in {parsed:.1f} s, model loaded in {loaded:.1f} s{exported}, encoded in "
        f"{report.encode_seconds:.1f} s, index written in {report.seconds:.1f} s in all."
    )
    if report.problems:
        print(f"{len(report.problems)} problems in the sources (nothing was dropped):")
        for problem in report.problems:
            print(f"  {problem}")
    return 0
