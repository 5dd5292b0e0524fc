"""Word-by-word matching: the encoder's token vectors, stored flat, and their MaxSim score.

A student's loose line often says the gist of one clause of a long recorded turn ("Nixon will
receive you if it's really needed" for a turn about the President seeing the ambassador if
the message warrants it). The turn's one pooled vector averages that clause away among the
others. Matching each word of the line to its closest word of the turn, in the encoder's own
contextual token vectors, and averaging (MaxSim, as in ColBERT's late interaction) keeps it.
The token vectors come out of the same forward pass as the sentence vector, so this costs the
query nothing but a few small products over the first stage's best candidates.

Measured when it was added (README, "Retrieval quality"), on the shipped corpus of the time:
reranking the best 30 turns by ``0.25 * sentence score + 0.75 * MaxSim`` took loose lines'
Recall@1 from 0.68 to 0.85 on dev_loose_b (written blind) and from 0.75 to 0.95 on
holdout_loose (never tuned on).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embeddings.caches import save_npy

TokenEncode = Callable[[Sequence[str]], list[np.ndarray]]


@dataclass(frozen=True)
class TokenMatrix:
    """Every turn's token vectors as one (tokens, dimension) float32 array plus offsets.

    Turn ``i`` owns rows ``offsets[i]:offsets[i + 1]``. Stored as two ``.npy`` files and
    memory-mapped, like the sentence vectors. float32, not float16: numpy converts float16 in
    software, and converting 30 candidates' rows cost five times the product itself.
    """

    rows: np.ndarray
    offsets: np.ndarray

    @classmethod
    def from_blocks(cls, blocks: Sequence[np.ndarray], dimension: int) -> TokenMatrix:
        offsets = np.zeros(len(blocks) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(b) for b in blocks])
        rows = (
            np.concatenate(blocks).astype(np.float32)
            if offsets[-1]
            else np.zeros((0, dimension), dtype=np.float32)
        )
        return cls(rows, offsets)

    def save(self, directory: Path) -> None:
        save_npy(directory / "tokens.npy", self.rows)
        save_npy(directory / "token_offsets.npy", self.offsets)

    @classmethod
    def load(cls, directory: Path) -> TokenMatrix:
        return cls(
            np.load(directory / "tokens.npy", mmap_mode="r"),
            np.load(directory / "token_offsets.npy"),
        )

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def block(self, i: int) -> np.ndarray:
        return self.rows[self.offsets[i] : self.offsets[i + 1]]


def piece_weights(words: Sequence[str], said: Callable[[str], bool]) -> np.ndarray | None:
    """Each of a line's word pieces' share of its MaxSim (``words``: each piece's word, in
    order, as ``TextEncoder.piece_words`` gives them), or None when every piece counts the same.

    A word the record says counts once, however many pieces the tokenizer cuts it into: in the
    plain mean, "Brezhnev" (four pieces) was 40 % of "Tell Brezhnev we are serious about
    Berlin", so any turn saying his name matched it better than a turn on Berlin, and turns
    such as "... writing a letter to Mr. Brezhnev" answered a run of lines naming him (README,
    "Retrieval quality": hubs). A word the record never says keeps a share per piece: what the
    record cannot match is most of what such a line asks ("bluffing", three pieces), and
    counting it once let more of those lines be answered (docs/quality.md). Consecutive pieces
    of one word share its text, so a word said twice running ("no no") counts as one.
    """
    runs: list[int] = []  # the number of pieces of the word each piece belongs to
    start = 0
    for end in range(1, len(words) + 1):
        if end == len(words) or words[end] != words[start]:
            runs.extend([end - start if said(words[start]) else 1] * (end - start))
            start = end
    if all(n == 1 for n in runs):
        return None
    shares = 1.0 / np.array(runs, dtype=np.float64)
    out: np.ndarray = shares / shares.sum()
    return out


def _gathered(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the spans ``starts``/``lengths`` (none empty), one after the other, and
    where each span begins among them (for ``reduceat``)."""
    segments = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    return np.repeat(starts - segments, lengths) + np.arange(lengths.sum()), segments


def maxsim(
    query: np.ndarray,
    matrix: TokenMatrix,
    turns: np.ndarray,
    last: int | None = None,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """For each of ``turns``: the mean over the query's tokens of each one's best cosine with
    a token of that turn (0 for a turn or query without tokens); with ``last``, with a token of
    the turn's last ``last`` tokens only; with ``weights`` (``piece_weights``), the mean
    weighted by them.

    All the turns' rows are gathered and multiplied at once, then maxed per turn with
    ``np.maximum.reduceat``: one product for thirty candidates, not thirty.
    """
    turns = np.asarray(turns, dtype=np.int64)
    out = np.zeros(len(turns), dtype=np.float64)
    starts = matrix.offsets[turns]
    lengths = matrix.offsets[turns + 1] - starts  # these turns' only, not every turn's
    if last is not None:
        starts, lengths = starts + np.maximum(lengths - last, 0), np.minimum(lengths, last)
    keep = lengths > 0
    if not len(query) or not keep.any():
        return out
    rows, segments = _gathered(starts[keep], lengths[keep])
    # (turn tokens x query tokens): the same numbers as ``query @ rows.T`` (bit for bit where it
    # was measured; to a float32 cosine's last bit on a CPU whose BLAS kernel sums in another
    # order), in about half its time (BLAS streams the gathered rows once). The per-turn maxima go
    # back to (query tokens x turns), contiguous, so that the mean adds them in the same order.
    # ``np.take`` gathers the same rows as indexing the memory map, ~20 % quicker.
    sims = np.take(matrix.rows, rows, axis=0) @ query.T
    best = np.ascontiguousarray(np.maximum.reduceat(sims, segments, axis=0).T)
    out[keep] = best.mean(axis=0) if weights is None else weights @ best
    return out


def restated_and_around(
    query: np.ndarray,
    matrix: TokenMatrix,
    turns: np.ndarray,
    around: np.ndarray,
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``turns``: how much of it the query restates (the mean over the turn's
    tokens of each one's best cosine with a token of the query: MaxSim the other way round),
    and :func:`maxsim` against the turns around it (``around``: per turn, the first and last
    row, exclusive, of its window). Both from one product over the windows' turns, each turn
    once however many windows hold it (the candidates of a line are often neighbours)."""
    turns = np.asarray(turns, dtype=np.int64)
    said, near = np.zeros(len(turns)), np.zeros(len(turns))
    held = np.unique(np.concatenate([np.arange(a, b) for a, b in around] or [turns]))
    starts = matrix.offsets[held]
    lengths = matrix.offsets[held + 1] - starts
    keep = lengths > 0
    if not len(query) or not keep.any():
        return said, near
    held, lengths = held[keep], lengths[keep]
    rows, segments = _gathered(starts[keep], lengths)
    sims = np.take(matrix.rows, rows, axis=0) @ query.T  # (tokens of the windows x query)
    per_turn = np.maximum.reduceat(sims, segments, axis=0)  # each turn's best, per query token
    restating = np.add.reduceat(sims.max(axis=1).astype(np.float64), segments) / lengths
    best = np.zeros((len(query), len(turns)), dtype=sims.dtype)
    for n, (turn, (first, end)) in enumerate(zip(turns, around, strict=True)):
        inside = np.searchsorted(held, [first, end])
        if inside[1] > inside[0]:
            best[:, n] = per_turn[inside[0] : inside[1]].max(axis=0)
        at = np.searchsorted(held, turn)
        if at < len(held) and held[at] == turn:
            said[n] = restating[at]
    near[:] = best.mean(axis=0) if weights is None else weights @ best
    return said, near
