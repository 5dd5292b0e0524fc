"""Recorded lines that read alike: a call printed twice, "Yes." said in twenty calls.

The record repeats itself in ways a search must not pass on to the student: the same call
printed in two volumes would be offered twice, and a short line recurs with different replies,
so which one answers depends on where in which conversation the student stands.
"""

from __future__ import annotations

import re

import numpy as np

from embeddings.answers import Context
from embeddings.index import Index

# A recorded line this short that recurs with different replies needs context to be answered.
SHORT_WORDS = 3


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


class Repeats:
    """Which indexed turns repeat one another, by their words and their replies' words."""

    def __init__(self, index: Index) -> None:
        self._records = index.records
        self._keys = [_key(r.spoken_text) for r in index.records]
        self._reply_keys = [
            _key(" ".join(t.spoken_text for t in index.reply(i)))[:80] for i in range(len(index))
        ]
        self._rows_by_key: dict[str, list[int]] = {}
        for i, key in enumerate(self._keys):
            self._rows_by_key.setdefault(key, []).append(i)

    def distinct(self, rows: np.ndarray, k: int) -> list[int]:
        """Drop candidates repeating a better one's words and reply (a call printed twice)."""
        seen, out = set(), []
        for row in rows:
            key = (self._keys[row], self._reply_keys[row])
            if key in seen:
                continue
            seen.add(key)
            out.append(int(row))
            if len(out) == k:
                break
        return out

    def read_apart(self, rows: list[int], k: int) -> list[int]:
        """The best ``k`` of ``rows`` whose lines read differently on the page.

        ``distinct`` keeps "Okay." of two calls, for their replies differ; offered to pick
        after a refusal they would be two identical buttons. The better-ranked one stays and
        the next line that reads otherwise takes the other's place.
        """
        seen, out = set(), []
        for row in rows:
            shown = " ".join(self._records[row].clean_text.split()).casefold()
            if shown in seen:
                continue
            seen.add(shown)
            out.append(row)
            if len(out) == k:
                break
        return out

    def twins(self, row: int, mask: np.ndarray) -> list[int]:
        """Other turns of the same short words with different replies ("Yes.", "Right.")."""
        key = self._keys[row]
        if len(key.split()) > SHORT_WORDS:
            return [row]
        seen, out = set(), []
        for i in self._rows_by_key[key]:
            if mask[i] and self._reply_keys[i] not in seen:
                seen.add(self._reply_keys[i])
                out.append(i)
        return out

    def in_context(self, rows: list[int], context: Context) -> int | None:
        """The twin at or next after the student's position in the document being replayed."""
        same = [r for r in rows if self._records[r].document == context.document]
        if not same:
            return None
        return min(
            same,
            key=lambda r: (
                self._records[r].index < context.position,
                abs(self._records[r].index - context.position),
            ),
        )
