"""What a role-play's tier model alone makes of a line's candidates: the tests of a rule that
sets a candidate aside first show that the model would have shown it."""

from __future__ import annotations

from typing import Any


def turn_of(match: Any) -> tuple[str, int]:
    """A match's recorded turn, as the judged sets name it: (document, 0-based turn)."""
    return (match.prompt.document, match.prompt.index)


def model_fits(roleplay: Any, line: str, as_: str) -> dict[tuple[str, int], float]:
    """The tier model's own fit of each candidate of ``line``, before any rule sets one aside."""
    _, rows, evidence = roleplay.candidates(line, as_=as_)
    records = [roleplay.index.records[r] for r in rows]
    fit = roleplay.model.probability(evidence)
    return {(r.document, r.index): float(p) for r, p in zip(records, fit, strict=False)}
