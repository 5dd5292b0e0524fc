"""What a command says when the disk refuses the index: read-only, full, or not this user's."""

from __future__ import annotations

from pathlib import Path

# The shipped corpus's index with its ONNX graph and vector cache (du, 5 December 2026: 156 MB).
INDEX_SIZE = "about 160 MB with the shipped corpus"


def cannot_write(exc: OSError, index_dir: Path, fix: str) -> str:
    """``exc`` as a sentence naming the file and what to do (``fix``: the options to change).
    A full disk names no file (numpy's writer loses it), so the index directory stands in."""
    return (
        f"cannot write {exc.filename or index_dir}: {exc.strerror or exc}. {fix} a directory "
        f"this user can write, with room for the index ({INDEX_SIZE})."
    )
