"""What an index directory holds, and the checks that refuse one this version cannot use.

The manifest names the format, the model and backend that encoded the vectors, and the
SHA-256 of every file a query reads: numpy and JSON load a truncated or zeroed file silently
(or with a bare parser error), so a damaged index is caught here, by name, before it is
used. ``serve`` and ``build`` rebuild such an index (:class:`IndexStale`); ``ask`` and
``eval`` refuse it with the same message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from embeddings.caches import file_digest

# 4: the encoder's backend and every file's checksum in the manifest. 5: a document's last
# turn keeps the editors' paragraphs printed after it (``editorial_after`` in turns.json): an
# index of format 4 would give replies that end where the record goes on, so it is rebuilt.
# 6: a turn's views and BM25 words leave out the name its speaker calls the other by
# (embeddings.address.unnamed).
FORMAT_VERSION = 6
MANIFEST = "manifest.json"
ONNX_DIR = "onnx"  # the encoder's ONNX graph, exported from the model (embeddings.onnx_model)
DATA_FILES = (
    "vectors.npy",
    "tokens.npy",
    "token_offsets.npy",
    "turns.json",
    "documents.json",
    "terms.json",
)


class IndexLoadError(ValueError):
    """An index directory that cannot be used as it is (missing, other format, other model)."""


class IndexStale(IndexLoadError):
    """An index that a build replaces as a matter of course: none yet, an older format, a
    damaged file, or vectors of another backend. ``serve`` rebuilds it; ``ask`` and ``eval``
    refuse it with this message."""


def check_index_dir(index_dir: Path) -> None:
    """Refuse an index path that is an existing regular file (or anything not a folder)."""
    path = Path(index_dir)
    if path.exists() and not path.is_dir():
        raise IndexLoadError(
            f"The index path {path} is a file, not a directory. Give --index (or "
            "BACKCHANNEL_INDEX) a directory: it is created if it does not exist."
        )


def checksums(index_dir: Path) -> dict[str, str]:
    """SHA-256 of every file a query reads (the BM25 folder's files included)."""
    names = [*DATA_FILES, *sorted(f"bm25/{p.name}" for p in (index_dir / "bm25").iterdir())]
    return {name: file_digest(index_dir / name) for name in names}


def _rebuild(index_dir: Path) -> str:
    return f"Rebuild it with `backchannel build --index {index_dir}` (`serve` rebuilds it itself)."


def read_manifest(index_dir: Path) -> dict[str, Any]:
    """The manifest of the index in ``index_dir``, if this version can read that index.

    Raises :class:`IndexStale` (with what to do) for no index, a manifest that is not this
    format's, or one that is damaged.
    """
    check_index_dir(index_dir)
    path = Path(index_dir) / MANIFEST
    if not path.is_file():
        raise IndexStale(
            f"No index in {index_dir}: {MANIFEST} is missing. Build one with "
            f"`backchannel build --index {index_dir}`."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexStale(
            f"The index file {path} is damaged ({exc}). {_rebuild(index_dir)}"
        ) from exc
    found = manifest.get("format_version") if isinstance(manifest, dict) else None
    if found != FORMAT_VERSION:
        raise IndexStale(
            f"The index in {index_dir} has format version {found}, but this version of "
            f"Backchannel reads format version {FORMAT_VERSION}. {_rebuild(index_dir)}"
        )
    fields = {"model_id": str, "backend": str, "dimension": int, "views": list, "files": dict}
    for name, kind in fields.items():
        if not isinstance(manifest.get(name), kind):
            raise IndexStale(
                f"The index file {path} is damaged: {name!r} is missing or not a "
                f"{kind.__name__}. {_rebuild(index_dir)}"
            )
    checked: dict[str, Any] = manifest
    return checked


def verify(index_dir: Path, checksums: dict[str, str]) -> None:
    """Refuse an index whose files are not the ones its manifest describes (truncated,
    overwritten, zeroed...): numpy and JSON would otherwise load many of them silently."""
    for name, digest in checksums.items():
        path = index_dir / name
        if not path.is_file():
            raise IndexStale(f"The index file {path} is missing. {_rebuild(index_dir)}")
        if file_digest(path) != digest:
            raise IndexStale(
                f"The index file {path} is damaged: its checksum is not the one in "
                f"{index_dir / MANIFEST}. {_rebuild(index_dir)}"
            )


def check_index(index_dir: Path) -> dict[str, Any]:
    """The manifest of a sound index in ``index_dir``; :class:`IndexStale` for any other."""
    manifest = read_manifest(index_dir)
    verify(Path(index_dir), manifest["files"])
    return manifest
