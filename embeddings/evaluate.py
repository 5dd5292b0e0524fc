"""Measure role-play on JSON-lines sets: does the answer fit, and is a refusal honest?

Two kinds of line are read. A **paraphrase** line (``{"query", "expect"}``) names the first
words of the right reply (empty for an off-topic line). A **judged free** line
(``{"query", "fits": [{"document", "turn"}], "as"}``) lists the recorded turns whose reply a
history teacher would call an adequate answer; an empty list means nothing in the record
answers it and ``no_match`` is right. For every set the report gives Recall@1 (a refusal
counts as a miss), Recall@5 and MRR over the lines offered (a refusal's "did you mean"
suggestions included), how many lines were refused, the fit rate (an adequate reply or an honest
refusal), the nonsense rate (a reply that does not fit, shown as the answer), the recorded
turns that answer most often (hubs), and the same figures for the plain baseline
(:mod:`embeddings.baseline`), which never refuses.

A refusal offers up to three recorded lines to pick ("did you mean"); one that offers the
fitting turn leaves the student one click from the record's answer, honestly, so it is counted
apart from a bare miss (``offered_fit``: on-topic lines refused with a fitting turn among the
lines offered). What offering costs is counted on the lines nothing answers: how many of them
were offered any line (``off_topic_offered``) and how many lines in all (``offers_off_topic``).
The baseline never refuses, so has neither.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from embeddings.answers import Answer, Match
from embeddings.baseline import PlainNearest
from embeddings.eval_sets import EvalItem
from embeddings.index import Index
from embeddings.roleplay import RolePlay
from embeddings.tiers import FitModel, fit_model, held_out
from embeddings.views import TurnRecord

HUBS = 5  # the turns that answer most often, listed per set


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("’", "'"))


def reply_starts_with(reply: list[TurnRecord] | tuple[TurnRecord, ...], expect: str) -> bool:
    """Whether a reply begins with the expected words (punctuation ignored)."""
    want = _words(expect)
    for text in (" ".join(t.spoken_text for t in reply), " ".join(t.clean_text for t in reply)):
        if _words(text)[: len(want)] == want:
            return True
    return False


class Judge:
    """Whether a recorded turn is a right answer to an item.

    A conversation printed in two volumes (``same_as``) is cited once in the sets; its copy in
    the other volume fits too when the turn or its reply opens with the same six words.
    """

    def __init__(self, roleplay: RolePlay) -> None:
        self.index = roleplay.index

    def _opening(self, row: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        rec = self.index.records[row]
        reply = " ".join(t.spoken_text for t in self.index.reply(row))
        return tuple(_words(rec.spoken_text)[:6]), tuple(_words(reply)[:6])

    def fits(self, item: EvalItem, row: int) -> bool:
        rec = self.index.records[row]
        if item.fits is None:
            return item.expect is not None and reply_starts_with(self.index.reply(row), item.expect)
        if (rec.document, rec.index) in item.fits:
            return True
        prompt, reply = self._opening(row)
        for document, turn in item.fits:
            held = self.index.documents.get(document)
            twins = held.same_as if held is not None else ()
            if rec.document in twins:
                other_prompt, other_reply = self._opening(self.index.row(document, turn))
                if prompt == other_prompt or reply == other_reply:
                    return True
        return False


@dataclass
class Tally:
    """Counts for one way of answering (the pipeline, or the baseline)."""

    hits_at_1: int = 0
    hits_at_5: int = 0
    reciprocal_ranks: float = 0.0
    ranked_at_1: int = 0  # on-topic lines whose best-ranked turn fits, refused or not
    refused_on: int = 0
    refused_off: int = 0
    offered_fit: int = 0  # on-topic lines refused with a fitting turn among the lines offered
    offered_off: int = 0  # lines nothing answers, refused and offered at least one line
    offers_off: int = 0  # the lines offered to lines nothing answers, all told
    adequate: int = 0
    nonsense: int = 0
    ambiguous: int = 0
    answered: Counter[int] = field(default_factory=Counter)  # row -> times it was the answer
    answered_fit: Counter[int] = field(default_factory=Counter)  # row -> times it fitted

    def add(self, item: EvalItem, rows: list[int], refused: bool, ok: list[bool]) -> None:
        """Score one line: ``rows`` ranked best first, ``ok`` whether each fits."""
        rank = next((i for i, good in enumerate(ok, 1) if good), None)
        if item.on_topic:
            self.ranked_at_1 += rank == 1
            self.refused_on += refused
            if rank is not None:  # among the lines offered, suggestions of a refusal too
                self.hits_at_1 += rank == 1 and not refused
                self.hits_at_5 += rank <= 5
                self.reciprocal_ranks += 1 / rank
                self.offered_fit += refused
        else:
            self.refused_off += refused
            if refused:
                self.offered_off += bool(rows)
                self.offers_off += len(rows)
        if not refused and rows:
            self.answered[rows[0]] += 1
            self.answered_fit[rows[0]] += ok[0]
            self.adequate += ok[0]
            self.nonsense += not ok[0]


@dataclass
class EvalReport:
    on_topic: int = 0
    off_topic: int = 0
    pipeline: Tally = field(default_factory=Tally)
    baseline: Tally = field(default_factory=Tally)
    latencies_ms: list[float] = field(default_factory=list)
    misses: list[tuple[EvalItem, Answer]] = field(default_factory=list)
    answers: list[tuple[EvalItem, Answer]] = field(default_factory=list)

    def _figures(self, t: Tally) -> dict[str, float]:
        on, off = max(self.on_topic, 1), max(self.off_topic, 1)
        lines = max(self.on_topic + self.off_topic, 1)
        return {
            "recall@1": t.hits_at_1 / on,
            "recall@5": t.hits_at_5 / on,
            "mrr": t.reciprocal_ranks / on,
            "ranked@1": t.ranked_at_1 / on,
            "no_match_on_topic": t.refused_on / on,
            "no_match_off_topic": t.refused_off / off,
            "fit": (t.adequate + t.refused_off) / lines,
            "nonsense": t.nonsense / lines,
            "ambiguous": t.ambiguous / lines,
        }

    def hubs(self, index: Index, tally: Tally | None = None) -> list[dict[str, Any]]:
        """The recorded turns that answered most often (at least twice), and how often fitly."""
        tally = tally or self.pipeline
        out = []
        for row, count in tally.answered.most_common(HUBS):
            if count < 2:
                break
            rec = index.records[row]
            out.append(
                {
                    "document": rec.document,
                    "turn": rec.index,
                    "text": rec.spoken_text[:70],
                    "answered": count,
                    "fitted": tally.answered_fit[row],
                }
            )
        return out

    def _offers(self) -> dict[str, float]:
        """What the pipeline's refusals offered: the share of on-topic lines refused with a
        fitting line offered, the share of lines nothing answers offered any line, and the
        lines offered to them all told (the baseline never refuses, so offers nothing)."""
        t = self.pipeline
        return {
            "offered_fit": t.offered_fit / max(self.on_topic, 1),
            "off_topic_offered": t.offered_off / max(self.off_topic, 1),
            "offers_off_topic": t.offers_off,
        }

    def summary(self) -> dict[str, Any]:
        lat = np.array(self.latencies_ms or [0.0])
        return {
            "on_topic": self.on_topic,
            "off_topic": self.off_topic,
            **self._figures(self.pipeline),
            **self._offers(),
            "baseline": self._figures(self.baseline),
            "latency_ms_median": float(np.median(lat)),
            "latency_ms_p95": float(np.percentile(lat, 95)),
        }


def evaluate(roleplay: RolePlay, items: list[EvalItem], *, k: int = 5) -> EvalReport:
    """Answer every item as the server would, and as the plain baseline would, and score both."""
    report = EvalReport()
    judge = Judge(roleplay)
    plain = PlainNearest(roleplay)
    for item in items:
        started = time.perf_counter()
        answer = roleplay.respond(item.query, as_=item.as_, context=item.context, k=k)
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        report.answers.append((item, answer))
        report.on_topic += item.on_topic
        report.off_topic += not item.on_topic
        refused = answer.status == "no_match"
        shown = answer.suggestions if refused else answer.matches
        rows = [_row(roleplay, m) for m in shown]
        ok = [judge.fits(item, r) for r in rows]
        report.pipeline.add(item, rows, refused, ok)
        report.pipeline.ambiguous += answer.status == "ambiguous"
        if (refused and item.on_topic) or (not refused and not (ok and ok[0])):
            report.misses.append((item, answer))
        (base,) = plain.rank([item.query], item.as_, k)
        report.baseline.add(item, base, False, [judge.fits(item, r) for r in base])
    return report


def _row(roleplay: RolePlay, match: Match) -> int:
    return roleplay.index.row(match.prompt.document, match.prompt.index)


@dataclass(frozen=True)
class Calibration:
    """A refitted tier model, and per set how the same fit does on lines it was not fitted on
    (``held_out``: five folds of lines; the twin and ambiguity rules of ``respond`` aside, and
    the wider chatter bar of a line whose best candidate is near-certain: ``Refusals.outright``
    is asked without the fit, which the refit is to give)."""

    model: FitModel
    held_out: dict[str, dict[str, float]]


def held_out_figures(
    items: list[EvalItem],
    probability: list[np.ndarray],
    fits: list[np.ndarray],
    threshold: float,
    outright: list[bool],
) -> dict[str, float]:
    """Recall@1, refusals, fit and nonsense of ``items`` when each is answered by its best
    candidate's held-out probability (``probability``/``fits``: per item, one per candidate),
    unless refused whatever its candidates (``outright``: ``RolePlay.outright``)."""
    adequate = nonsense = refused_on = refused_off = 0
    for item, p, ok, out in zip(items, probability, fits, outright, strict=True):
        refused = not len(p) or float(p.max()) < threshold or out
        refused_on += refused and item.on_topic
        refused_off += refused and not item.on_topic
        if not refused:
            adequate += bool(ok[int(p.argmax())])
            nonsense += not ok[int(p.argmax())]
    on = sum(i.on_topic for i in items)
    off, lines = len(items) - on, max(len(items), 1)
    return {
        "recall@1": adequate / max(on, 1),
        "no_match_on_topic": refused_on / max(on, 1),
        "no_match_off_topic": refused_off / max(off, 1),
        "fit": (adequate + refused_off) / lines,
        "nonsense": nonsense / lines,
    }


def candidate_evidence(
    roleplay: RolePlay,
    items: list[EvalItem],
    scopes: Sequence[Collection[str] | None] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[bool]]:
    """What the tier model is fitted on: each line's candidates as ``respond`` weighs them
    (evidence rows), whether each fits the line (0/1), and the number of the line of each;
    and per line, whether ``respond`` refuses it whatever its candidates (another language, an
    anachronism, chatter). ``scopes``: per line, the documents it is searched within (a
    scenario's; None, or no ``scopes``: the whole record).
    """
    judge = Judge(roleplay)
    features, fits, line_of, outright = [], [], [], []
    for number, item in enumerate(items):
        scope = None if scopes is None else scopes[number]
        scores, rows, evidence = roleplay.candidates(
            item.query, as_=item.as_, context=item.context, scope=scope
        )
        features.append(evidence)
        fits += [judge.fits(item, r) for r in rows[: len(evidence)]]
        line_of += [number] * len(evidence)
        line = " ".join(item.query.split())
        read = scores.reading
        refused = roleplay.refusals.outright(line, read.spoken, read.tokens, read.pieces)
        outright.append(bool(rows) and refused is not None)
    return np.vstack(features), np.array(fits, dtype=int), np.array(line_of), outright


def calibrate(roleplay: RolePlay, sets: dict[str, list[EvalItem]]) -> Calibration:
    """Refit the tier model on the lines of ``sets`` (name -> lines): each line's candidates,
    as ``respond`` weighs them; and score each set's lines by folds it was not fitted on."""
    items = [item for lines in sets.values() for item in lines]
    if not any(i.on_topic for i in items) or all(i.on_topic for i in items):
        raise ValueError(
            "Calibrating the tiers needs lines the record answers and lines it does not (empty "
            '"fits", or no "expect"); pass sets with both.'
        )
    x, y, lines, outright = candidate_evidence(roleplay, items)
    model = fit_model(x, y, lines)
    probability = held_out(x, y, lines)
    per_line = [lines == n for n in range(len(items))]
    report, start = {}, 0
    for name, chosen in sets.items():
        mine = per_line[start : start + len(chosen)]
        report[name] = held_out_figures(
            chosen,
            [probability[m] for m in mine],
            [y[m] for m in mine],
            model.threshold,
            outright[start : start + len(chosen)],
        )
        start += len(chosen)
    return Calibration(model, report)
