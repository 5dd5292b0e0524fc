"""The index `build`, `ask` and `eval` are given, and the role-play `ask` and `eval` load on it.

Also the options naming them (``--index``; ``--backend`` and ``--threshold``, for the
role-play), added here once so that each command offers them in the same words.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from server.cli.say import fail
from server.cli.serve import read_settings
from server.given import empty_index
from server.settings import Settings

if TYPE_CHECKING:  # imported where used: the model's imports are slow
    from embeddings import RolePlay

BACKENDS = ("onnx", "torch")
LOAD_BACKEND = "What runs the encoder (default: the one that built the index; must match it)."


THRESHOLD_HELP = (
    f"{Settings.model_fields['threshold'].description} Also BACKCHANNEL_THRESHOLD, as for serve."
)


def index_option(parser: argparse.ArgumentParser) -> None:
    """``--index`` as `build`, `ask` and `eval` offer it (serve's and instructor's say what
    their default is, read from the settings)."""
    parser.add_argument("--index", type=Path, metavar="DIR", help="Index directory.")


def loading_options(parser: argparse.ArgumentParser) -> None:
    """``--backend`` and ``--threshold``, how `ask` and `eval` load the role-play: `build`'s
    ``--backend`` chooses the encoder an index is built with, so its help says other words."""
    parser.add_argument("--backend", choices=BACKENDS, help=LOAD_BACKEND)
    parser.add_argument("--threshold", type=float, metavar="P", help=THRESHOLD_HELP)


def index_dir_of(args: argparse.Namespace, settings: Settings) -> Path:
    """``--index`` where given, else the settings' index directory, as `serve` reads it."""
    return args.index or settings.index_dir


def load_roleplay(args: argparse.Namespace) -> RolePlay | None:
    """The index and its model, or None once what is wrong is said; an index of no turn is
    refused before the model loads (it stopped `ask` and `eval` with a numpy traceback)."""
    from embeddings import Index, IndexLoadError, RolePlay

    try:
        settings = read_settings({})
        index_dir = index_dir_of(args, settings)
        index = Index.load(index_dir)
        if not index.records:
            raise ValueError(empty_index(index_dir, args.command))
        return RolePlay.on(
            index,
            backend=args.backend or settings.backend,
            threshold=settings.threshold if args.threshold is None else args.threshold,
        )
    except (IndexLoadError, ValueError) as exc:
        fail(args.command, str(exc))
        return None
