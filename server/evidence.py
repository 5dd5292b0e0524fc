"""How clearly a recorded line shows who spoke it: the speaker model behind "Who said it?".

Most lines of the channel could be either man's ("It could begin in New York."); a question
about them is guesswork. A logistic regression learns Kissinger against Dobrynin from the
record itself, on the line's all-MiniLM-L6-v2 vector (reduced to its main directions), a few
cues a reader uses (who is addressed by name, "Moscow" or "my Government", "the President")
and which common words it uses. Each line is scored by a model fitted **without its own
conversation** (leave-one-conversation-out; a call printed in two volumes is one
conversation), so its score says what the rest of the record teaches about this line, not
what the model memorised (the vectors' main directions and the word list are drawn from every
line, as they need no speaker; no speaker label of the conversation is seen). ``evidence``
is the probability that model gives the true speaker: a line is asked only when it is high,
and the level a student chooses decides how high.

The line before often settles it: after "Anatol, I have talked to the President" the answer
is not Kissinger. Its score for its own speaker is combined with the line's (their log-odds
added, as independent clues), and the question then shows that line as context, unattributed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from embeddings.tiers import logistic
from server.per_index import once_per_index
from server.wire import Level
from transcripts import DocumentRecord

if TYPE_CHECKING:
    from embeddings import Index

# Evidence (probability of the true speaker) a question of each level needs.
CLEAR = 0.9
SUBTLE = 0.7
SIDES = ("kissinger", "dobrynin")

COMPONENTS = 32  # main directions of the sentence vectors kept
VOCABULARY = 150  # most widespread words, present/absent
MIN_LINES = 8  # a word used in fewer lines than this is no general cue
L2 = 1.0

# Cues a reader of the record knows: whom the line addresses, whose government it speaks for.
CUES = (
    r"\banatol\w*|\bmr\.? ambassador\b|\bdobrynin\b",
    r"\bhenry\b|\bdr\.? kissinger\b|\bkissinger\b",
    r"\bmoscow\b|\bmy government\b|\bour leadership\b|\bmy leadership\b|\bkremlin\b",
    r"\bthe president\b|\bnixon\b|\bwashington\b",
)


@dataclass(frozen=True)
class SpeakerEvidence:
    """Held-out log-odds that each indexed turn is Kissinger's (NaN: neither side spoke it)."""

    logit: np.ndarray  # one per index record
    rows: dict[tuple[str, int], int]
    speakers: tuple[str, ...]

    def alone(self, document: str, turn: int) -> float:
        """Probability the held-out model gives the turn's true speaker, from its words alone."""
        row = self.rows[(document, turn)]
        return _probability(self._for_speaker(row))

    def with_context(self, document: str, turn: int) -> float | None:
        """The same, given the line before, when the other side spoke it (else None)."""
        row = self.rows[(document, turn)]
        if turn == 0 or (document, turn - 1) not in self.rows:
            return None
        before = self.rows[(document, turn - 1)]
        if self.speakers[before] == self.speakers[row] or np.isnan(self.logit[before]):
            return None
        # What shows the line before to be the other man's shows this one to be this man's.
        return _probability(self._for_speaker(row) + self._for_speaker(before))

    def asked(self, document: str, turn: int) -> tuple[float, bool]:
        """The evidence a "who said it?" of the turn stands on, and whether it shows the line
        before: when that line lifts it to a higher level than its own words reach (what
        settles it is then on the screen). The quiz and the Anki cards both follow this one
        rule, so a card shows what its question showed."""
        alone = self.alone(document, turn)
        with_before = self.with_context(document, turn) or 0.0
        before = _RANK[level_of(with_before)] > _RANK[level_of(alone)]
        return (with_before if before else alone), before

    def _for_speaker(self, row: int) -> float:
        value = float(self.logit[row])
        if np.isnan(value):
            return float("-inf")
        return value if self.speakers[row] == SIDES[0] else -value


def _probability(log_odds: float) -> float:
    return float(1 / (1 + np.exp(-log_odds))) if np.isfinite(log_odds) else 0.0


_RANK: dict[Level | None, int] = {None: 0, "subtle": 1, "clear": 2}


def level_of(evidence: float) -> Level | None:
    if evidence >= CLEAR:
        return "clear"
    if evidence >= SUBTLE:
        return "subtle"
    return None


def _conversation(documents: Mapping[str, DocumentRecord], doc_id: str) -> str:
    twins = [d for d in documents[doc_id].same_as if d in documents]
    return min([doc_id, *twins])


def features(index: Index) -> np.ndarray:
    """One row per record: vector components, reader's cues, length, common words."""
    texts = [r.spoken_text for r in index.records]
    plain = np.asarray(index.vectors[1 :: index.views], dtype=np.float64)  # the spoken words
    centred = plain - plain.mean(axis=0)
    _, _, directions = np.linalg.svd(centred, full_matrices=False)
    components = centred @ directions[:COMPONENTS].T
    cues = np.array(
        [[bool(re.search(cue, t, re.IGNORECASE)) for cue in CUES] for t in texts], dtype=float
    )
    length = np.log1p([len(t.split()) for t in texts])[:, None]
    words = [set(re.findall(r"[a-z']+", t.lower())) for t in texts]
    spread = Counter(w for ws in words for w in ws)
    vocabulary = [w for w, c in spread.most_common(VOCABULARY) if c >= MIN_LINES]
    common = np.array([[w in ws for w in vocabulary] for ws in words], dtype=float)
    return np.hstack([components, cues, length, common])


def fit(index: Index) -> SpeakerEvidence:
    """Score every turn by a model fitted on the other conversations (blocking: seconds)."""
    records = index.records
    speakers = tuple(r.speaker for r in records)
    known = np.array([s in SIDES for s in speakers])
    logit = np.full(len(records), np.nan)
    rows = {(r.document, r.index): i for i, r in enumerate(records)}
    x = features(index)
    y = np.array([s == SIDES[0] for s in speakers], dtype=float)
    groups = np.array([_conversation(index.documents, r.document) for r in records])
    if known.sum() and len(set(y[known])) == 2:
        design = np.column_stack([x, np.ones(len(x))])
        for group in np.unique(groups[known]):
            held = groups == group
            train = known & ~held
            if len(set(y[train])) < 2:
                continue
            beta = logistic(x[train], y[train], np.ones(int(train.sum())), L2)
            logit[held & known] = design[held & known] @ beta
    return SpeakerEvidence(logit=logit, rows=rows, speakers=speakers)


_fitted = once_per_index(fit)


def evidence_for(index: Index) -> SpeakerEvidence:
    """:func:`fit` once per loaded index, shared by every quiz engine over it (thread-safe:
    the server warms it in the background at start, a first quiz waits for that fit)."""
    return _fitted(index)
