"""Whether anything in the record matches a line at all: a small linear rule, refittable.

A loose student line and an off-topic question can reach the same best score (the best turn's
word-by-word MaxSim, see :mod:`embeddings.tokens`), so the best score alone cannot tell them
apart. Three more signals of the line itself help:

- ``domain``: the cosine of the line to the centroid of every indexed turn. It measures whether
  the line speaks the record's language at all (diplomacy, arms, leaders) rather than recipes
  or code, and, unlike the best score, it does not rise because some turn shares a word;
- ``unknown``: the share of the line's words the record never uses;
- ``names``: how many of its capitalised names the record never uses.

``confidence = best + DOMAIN_WEIGHT * domain - UNKNOWN_WORDS_PENALTY * unknown
- UNKNOWN_NAMES_PENALTY * names``, in the units of the best score, and below ``THRESHOLD`` the
answer is no_match. The domain and names weights and the threshold come from a logistic
regression of on-topic against off-topic lines (:func:`fit_no_match`, run by
``backchannel eval --calibrate``) divided by the weight of the best score; the threshold is its
even-odds boundary. The words penalty is fixed, not fitted: the share of unknown words grows as
the index shrinks (a ten-document index knows few words), so a large fitted penalty that suits
the shipped corpus would refuse good lines on a small one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Fitted with `backchannel eval tests/data/dev_close.jsonl tests/data/dev_loose.jsonl
# tests/data/dev_loose_b.jsonl tests/data/dev_reverse.jsonl tests/data/dev_offtopic.jsonl
# tests/data/dev_offtopic_b.jsonl --calibrate` on the shipped corpus (165 on-topic, 75
# off-topic lines; ridge 0.1, both classes weighted evenly), with ``best`` the best turn's
# word-by-word (MaxSim) score. On those lines it refuses 4.2 % of on-topic lines (6.7 % of the
# loose ones, none of the close or reverse ones) and answers 2.7 % of off-topic lines; leave-
# one-out, the same. Scored by the best sentence cosine instead, the same fit refuses 6.1 %
# and answers 2.7 %.
DOMAIN_WEIGHT = 0.764
UNKNOWN_WORDS_PENALTY = 0.1
UNKNOWN_NAMES_PENALTY = 0.035
THRESHOLD = 0.609
L2 = 0.1


@dataclass(frozen=True)
class Evidence:
    """What the rule sees of a line: its best encoder score and the three signals above."""

    best: float
    domain: float
    unknown: float
    names: int

    def as_row(self) -> tuple[float, float, float, float]:
        return (self.best, self.domain, self.unknown, float(self.names))


@dataclass(frozen=True)
class NoMatchRule:
    domain_weight: float = DOMAIN_WEIGHT
    words_penalty: float = UNKNOWN_WORDS_PENALTY
    names_penalty: float = UNKNOWN_NAMES_PENALTY
    threshold: float = THRESHOLD

    def confidence(self, evidence: Evidence) -> float:
        return (
            evidence.best
            + self.domain_weight * evidence.domain
            - self.words_penalty * evidence.unknown
            - self.names_penalty * evidence.names
        )

    def matches(self, evidence: Evidence) -> bool:
        return self.confidence(evidence) >= self.threshold


def _logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float) -> np.ndarray:
    """Weighted, L2-penalised logistic regression by Newton steps; last coefficient: bias."""
    x = np.column_stack([x, np.ones(len(x))])
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ beta)))
        grad = x.T @ (weight * (p - y)) + penalty * beta
        hess = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-10:
            break
    return beta


def fit_no_match(
    on: list[Evidence],
    off: list[Evidence],
    *,
    words_penalty: float = UNKNOWN_WORDS_PENALTY,
    l2: float = L2,
) -> tuple[NoMatchRule, float, float]:
    """Fit the rule on on-topic and off-topic lines: (rule, on-topic refused, off answered)."""
    if not on or not off:
        raise ValueError(
            "Fitting the no-match rule needs both on-topic and off-topic lines (an off-topic "
            'line has an empty "expect"); pass files with both.'
        )
    rows = np.array([e.as_row() for e in (*on, *off)], dtype=float)
    x = np.column_stack([rows[:, 0] - words_penalty * rows[:, 2], rows[:, 1], rows[:, 3]])
    y = np.array([1.0] * len(on) + [0.0] * len(off))
    weight = np.where(y == 1, len(y) / (2 * len(on)), len(y) / (2 * len(off)))
    beta = _logistic(x, y, weight, l2)
    if beta[0] <= 0:
        raise ValueError(
            "The fitted no-match rule does not rise with the best score, so these lines "
            "cannot calibrate it; add more on-topic and off-topic lines."
        )
    rule = NoMatchRule(
        domain_weight=float(beta[1] / beta[0]),
        words_penalty=words_penalty,
        names_penalty=float(-beta[2] / beta[0]),
        threshold=float(-beta[3] / beta[0]),
    )
    refused = float(np.mean([not rule.matches(e) for e in on]))
    answered = float(np.mean([rule.matches(e) for e in off]))
    return rule, refused, answered
