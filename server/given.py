"""Transcripts given to `serve` or `build` that nothing could be answered from are refused.

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
    check = shlex.join(["backchannel", "corpus", "check", *(str(p) for p in paths)])
    problems = len(corpus.problems)
    return (
        f"Nothing to answer from in {named}: no turn of a conversation that could be cited "
        f"was read ({problems} problem{'s' * (problems != 1)}: `{check}` lists each "
        "with its file and line). Give FRUS transcripts: .txt files in history.state.gov's "
        "text layout, TEI .xml files, or folders of them."
    )
