"""A class's corrections as a file: exported, imported into another class, or scored by ``eval``.

Kept apart from the corrector itself: the file's shape is a promise to other installations
(a version 1 file still reads), while how a correction reaches a line may change at any time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from server.corrections import target
from server.errors import NotFound
from server.limits import MAX_LINE_CHARS
from server.nul import NUL
from server.store import Correction
from transcripts import CHANNEL

if TYPE_CHECKING:
    from embeddings import Index
    from embeddings.eval_sets import EvalItem

# What a correction file holds (GET .../corrections/export.json, POST .../corrections/import).
FILE_FORMAT = "backchannel-corrections"
# 2: a correction's "document" and "turn" may be null (the record does not answer the line),
# with "speaker" saying which side's students it refuses; version 1 files read the same.
FILE_VERSION = 2
READS = (1, 2)


def to_file(class_code: str, exported: str, corrections: list[Correction]) -> dict[str, Any]:
    """A class's corrections as a file another class can import, or ``eval`` can score."""
    return {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "class": class_code,
        "exported": exported,
        "corrections": [
            {"line": c.line, "document": c.document, "turn": c.turn, "speaker": c.speaker}
            for c in corrections
        ],
    }


def read_file(data: Any, where: str) -> list[dict[str, Any]]:
    """The corrections a file holds, or ``ValueError`` naming what is wrong and where."""
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise ValueError(
            f"{where}: not a corrections file (expected a JSON object with "
            f'"format": "{FILE_FORMAT}", as GET /api/classes/CODE/corrections/export.json '
            "writes)."
        )
    if data.get("version") not in READS:
        raise ValueError(
            f"{where}: corrections file version {data.get('version')!r}; this Backchannel "
            f"reads versions {' and '.join(map(str, READS))}."
        )
    items = data.get("corrections")
    if not isinstance(items, list):
        raise ValueError(f'{where}: "corrections" must be a list.')
    out = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            item = {}
        # type(...) is int: true and false are ints to Python, and false was read as turn 0
        answered = isinstance(item.get("document"), str) and type(item.get("turn")) is int
        unanswered = (
            item.get("document") is None
            and item.get("turn") is None
            and item.get("speaker") in CHANNEL
        )
        if not (isinstance(item.get("line"), str) and item["line"].strip()) or not (
            answered or unanswered
        ):
            raise ValueError(
                f'{where}: corrections[{n}] needs "line" (text) and either "document" (an id) '
                'and "turn" (an integer), or both null with "speaker" ("kissinger" or '
                '"dobrynin") for a line the record does not answer; got '
                f"{json.dumps(item, ensure_ascii=False)[:120]}."
            )
        if NUL in item["line"]:
            raise ValueError(
                f"{where}: corrections[{n}]: the line holds a NUL character (\\u0000), which no "
                "line a student says can hold (server.nul); remove it."
            )
        if len(item["line"].strip()) > MAX_LINE_CHARS:
            raise ValueError(
                f"{where}: corrections[{n}]: the line is {len(item['line'].strip()):,} characters "
                f"long, and a student's line is at most {MAX_LINE_CHARS:,}, so no line said "
                "could be it; shorten it or leave it out of the file."
            )
        out.append(
            {
                "line": item["line"].strip(),
                "document": item["document"] if answered else None,
                "turn": item["turn"] if answered else None,
                "speaker": item.get("speaker"),
            }
        )
    return out


def eval_items(path: Path, index: Index) -> list[EvalItem]:
    """A corrections file as a labelled ``eval`` set: each line's right answer is its turn's reply.

    What the instructors taught is what the search should find by itself: scoring the search
    on these lines (without the corrections) measures how far it is from the class's judgement.
    """
    from embeddings.eval_sets import EvalItem

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (from byte {exc.start}).") from None
    except json.JSONDecodeError as exc:  # its message alone named no file
        raise ValueError(
            f"{path}:{exc.lineno}: not JSON ({exc.msg} at column {exc.colno}); give a "
            "corrections file as the instructor page exports it."
        ) from None
    items = []
    for n, item in enumerate(read_file(data, str(path)), 1):
        if item["document"] is None:  # the record does not answer it: no_match is right
            items.append(EvalItem(query=item["line"], fits=(), as_=item["speaker"], line=n))
            continue
        try:
            chosen = target(index, item["document"], item["turn"])
        except NotFound as exc:
            raise ValueError(f"{path}: corrections[{n - 1}]: {exc}") from None
        reply = index.reply(index.row(chosen.document, chosen.turn))
        expect = " ".join(t.clean_text for t in reply)
        items.append(EvalItem(query=item["line"], expect=expect, as_=chosen.speaker, line=n))
    return items
