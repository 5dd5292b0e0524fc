"""Cells as a spreadsheet reads them: text that is never run as a formula, and moments it
reads as dates and times.

Pure functions for the CSV export (:mod:`server.export`), which writes every cell through them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

# What makes a spreadsheet cell a formula (or, with tab and CR, hides one), per OWASP's
# CSV-injection advice: such a cell is written with a leading apostrophe, which spreadsheets
# read as "this is text" and do not show. Every text cell goes through it in the writer (not
# only the ones a student typed today), so no column added later can carry a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` as a cell no spreadsheet evaluates (OWASP: prefix a single quote).

    Leading spaces and newlines are looked through, since some spreadsheets skip them before
    reading a formula; numbers pass unchanged (a negative closeness stays a number).
    """
    if isinstance(value, str) and value.lstrip(" \n").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_time(moment: str) -> str:
    """A stored moment (ISO 8601 with its zone, ``2026-12-07T19:38:24.937Z``) as LibreOffice
    and Excel read a date and time when they open a CSV: ``2026-12-07 19:38:24``, in UTC, to
    the second. They read the ISO form, with its ``T`` and zone, as text, so a teacher could
    not sort or filter a class's work by time; this form carries no zone a spreadsheet would
    take, so the column's name says it (``at_utc``) and ``at`` keeps the moment whole. Empty
    for a moment that cannot be read, rather than a wrong date."""
    try:
        at = datetime.fromisoformat(moment)
    except ValueError:
        return ""
    if at.tzinfo is None:  # the store writes every moment with its zone; none would be UTC
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
