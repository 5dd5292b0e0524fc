"""Transcripts given to `serve` or `build` that nothing could be answered from are refused, and
so is an index of none served with `--index` or searched by `ask` and `eval`; the problems of
those that can are said in serve's log.

Before, a file that parsed to nothing (an empty file, a binary one, a page whose speaker labels
name no participant) was built into an index of 0 turns and served: every line a student typed
was refused, and the "who said it?" model's thread died on the empty record with a traceback.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from transcripts import Corpus


def nothing_to_answer(corpus: Corpus, paths: Sequence[Path]) -> str | None:
    """Why ``corpus``, parsed from ``paths``, can answer no line; None when it can."""
    from embeddings.views import turn_records

    if turn_records(corpus):
        return None
    named = ", ".join(str(p) for p in paths) or "the shipped corpus"
    check = _check(paths)
    problems = len(corpus.problems)
    return (
        f"Nothing to answer from in {named}: no turn of a conversation that could be cited "
        f"was read ({problems} problem{'s' * (problems != 1)}: `{check}` lists each "
        "with its file and line). Give FRUS transcripts: .txt files in history.state.gov's "
        "text layout, TEI .xml files, or folders of them."
    )


def empty_index(index_dir: Path, command: str = "serve") -> str:
    """Why an index that holds no turn is not served, asked or evaluated: an earlier `build`
    wrote such an index from transcripts nothing could be read from; `serve --index DIR`
    served it, every line refused and the "who said it?" model's thread dead on the empty
    record with a traceback, and `ask` and `eval` stopped on it with a numpy traceback."""
    build = shlex.join(["backchannel", "build", "--index", str(index_dir)])
    again = (
        "serve it, or serve"
        if command == "serve"
        else f"run `backchannel {command}` on it again, or run it"
    )
    return (
        f"Nothing to answer from in the index {index_dir}: it holds no turn of a conversation "
        "(it was built from transcripts none could be read from). Build it again from FRUS "
        f"transcripts (`{build} --transcripts PATH`, which says what is wrong in them) and "
        f"{again} without --index for the shipped corpus."
    )


# The errors a server's log quotes; `corpus check` lists them all (a volume can have hundreds).
QUOTED = 5


def problems_found(corpus: Corpus, paths: Sequence[Path]) -> str | None:
    """What the transcripts a teacher gave hold that is wrong, for serve's log: their problems
    were only ever shown by `corpus check` and `build`, so a folder of mixed files was served
    with its binary file, its broken XML and its relabelled call unmentioned."""
    if not paths or not corpus.problems:
        return None
    errors = [p for p in corpus.problems if p.severity == "error"]
    warnings = len(corpus.problems) - len(errors)
    first = "".join(f"\n  {p}" for p in errors[:QUOTED])
    return (
        f"The transcripts given have {len(errors)} error{'s' * (len(errors) != 1)} and "
        f"{warnings} warning{'s' * (warnings != 1)} (what could be read is served): "
        f"`{_check(paths)}` lists each with its file and line."
        + (f" The first errors:{first}" if first else "")
    )


def _check(paths: Sequence[Path]) -> str:
    return shlex.join(["backchannel", "corpus", "check", *(str(p) for p in paths)])
