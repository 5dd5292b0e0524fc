"""`backchannel corpus show|check|manifest`: look at what the parsers make of transcripts.

The exit code is non-zero only when nothing at all could be parsed (or a path is missing):
a folder with one bad file among good ones still gives its documents, and reports the bad one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from server.cli.say import fail
from transcripts import (
    Corpus,
    Document,
    Problem,
    Turn,
    corpus_dict,
    load_corpus,
    shipped_corpus_dir,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `corpus show`, `corpus check` and `corpus manifest` to the main parser."""
    corpus = sub.add_parser("corpus", help="Parse FRUS transcripts and report on them.")
    actions = corpus.add_subparsers(dest="corpus_command", required=True, metavar="ACTION")
    paths_help = (
        "Text-layout .txt files, TEI .xml files (a document div or a whole volume) or folders; "
        "none: the shipped corpus."
    )
    show = actions.add_parser("show", help="Print parsed documents (turns, pages, notes).")
    show.add_argument("paths", nargs="*", metavar="PATH", help=paths_help)
    show.add_argument("--json", action="store_true", help="Print JSON: {documents, problems}.")
    show.add_argument(
        "--both-forms",
        action="store_true",
        help="Keep a document's text and TEI forms apart instead of keeping the TEI one.",
    )
    show.set_defaults(run=run_show)
    check = actions.add_parser("check", help="Report documents, turns, pages and every problem.")
    check.add_argument("paths", nargs="*", metavar="PATH", help=paths_help)
    check.set_defaults(run=run_check)
    manifest = actions.add_parser("manifest", help="Regenerate the shipped corpus manifest.")
    manifest.add_argument(
        "--write", action="store_true", help="Write transcripts/corpus/manifest.tsv."
    )
    manifest.set_defaults(run=run_manifest)


def _load(paths: list[str], merge: bool = True) -> Corpus | None:
    try:
        return load_corpus(paths, merge=merge)
    except FileNotFoundError as err:
        fail("corpus", str(err))
        return None


def _problem_line(problem: Problem) -> str:
    path = os.path.relpath(problem.path) if os.path.isabs(problem.path) else problem.path
    if path.startswith(".."):
        path = problem.path
    where = f"{path}:{problem.line}" if problem.line else path
    if problem.element:
        where += f" ({problem.element})"
    return f"{where}: {problem.severity}: {problem.message}"


def _pages(doc: Document) -> str:
    pages = sorted({p for b in doc.body for p in b.pages})
    if not pages:
        return "pages unknown"
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}–{pages[-1]}"


def run_show(args: argparse.Namespace) -> int:
    corpus = _load(args.paths, merge=not args.both_forms)
    if corpus is None:
        return 2
    if args.json:
        print(json.dumps(corpus_dict(corpus), ensure_ascii=False, indent=2))
    else:
        for doc in corpus.documents:
            print(_heading(doc))
            for block in doc.body:
                pages = ",".join(map(str, block.pages)) or "?"
                who = block.label if isinstance(block, Turn) else f"[{block.kind}]"
                print(f"  p.{pages} {who}: {block.clean_text}")
            print()
    for problem in corpus.problems:
        print(_problem_line(problem), file=sys.stderr)
    return 0 if corpus.documents else 1


def _heading(doc: Document) -> str:
    flags = [f for f, on in (("excerpt", doc.excerpt), ("narrative", not doc.dialogue)) if on]
    volume = f"{doc.volume_title}, " if doc.volume_title else ""
    lines = [
        f"{doc.id} — {volume}Document {doc.number}" + (f" [{', '.join(flags)}]" if flags else ""),
        f"  {doc.title}",
        f"  {doc.date or 'date not printed'}; {_pages(doc)}; {doc.url}",
    ]
    if doc.same_as:
        lines.append(f"  same conversation as {', '.join(doc.same_as)}")
    return "\n".join(lines)


def run_check(args: argparse.Namespace) -> int:
    corpus = _load(args.paths)
    if corpus is None:
        return 2
    total: Counter[str] = Counter()
    for doc in corpus.documents:
        speakers = Counter(t.speaker for t in doc.turns)
        total.update(speakers)
        kinds = Counter(str(s.kind) for s in doc.segments)
        parts = [f"{len(doc.turns)} turns"]
        parts += [f"{who} {n}" for who, n in speakers.most_common()]
        parts += [f"{n} {kind} segment{'s' if n > 1 else ''}" for kind, n in sorted(kinds.items())]
        flags = [f for f, on in (("excerpt", doc.excerpt), ("narrative", not doc.dialogue)) if on]
        flags += [f"same as {i}" for i in doc.same_as]
        print(
            f"{doc.id} ({doc.source_format}): {', '.join(parts)}; {_pages(doc)}"
            + (f" [{'; '.join(flags)}]" if flags else "")
        )
    errors = sum(p.severity == "error" for p in corpus.problems)
    warnings = len(corpus.problems) - errors
    by_speaker = ", ".join(f"{who} {n}" for who, n in total.most_common())
    print(
        f"\n{len(corpus.documents)} documents, {sum(total.values())} turns"
        + (f" ({by_speaker})" if by_speaker else "")
        + f"; {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}."
    )
    if corpus.problems:
        print("\nProblems:")
        for problem in corpus.problems:
            print(f"  {_problem_line(problem)}")
    if not corpus.documents:
        fail(
            "corpus",
            "Nothing could be parsed: the problems above say why, each with its file and "
            "line. Give FRUS transcripts: .txt files in history.state.gov's text layout, TEI "
            ".xml files, or folders of them.",
        )
        return 1
    return 0


def generate_manifest(corpus_dir: Path) -> str:
    """The manifest of a corpus folder: INDEX.tsv rows, then the TEI documents it holds.

    For maintainers adding sources; it lives here, not in ``transcripts``, because it needs
    the importer, and the importer reads the manifest.
    """
    from dataclasses import replace

    from transcripts.manifest import Entry, read_index, write_manifest

    index = (corpus_dir / "frus-text" / "INDEX.tsv").read_text(encoding="utf-8")
    entries = [replace(e, file=f"frus-text/{e.file}") for e in read_index(index)]
    tei_dir = corpus_dir / "frus-tei"
    if tei_dir.is_dir():
        for doc in load_corpus([tei_dir], merge=False).documents:
            entries.append(
                Entry(
                    id=doc.id,
                    file=Path(doc.path).relative_to(corpus_dir).as_posix(),
                    format="tei",
                    volume=doc.volume,
                    document=doc.number,
                    volume_title=doc.volume_title,
                    complete=not doc.excerpt,
                    turns=len(doc.turns),
                    url=doc.url,
                )
            )
    return write_manifest(entries)


def run_manifest(args: argparse.Namespace) -> int:
    text = generate_manifest(shipped_corpus_dir())
    if args.write:
        target = shipped_corpus_dir() / "manifest.tsv"
        target.write_text(text, encoding="utf-8")
        print(f"Wrote {target} ({text.count(chr(10)) - 1} documents).")
    else:
        print(text, end="")
    return 0
