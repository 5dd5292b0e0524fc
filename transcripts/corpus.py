"""Loading a corpus from files and folders: read, parse, then reconcile duplicates.

Two kinds of duplicate are handled on purpose:

* One document in two forms (v12 d188/d189: a text copy and the TEI). The corpus keeps ONE
  document per id, the TEI one, because the TEI is the complete document (the text copies are
  cut short) and carries what the text layout lacks: the dateline's date and place and the
  opening page. The text copy is compared with it turn by turn, quotes folded (the TEI prints
  ``'``, the web page ``’``), and any disagreement is reported, so a bad copy cannot hide.
* One conversation printed in two volumes (v13 d161 = v32 d143). Both are real FRUS
  documents with their own numbers, pages and notes, so both stay, and each names the other in
  ``Document.same_as``: retrieval can then show one and cite both instead of treating them as
  two unrelated conversations.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path

from transcripts import tei
from transcripts.inline import fold_quotes
from transcripts.manifest import Entry, load_entries
from transcripts.model import Corpus, Document, Problem, volume_title
from transcripts.text_layout import Meta, parse_text

_SKIP = {"README.md", "INDEX.tsv", "SOURCES.md", "manifest.tsv"}
_SAME_AS_TURNS = 3  # opening turns that must agree, word for word, to call two records one
_SAME_AS_CHARS = 80


def shipped_corpus_dir() -> Path:
    """The corpus shipped inside the package (transcripts/corpus/)."""
    return Path(__file__).resolve().parent / "corpus"


def load_corpus(paths: Sequence[str | Path] = (), *, merge: bool = True) -> Corpus:
    """Parse files and folders (recursively); no ``paths``: the shipped corpus.

    Never raises for bad content (it goes to ``Corpus.problems``); raises FileNotFoundError
    for a path that does not exist. ``merge=False`` keeps both forms of a document (used to
    compare them).
    """
    roots = [Path(p) for p in paths] or [shipped_corpus_dir()]
    files: list[Path] = []
    for root in roots:
        if not root.exists():
            raise FileNotFoundError(
                f"No such file or folder: '{root}'. Give a .txt transcript, a TEI .xml file "
                "or a folder of them."
            )
    documents: list[Document] = []
    problems: list[Problem] = []
    for root in roots:
        if not root.is_dir():
            files.append(root)
            continue
        found = sorted(
            f
            for f in root.rglob("*")
            if f.is_file() and f.suffix in (".txt", ".xml") and f.name not in _SKIP
        )
        if not found:
            problems.append(
                Problem(
                    str(root),
                    0,
                    "This folder holds no .txt or .xml transcripts (searched recursively); "
                    "nothing was imported from it.",
                )
            )
        files += found
    files = list(dict.fromkeys(files))  # a file named twice is read once
    volumes = tei.VolumeInfo.from_folders({f.parent for f in files if f.suffix == ".xml"})
    entries: dict[Path, dict[str, Entry]] = {}
    terms: dict[str, str] = {}
    for file in files:
        docs, probs = _load_file(file, entries, volumes, terms)
        documents += docs
        problems += probs
    if merge:
        documents, merged = _merge_forms(documents)
        problems += merged
    documents = _link_same_as(documents)
    return Corpus(tuple(documents), tuple(problems), tuple(sorted(terms.items())))


def _load_file(
    file: Path,
    entries: dict[Path, dict[str, Entry]],
    volumes: tei.VolumeInfo,
    terms: dict[str, str],
) -> tuple[list[Document], list[Problem]]:
    path = str(file)
    try:
        data = file.read_bytes()
    except OSError as err:
        return [], [Problem(path, 0, f"{could_not_read(err)} Nothing was imported from it.")]
    if file.suffix == ".xml":
        result = tei.import_bytes(data, path, volumes)
        terms.update(result.terms)
        return result.documents, result.problems
    if (nul := data.find(b"\x00")) >= 0 or _looks_binary(data):
        offset = nul if nul >= 0 else 0
        line = data.count(b"\n", 0, offset) + 1
        return [], [
            Problem(
                path,
                line,
                f"This is not a text transcript: it holds binary data (from byte {offset}). "
                "Nothing was imported; give a UTF-8 text file or a TEI .xml file.",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return [], [
            Problem(
                path,
                line,
                f"Line {line} is not valid UTF-8 (byte {err.start}); nothing was imported. "
                "Save the file as UTF-8.",
            )
        ]
    problems: list[Problem] = []
    if file.parent not in entries:
        try:
            entries[file.parent] = load_entries(file.parent)
        except OSError as err:
            entries[file.parent] = {}
            problems.append(
                Problem(
                    err.filename or str(file.parent),
                    0,
                    f"{could_not_read(err)} The transcripts beside it are imported without "
                    "its rows (volume and document come from their headers or file names).",
                )
            )
    entry = entries[file.parent].get(file.name)
    meta = Meta(entry.volume, entry.document, entry.complete, entry.volume_title) if entry else None
    doc, probs = parse_text(text.replace("\r\n", "\n"), path, meta)
    if doc is None:
        return [], problems + probs
    if doc.volume_title is None and (title := volume_title(doc.volume)):
        doc = dataclasses.replace(doc, volume_title=title)
    return [doc], problems + probs


def could_not_read(err: OSError) -> str:
    """The first sentence of the problem for a file the system would not let us read."""
    return f"Could not read: {err.strerror or err}; check the file's permissions."


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(b < 9 or 13 < b < 32 for b in sample)
    return bool(sample) and controls / len(sample) > 0.05


def _fold(text: str) -> str:
    return " ".join(fold_quotes(text).split())


def compare_forms(text_doc: Document, tei_doc: Document) -> list[str]:
    """Where the text copy disagrees with the TEI over the copy's length (quotes folded)."""
    diffs = []
    tei_turns = tei_doc.turns
    if len(text_doc.turns) > len(tei_turns):
        diffs.append(f"the text copy has {len(text_doc.turns)} turns, the TEI {len(tei_turns)}")
    for a, b in zip(text_doc.turns, tei_turns, strict=False):
        if a.speaker != b.speaker or _fold(a.clean_text) != _fold(b.clean_text):
            diffs.append(f"turn {a.index} (line {a.line}) differs")
    return diffs


def _merge_forms(documents: list[Document]) -> tuple[list[Document], list[Problem]]:
    by_id: dict[str, list[Document]] = {}
    for doc in documents:
        by_id.setdefault(doc.id, []).append(doc)
    kept: list[Document] = []
    problems: list[Problem] = []
    for doc_id, docs in by_id.items():
        if len(docs) == 1:
            kept.append(docs[0])
            continue
        teis = [d for d in docs if d.source_format == "tei"]
        best = teis[0] if teis else max(docs, key=lambda d: (not d.excerpt, len(d.turns)))
        for other in docs:
            if other is best:
                continue
            if other.source_format == "text" and best.source_format == "tei":
                diffs = compare_forms(other, best)
                if diffs:
                    problems.append(
                        Problem(
                            other.path,
                            0,
                            f"The text copy of {doc_id} disagrees with its TEI form: "
                            + "; ".join(diffs[:5])
                            + ". The TEI form is kept; check the text copy.",
                        )
                    )
            elif other.source_format == best.source_format:
                problems.append(
                    Problem(
                        other.path,
                        0,
                        f"{doc_id} is also in {best.path}; that copy is kept. "
                        "Remove one of the two files.",
                        severity="warning",
                    )
                )
        kept.append(best)
    order = {d.id: i for i, d in enumerate(documents)}
    kept.sort(key=lambda d: order[d.id])
    return kept, problems


def _opening(doc: Document) -> tuple[tuple[str, str], ...] | None:
    turns = doc.turns[:_SAME_AS_TURNS]
    if len(turns) < _SAME_AS_TURNS or sum(len(t.spoken_text) for t in turns) < _SAME_AS_CHARS:
        return None  # "Hello." / "Hello." opens many calls
    return tuple((t.speaker, re.sub(r"\W+", " ", _fold(t.spoken_text)).lower()) for t in turns)


def _link_same_as(documents: list[Document]) -> list[Document]:
    """Link records of one conversation: same speakers and words in their opening turns."""
    groups: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for doc in documents:
        if (key := _opening(doc)) is not None:
            groups.setdefault(key, []).append(doc.id)
    linked = []
    for doc in documents:
        ids = groups.get(_opening(doc) or (), [doc.id])
        others = tuple(i for i in ids if i != doc.id and i not in doc.same_as)
        linked.append(dataclasses.replace(doc, same_as=doc.same_as + others) if others else doc)
    return linked
