"""What every benchmark over the judged evaluation sets does first: read `--index` and the set
files from its command line, load the role-play and its judge.

Imported by the scripts of this folder (`python benchmarks/...`), so it sits on their import
path, as `serving.py` does.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from embeddings import RolePlay
from embeddings.evaluate import Judge

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def judged_sets(description: str, default: Iterable[Path]) -> tuple[RolePlay, Judge, list[Path]]:
    """The role-play over `--index`, its judge, and the set files named (``default`` if none)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--index", required=True)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    roleplay = RolePlay.load(Path(args.index))
    return roleplay, Judge(roleplay), [Path(f) for f in args.files] or list(default)
