"""Tiers: is the best candidate an answer (``match``), one of several (``ambiguous``), or is
nothing in the record an answer (``no_match``)?

Each of a line's best candidates is described by the evidence of :mod:`embeddings.evidence`
and the search scores, and a logistic model gives the probability that a history teacher
would call its recorded reply an adequate answer. Candidates are reordered by it, and below
``threshold`` nothing is shown as the answer. The model is fitted on the project's judged dev
sets (``backchannel eval --calibrate``): a candidate is a positive example when it fits the
line, and every candidate of a line nothing in the record answers is a negative one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# The fit probability below which a line gets no_match (see TIERS below for how it was set).
THRESHOLD = 0.7
# The bar of a class whose instructor chose "strict answers" (README, Stricter answers): on the
# free-line dev sets it shows 25-50 % less nonsense than THRESHOLD (34 % fewer lines over every
# dev free line, five folds), and refuses 18-20 % of loose paraphrases against THRESHOLD's 12-13 %.
STRICT_THRESHOLD = 0.8
FEATURES = (
    "words",  # the candidate's word-by-word MaxSim
    "sentence",  # its sentence score (views, weighted)
    "behind",  # its final score minus the best candidate's (0 for the best)
    "domain",  # the line's cosine to the record's centroid
    "unknown",  # share of the line's words the record never uses
    "conversation",  # weighted share of the line's telling words in the candidate's conversation
    "chatter",  # the chatter model's log-odds that the line is classroom chatter
    "question",  # the line asks a question and the recorded line does not
    "length",  # log of the candidate's length in words
    "short",  # log of the line's length in words
    "plain",  # cosine of the line to the candidate's own words (its plain sentence vector)
    "ending",  # word-by-word MaxSim against the candidate's last words only (what was answered)
    "restated",  # MaxSim the other way: how much of the candidate the line says
    "around",  # word-by-word MaxSim against the candidate and the two turns either side
)


def checked_threshold(threshold: float) -> float:
    """``threshold`` if it is a probability a line's best candidate can fall below and reach."""
    if not 0 < threshold < 1:
        raise ValueError(
            f"The threshold {threshold} is not a probability between 0 and 1: give one such as "
            f"{THRESHOLD} (the tier model's own) or {STRICT_THRESHOLD} (more lines refused, less "
            "shown that does not answer; README, Retrieval quality)."
        )
    return threshold


@dataclass(frozen=True)
class FitModel:
    """Logistic weights over ``FEATURES`` (standardised by ``mean``/``scale``) and the
    probability below which a line gets ``no_match``."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        z = (features - np.asarray(self.mean)) / np.asarray(self.scale)
        odds: np.ndarray = 1 / (1 + np.exp(-(z @ np.asarray(self.weights) + self.bias)))
        return odds


def logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float) -> np.ndarray:
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


def fit_model(
    features: np.ndarray,
    fits: np.ndarray,
    line_of: np.ndarray,
    *,
    l2: float = 1.0,
    threshold: float = THRESHOLD,
) -> FitModel:
    """Fit the weights on candidates (``fits``: 1 if the candidate answers its line), each line
    weighted once whatever its number of candidates, answering and not answering alike."""
    if not fits.any() or fits.all():
        raise ValueError(
            "Calibrating the tiers needs lines some candidate answers and lines none does; "
            "pass sets with both."
        )
    mean, scale = features.mean(axis=0), features.std(axis=0) + 1e-9
    z = (features - mean) / scale
    _, per_line = np.unique(line_of, return_counts=True)
    counts = dict(zip(np.unique(line_of).tolist(), per_line.tolist(), strict=True))
    weight = np.array([1.0 / counts[i] for i in line_of.tolist()])
    positive = fits == 1
    weight[positive] *= weight[~positive].sum() / weight[positive].sum()
    beta = logistic(z, fits.astype(float), weight, l2)
    return FitModel(
        weights=tuple(float(b) for b in beta[:-1]),
        bias=float(beta[-1]),
        mean=tuple(float(m) for m in mean),
        scale=tuple(float(s) for s in scale),
        threshold=threshold,
    )


def held_out(
    features: np.ndarray,
    fits: np.ndarray,
    line_of: np.ndarray,
    *,
    folds: int = 5,
    l2: float = 1.0,
) -> np.ndarray:
    """Each candidate's fit probability from a model fitted without its line (lines dealt
    round-robin into ``folds``): what a refitted model scores on lines it never saw. Figures
    of the model on its own calibration lines flatter it; these do not."""
    out = np.zeros(len(fits))
    fold = line_of % folds
    for k in range(folds):
        test = fold == k
        if test.any():
            model = fit_model(features[~test], fits[~test], line_of[~test], l2=l2)
            out[test] = model.probability(features[test])
    return out


# Fitted with `backchannel eval tests/data/dev_*.jsonl tests/data/free_dev*.jsonl
# tests/data/free_dobrynin_dev*.jsonl tests/data/hostile_dev.jsonl --calibrate` on the shipped
# corpus (every dev set: 872 lines, 8 candidates each; L2 1.0). The threshold trades refusing
# on-topic lines against showing replies that do not answer; 0.7 was chosen on the same lines,
# each answered by `respond` with the model fitted without its fifth of them
# (benchmarks/tier_refit.py; docs/quality.md, "The tier model refitted").
TIERS = FitModel(
    weights=(
        0.0458,
        -0.0995,
        2.0031,
        -0.5699,
        -0.1277,
        0.0834,
        -0.7025,
        -0.4377,
        -0.5264,
        0.2993,
        -0.9118,
        0.4491,
        1.1168,
        1.4300,
    ),
    bias=-2.7377,
    mean=(
        0.3897,
        0.3824,
        -0.1253,
        0.3126,
        0.1629,
        0.3305,
        -1.0321,
        0.2981,
        3.2652,
        2.3688,
        0.3800,
        0.3543,
        0.3234,
        0.4278,
    ),
    scale=(
        0.1075,
        0.1449,
        0.1275,
        0.1187,
        0.2127,
        0.2620,
        1.7204,
        0.4574,
        0.8817,
        0.4826,
        0.1379,
        0.1059,
        0.1216,
        0.1147,
    ),
    threshold=THRESHOLD,
)


# The tier model of a search within a scenario (a conversation, a topic, a volume:
# ``RolePlay.respond(..., scope=...)``), where a line's candidates are only the scenario's
# turns and most lines a class asks are answered elsewhere or nowhere. Fitted with
# `python benchmarks/scoped_refit.py --index DIR --fit` on the dev lines asked within every
# built-in scenario a dev line fits (each with three lines it must refuse) and over the whole
# record together, its bias moved so that its fit of 0.8 reads THRESHOLD: the bar chosen on the
# same lines, each answered by `respond` with the model fitted without its fifth of them
# (docs/quality.md, "The tier model within a scenario").
SCOPED_TIERS = FitModel(
    weights=(
        0.1007,
        1.0219,
        1.1204,
        -0.4600,
        0.0675,
        0.2082,
        -0.3773,
        -0.3864,
        -0.3278,
        -0.3292,
        -1.9777,
        0.6539,
        1.3084,
        1.3832,
    ),
    bias=-3.1973,
    mean=(
        0.2968,
        0.2600,
        -0.1159,
        0.3270,
        0.1342,
        0.2419,
        -1.2773,
        0.2903,
        3.0717,
        2.4113,
        0.2571,
        0.2725,
        0.2578,
        0.3694,
    ),
    scale=(
        0.1204,
        0.1525,
        0.1292,
        0.1129,
        0.1904,
        0.2431,
        1.6110,
        0.4539,
        0.9085,
        0.4883,
        0.1504,
        0.1116,
        0.1166,
        0.1171,
    ),
    threshold=THRESHOLD,
)
