"""The corpus manifest: one row per shipped document, from INDEX.tsv plus the volume titles.

A header-less file (the seed v39 d107) has its volume, number and completeness only here, and a
citation needs the volume's title, which the text layout never prints. The manifest is
generated (``backchannel corpus manifest --write``); a test checks the committed copy is current.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from transcripts.model import HISTORY_STATE_GOV

# FRUS 1969–1976 volumes of the corpus. A TEI volume's own header title wins over these.
VOLUME_TITLES = {
    "frus1969-76v09": "Vietnam, October 1972–January 1973",
    "frus1969-76v12": "Soviet Union, January 1969–October 1970",
    "frus1969-76v13": "Soviet Union, October 1970–October 1971",
    "frus1969-76v14": "Soviet Union, October 1971–May 1972",
    "frus1969-76v15": "Soviet Union, June 1972–August 1974",
    "frus1969-76v16": "Soviet Union, August 1974–December 1976",
    "frus1969-76v25": "Arab-Israeli Crisis and War, 1973",
    "frus1969-76v28": "Southern Africa",
    "frus1969-76v30": "Greece; Cyprus; Turkey, 1973–1976",
    "frus1969-76v32": "SALT I, 1969–1972",
    "frus1969-76v39": "European Security",
    "frus1969-76v40": "Germany and Berlin, 1969–1972",
}
COLUMNS = ("id", "file", "format", "volume", "document", "volume_title", "complete", "turns", "url")


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    file: str  # relative to the corpus folder
    format: str  # "text" or "tei"
    volume: str
    document: int
    volume_title: str | None
    complete: bool
    turns: int
    url: str


def volume_title(volume: str) -> str | None:
    return VOLUME_TITLES.get(volume)


def read_index(text: str) -> list[Entry]:
    """Rows of a frus-text INDEX.tsv (file, volume, document, complete, turns, first_line)."""
    entries = []
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        volume, number = row["volume"], int(row["document"])
        entries.append(
            Entry(
                id=f"{volume}/d{number}",
                file=row["file"],
                format="text",
                volume=volume,
                document=number,
                volume_title=volume_title(volume),
                complete=row["complete"] == "yes",
                turns=int(row["turns"]),
                url=f"{HISTORY_STATE_GOV}/{volume}/d{number}",
            )
        )
    return entries


def read_manifest(text: str) -> list[Entry]:
    entries = []
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        entries.append(
            Entry(
                id=row["id"],
                file=row["file"],
                format=row["format"],
                volume=row["volume"],
                document=int(row["document"]),
                volume_title=row["volume_title"] or None,
                complete=row["complete"] == "yes",
                turns=int(row["turns"]),
                url=row["url"],
            )
        )
    return entries


def write_manifest(entries: list[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow(
            [
                e.id,
                e.file,
                e.format,
                e.volume,
                e.document,
                e.volume_title or "",
                "yes" if e.complete else "no",
                e.turns,
                e.url,
            ]
        )
    return out.getvalue()


def load_entries(folder: Path) -> dict[str, Entry]:
    """Manifest rows for files in ``folder`` (or its frus-text/ part), keyed by file name."""
    for candidate in (folder / "manifest.tsv", folder.parent / "manifest.tsv"):
        if candidate.is_file():
            rows = read_manifest(candidate.read_text(encoding="utf-8"))
            return {Path(e.file).name: e for e in rows}
    index = folder / "INDEX.tsv"
    if index.is_file():
        return {e.file: e for e in read_index(index.read_text(encoding="utf-8"))}
    return {}


def generate(corpus_dir: Path) -> str:
    """The manifest of a corpus folder: INDEX.tsv rows, then the TEI documents it holds."""
    from transcripts.corpus import load_corpus  # the TEI rows need the importer

    text_rows = read_index((corpus_dir / "frus-text" / "INDEX.tsv").read_text(encoding="utf-8"))
    entries = [Entry(**{**_asdict(e), "file": f"frus-text/{e.file}"}) for e in text_rows]
    tei_dir = corpus_dir / "frus-tei"
    if tei_dir.is_dir():
        tei = load_corpus([tei_dir], merge=False)
        for doc in tei.documents:
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


def _asdict(e: Entry) -> dict:
    return {name: getattr(e, name) for name in Entry.__slots__}
