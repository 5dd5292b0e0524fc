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
THRESHOLD = 0.6
# The bar of a class whose instructor chose "strict answers" (README, Stricter answers): on the
# free-line dev sets it showed 35-45 % less nonsense than THRESHOLD, and refused 13-18 % of
# loose paraphrases against THRESHOLD's 8-9 %.
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


# Fitted with `backchannel eval tests/data/dev_*.jsonl tests/data/free_dev.jsonl
# tests/data/free_dobrynin_dev.jsonl tests/data/hostile_dev.jsonl --calibrate` on the shipped
# corpus (430 lines, 8 candidates each; L2 1.0). The threshold trades refusing on-topic lines
# against answering off-topic ones; 0.6 was chosen on the dev sets left out one at a time
# (see README, "Retrieval quality").
TIERS = FitModel(
    weights=(
        1.4636,
        -0.7115,
        1.8512,
        -0.7905,
        -0.2903,
        0.7326,
        -0.9209,
        -0.6994,
        -1.0436,
        0.9283,
        0.3677,
        0.4457,
    ),
    bias=-2.8877,
    mean=(
        0.3756,
        0.3715,
        -0.1331,
        0.3023,
        0.2184,
        0.3917,
        -0.9008,
        0.2625,
        3.2634,
        2.4210,
        0.3675,
        0.3405,
    ),
    scale=(
        0.1170,
        0.1538,
        0.1388,
        0.1276,
        0.2400,
        0.2705,
        1.7771,
        0.4400,
        0.8889,
        0.5533,
        0.1442,
        0.1126,
    ),
    threshold=THRESHOLD,
)
