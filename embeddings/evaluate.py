"""Measure role-play search on a JSON-lines set: recall, MRR, no-match rates, latency."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from embeddings.nomatch import Evidence
from embeddings.roleplay import Answer, Context, Match, RolePlay


@dataclass(frozen=True)
class EvalItem:
    """One line of a set: ``expect`` is the first words of the right reply, None if off-topic."""

    query: str
    expect: str | None
    as_: str = "kissinger"
    context: Context | None = None
    line: int = 0


def load_items(path: Path) -> list[EvalItem]:
    """Read ``{"query": ..., "expect": ...}`` lines; a missing or empty expect means off-topic."""
    items = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            query = data["query"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(
                f'{path}:{number}: expected a JSON object with a "query" (and "expect", the '
                f"first words of the right reply, empty for off-topic lines); got {raw[:60]!r} "
                f"({exc.__class__.__name__})."
            ) from None
        ctx = data.get("context")
        items.append(
            EvalItem(
                query=query,
                expect=data.get("expect") or None,
                as_=data.get("as", "kissinger"),
                context=Context(ctx["document"], int(ctx["position"])) if ctx else None,
                line=number,
            )
        )
    return items


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("’", "'"))


def reply_starts_with(match: Match, expect: str) -> bool:
    """Whether the match's reply begins with the expected words (punctuation ignored)."""
    want = _words(expect)
    for text in (
        " ".join(t.text for t in match.reply),
        " ".join(t.clean_text for t in match.reply),
    ):
        if _words(text)[: len(want)] == want:
            return True
    return False


@dataclass
class EvalReport:
    on_topic: int = 0
    off_topic: int = 0
    hits_at_1: int = 0
    hits_at_5: int = 0
    reciprocal_ranks: float = 0.0
    no_match_on_topic: int = 0
    no_match_off_topic: int = 0
    ambiguous: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    # what the no-match rule weighed for each line, for calibration
    on_features: list[Evidence] = field(default_factory=list)
    off_features: list[Evidence] = field(default_factory=list)
    misses: list[tuple[EvalItem, Answer]] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        on, off = max(self.on_topic, 1), max(self.off_topic, 1)
        lat = np.array(self.latencies_ms or [0.0])
        return {
            "on_topic": self.on_topic,
            "off_topic": self.off_topic,
            "recall@1": self.hits_at_1 / on,
            "recall@5": self.hits_at_5 / on,
            "mrr": self.reciprocal_ranks / on,
            "no_match_on_topic": self.no_match_on_topic / on,
            "no_match_off_topic": self.no_match_off_topic / off,
            "ambiguous": self.ambiguous / on,
            "latency_ms_median": float(np.median(lat)),
            "latency_ms_p95": float(np.percentile(lat, 95)),
        }


def evaluate(roleplay: RolePlay, items: list[EvalItem], *, k: int = 5) -> EvalReport:
    """Answer every item as the server would and score it. On-topic no_match counts as a miss."""
    report = EvalReport()
    for item in items:
        started = time.perf_counter()
        answer = roleplay.respond(item.query, as_=item.as_, context=item.context, k=k)
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        features = answer.evidence
        if item.expect is None:
            report.off_topic += 1
            if features is not None:
                report.off_features.append(features)
            report.no_match_off_topic += answer.status == "no_match"
            if answer.status != "no_match":
                report.misses.append((item, answer))
            continue
        report.on_topic += 1
        if features is not None:
            report.on_features.append(features)
        report.ambiguous += answer.status == "ambiguous"
        if answer.status == "no_match":
            report.no_match_on_topic += 1
            report.misses.append((item, answer))
            continue
        rank = next(
            (i for i, m in enumerate(answer.matches, 1) if reply_starts_with(m, item.expect)),
            None,
        )
        report.hits_at_1 += rank == 1
        report.hits_at_5 += rank is not None and rank <= 5
        report.reciprocal_ranks += 1 / rank if rank else 0.0
        if rank != 1:
            report.misses.append((item, answer))
    return report
