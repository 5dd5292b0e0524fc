"""Footnotes in the text layout: the notes block at the end, and the markers glued to words.

A marker is a bare number glued to a word (``morning.2``, ``President2``, ``]3``), which is also
how years, times and counts can look. What tells them apart is order: FRUS numbers a
document's notes 1, 2, 3 ... in reading order, so a glued number is a marker only when it is
the next one due (or a later one whose note is printed at the end). That rule keeps
``SS–9's``, ``’80`` and ``2:30`` as words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcripts.model import Problem

_NUMBERED = re.compile(r"^\s{1,8}(\d{1,3})\.\s+(\S.*?)\s*$")  # "  1. Source: ..."
_OLDER = re.compile(r"^-\s+(\S.*?)\s*↩?\s*$")  # "- Source: ...↩" (numbered by order)
_MARKER = re.compile(r"(?<=[^\W\d_]|[.,;:!?)\]’”…—'\"])(\d{1,3})(?![\w])")
_TITLE_MARKER = re.compile(r"(?<=\S) ?(\d{1,3})\s*$")


@dataclass(frozen=True, slots=True)
class NoteLine:
    number: int
    text: str
    line: int  # 1-based line in the file


def split_notes(lines: list[str], first_line: int) -> tuple[int, list[NoteLine]]:
    """The notes block at the end of ``lines``: returns (index where it starts, its notes).

    ``first_line`` is the file line number of ``lines[0]``. Only a block of note lines with
    nothing but blank lines after it counts, so a numbered list read aloud inside a turn
    (``1. A call to the sides ...``, not indented) stays speech.
    """
    start = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line.strip():
            continue
        if _NUMBERED.match(line) or _OLDER.match(line):
            start = i
            continue
        break
    notes: list[NoteLine] = []
    for i in range(start, len(lines)):
        line = lines[i]
        if m := _NUMBERED.match(line):
            notes.append(NoteLine(int(m.group(1)), m.group(2), first_line + i))
        elif m := _OLDER.match(line):
            notes.append(NoteLine(len(notes) + 1, m.group(1), first_line + i))
    return start, notes


def title_marker(title: str) -> tuple[str, int | None]:
    """Split ``... (Dobrynin)1`` or ``... Kissinger 1`` into the title and its note number."""
    if m := _TITLE_MARKER.search(title):
        return title[: m.start()].rstrip(), int(m.group(1))
    return title, None


class MarkerScanner:
    """Finds footnote markers in reading order across one document."""

    def __init__(self, known: set[int], expected: int = 2) -> None:
        self.known = known
        self.expected = expected
        self.seen: list[tuple[int, int]] = []  # (number, line)
        self.line = 0  # source line of the text being scanned

    def scan(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, number) of each marker in ``text``, in order."""
        found = []
        for m in _MARKER.finditer(text):
            n = int(m.group(1))
            before = text[m.start() - 2 : m.start()]
            if len(before) == 2 and before[1] in ".,:" and before[0].isdigit():
                continue  # 2:30, 50.1, 1,000
            if n == self.expected or (n in self.known and n > self.expected):
                found.append((m.start(), m.end(), n))
                self.seen.append((n, self.line))
                self.expected = n + 1
        return found


def check_markers(
    seen: list[tuple[int, int]],
    source_marker: int | None,
    notes: list[NoteLine],
    complete: bool | None,
    path: str,
    problems: list[Problem],
) -> None:
    """Report markers whose note a complete copy lacks, and a title without note 1."""
    numbers = {n.number for n in notes}
    for n, line in seen:
        if n not in numbers and notes and complete:
            problems.append(
                Problem(
                    path,
                    line,
                    f"Footnote marker {n} has no note in this copy (the notes stop at "
                    f"{max(numbers)}); the marker is kept. Add the note from the full page.",
                    severity="warning",
                )
            )
    if source_marker is None and notes:
        problems.append(
            Problem(
                path,
                0,
                "The title line has no source-note marker '1'; note 1 is still taken as the "
                "archival source. Check the title line.",
                severity="warning",
            )
        )
