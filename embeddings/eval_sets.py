"""The evaluation sets: JSON lines a teacher or a developer writes, read into typed items.

A line is ``{"query", "fits": [{"document", "turn"}], "as"}`` (a judged free line: the recorded
turns whose reply is an adequate answer, none when nothing in the record answers it) or
``{"query", "expect"}`` (a paraphrase: the first words of the right reply, empty for an
off-topic line), with an optional ``"context": {"document", "position"}``. A malformed line is
an error naming file:line and what is wrong, not a traceback in the search or a line scored
as off-topic; a ``fits`` naming a turn the index does not hold is one too
(:func:`check_fits_held`), not a silent miss.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from embeddings.answers import Context
from embeddings.index import Index


@dataclass(frozen=True)
class EvalItem:
    """One line. ``fits`` (judged free lines) or ``expect`` (paraphrases) says what is right;
    with neither, the line is off-topic and ``no_match`` is right."""

    query: str
    expect: str | None = None
    fits: tuple[tuple[str, int], ...] | None = None
    as_: str = "kissinger"
    context: Context | None = None
    line: int = 0

    @property
    def on_topic(self) -> bool:
        return bool(self.fits) if self.fits is not None else self.expect is not None


def _bad(path: Path, number: int, raw: str, why: str) -> ValueError:
    return ValueError(
        f'{path}:{number}: expected a JSON object with a "query" and either "fits" (a list of '
        '{"document", "turn"}, empty when nothing in the record answers the line) or "expect" '
        f"(the first words of the right reply, empty for off-topic lines); got {raw[:60]!r} "
        f"({why})."
    )


def load_items(path: Path) -> list[EvalItem]:
    """Read a set; a malformed line is an error naming file:line and what is wrong with it."""
    items = []
    for number, line in enumerate(Path(path).read_bytes().splitlines(), 1):
        try:
            raw = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _bad(path, number, repr(line), f"not UTF-8 text from byte {exc.start}") from None
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except ValueError as exc:  # JSONDecodeError, or a number too long to read
            raise _bad(path, number, raw, f"not JSON: {exc}") from None
        items.append(_item(data, number, functools.partial(_bad, path, number, raw)))
    return items


def _item(data: Any, number: int, bad: Callable[[str], ValueError]) -> EvalItem:
    """One line of a set, or ``bad(why)``: a query that is a number, an unknown role or a
    typo such as "fist" went on to a traceback in the search, or was scored as off-topic."""
    if not isinstance(data, dict):
        raise bad(f"a JSON {type(data).__name__}, not an object")
    query = data.get("query")
    if not isinstance(query, str) or not query.strip():
        raise bad('"query" must be the line, as non-empty text')
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        raise bad('"query" holds a lone UTF-16 surrogate (\\ud800...), which is not text') from None
    if "fits" not in data and "expect" not in data:
        raise bad('it has neither "fits" nor "expect", so nothing says what is right')
    role = data.get("as", "kissinger")
    if role not in ("kissinger", "dobrynin"):
        raise bad(f'"as" is {role!r}; it must be "kissinger" or "dobrynin"')
    expect = data.get("expect")
    if expect is not None and not isinstance(expect, str):
        raise bad('"expect" must be text')
    fits = data.get("fits")
    if "fits" in data:
        if not isinstance(fits, list) or not all(_is_place(f, "turn") for f in fits):
            raise bad('"fits" must be a list of {"document": ID, "turn": N}')
        fits = tuple((f["document"], f["turn"]) for f in fits)
    ctx = data.get("context")
    if ctx is not None and not _is_place(ctx, "position"):
        raise bad('"context" must be {"document": ID, "position": N}')
    return EvalItem(
        query=query,
        expect=expect or None,
        fits=fits,
        as_=role,
        context=Context(ctx["document"], ctx["position"]) if ctx else None,
        line=number,
    )


def check_fits_held(path: Path, items: list[EvalItem], index: Index) -> None:
    """A ``ValueError`` naming FILE:LINE of the first line whose ``fits`` names a turn the
    index does not hold, and what it holds: such a line was scored a miss without a word (a
    typo in a document id, a turn counted from 1, a set judged against another corpus)."""
    held = {(rec.document, rec.index) for rec in index.records}
    for item in items:
        for document, turn in item.fits or ():
            if (document, turn) in held:
                continue
            indices = [i for d, i in held if d == document]
            found = (
                f"{document!r} holds turns {min(indices)} to {max(indices)}"
                if indices
                else f"no document {document!r} is in it"
            )
            raise ValueError(
                f'{path}:{item.line}: "fits" names turn {turn} of {document!r}, which the index '
                f"in {index.index_dir} does not hold ({found}); correct the line, or evaluate "
                "against an index built from the corpus the set was judged on."
            )


def _is_place(value: Any, where: str) -> bool:
    """Whether ``value`` is ``{"document": ID, where: N}`` with N a whole number from 0."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("document"), str)
        and type(value.get(where)) is int
        and value[where] >= 0
    )
