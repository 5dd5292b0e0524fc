"""Instructor corrections: "this line means that recorded turn", taught to the class's search.

An instructor who finds a wrong match picks the right recorded turn for the student's line.
From then on that line, and close paraphrases of it, said by a student of the class playing
the turn's speaker, are answered by that turn's recorded reply, cited, with the match marked
``chosen_by: "instructor"``. The reply is still the record, verbatim: a correction only
chooses *which* recorded exchange answers, never what it says.

An instructor may also find that nothing in the record answers the line (the search answered
"How was your vacation?" with "When are you leaving?"): such a correction has no turn, and the
line and its paraphrases are refused from then on (reason ``instructor``), with the search's
closest lines offered to pick, as for any refusal.

A paraphrase is recognised by the cosine of the two lines' sentence vectors (the same model as
the search), unless they differ in a name, number, negation, role, direction or a word's
opposite, which the cosine does not see (server/rewording.py). Corrections are read from the
store on every line, so one posted on any server process holds on all of them at once.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, Field

from server.errors import NotFound
from server.exchanges import Exchange
from server.rewording import Lexicon
from server.store import Correction
from server.wire import AskOut, MatchOut, match_out
from transcripts import CHANNEL

if TYPE_CHECKING:
    from embeddings import Index
    from embeddings.answers import Match
    from embeddings.encoder import TextEncoder


class CorrectionNow(BaseModel):
    """What the class's corrections do now with one exchange's line, where that differs from
    what the student was answered then (``GET /api/sessions/{id}``'s ``corrections_now``)."""

    seq: int = Field(description="The exchange's `seq`.")
    correction: int | None = Field(
        None,
        description="The correction that answers the line now; null: none does any more (the "
        "one that answered it then was undone), the search answers it.",
    )
    created: str | None = Field(None, description="When that correction was made.")
    match: MatchOut | None = Field(
        None,
        description="The recorded line it chose, with its reply and citation, as the class "
        "gets them now; null for a correction that refuses the line (the record does not "
        "answer it) or with no correction.",
    )


def corrections_version(corrections: list[Correction]) -> str:
    """A short name for a class's corrections as they stand: it changes when one is made,
    changed or undone. A transcript read on from where it was (``?after=``) carries
    ``corrections_now`` for its new exchanges only; a reader whose version differs reads the
    whole transcript again, as the earlier exchanges may be answered otherwise now."""
    listed = [[c.id, c.line, c.document, c.turn, c.speaker, c.created] for c in corrections]
    return hashlib.sha256(json.dumps(listed).encode()).hexdigest()[:16]


# Cosine of two lines' MiniLM sentence vectors (in standard spelling) from which they may say the
# same thing, if server/rewording.py finds no name, number, negation, role, direction or
# opposite changed. Measured on judged pairs (benchmarks/correction_reach.py; docs/quality.md,
# "How far an instructor's correction reaches"): with that veto, from 0.72 to 0.85 the dev
# captures stay at 5 of 44 and none of 37,043 pairs of dev lines for different turns is reached
# (the nearest the veto lets through 0.716); at 0.75, 32 of 44 dev rewordings are reached (0.8
# alone: 27 of 44, capturing 26 of 44 lines that change one such word).
PARAPHRASE = 0.75
# Students' lines a transcript asked about whose vectors are kept (1.5 KB each, ~6 MB in all).
READ_LINES = 4096


def normalised(line: str) -> str:
    """A line as compared for an exact repeat: shorthand in standard spelling ("u" is "you",
    as the search reads it), words only, lower case, hyphens dropped ("Good-bye" is "goodbye")."""
    return " ".join(re.findall(r"\w+", _standard(line).lower().replace("-", "")))


def _standard(line: str) -> str:
    """A line in standard spelling ("u" is "you"), as the corrections compare it."""
    from embeddings.texting import standard

    return standard(line)


@dataclass(frozen=True, slots=True)
class Target:
    """A recorded turn a correction may point at: a line of one side the other side answered."""

    document: str
    turn: int
    speaker: str


def target(index: Index, document: str, turn: int) -> Target:
    """The turn ``(document, turn)`` if a student could say it; else NotFound saying why."""
    if document not in index.documents:
        raise NotFound(
            f"No document {document!r} in the index; ids look like 'frus1969-76v39/d107' "
            "(GET /api/documents lists them)."
        )
    try:
        row = index.row(document, turn)
    except KeyError:
        count = index.documents[document].turns
        raise NotFound(
            f"Document {document!r} has no turn {turn}; its turns are 0 to {count - 1} "
            f"(GET /api/documents/{document} lists them)."
        ) from None
    record = index.records[row]
    if not _answered(index, row):
        raise NotFound(
            f"Turn {turn} of {document!r} ({record.speaker}) is not answered by the other side "
            "of the channel, so it cannot answer a student; pick a Kissinger turn Dobrynin "
            "answered (or the reverse)."
        )
    return Target(document=document, turn=turn, speaker=record.speaker)


def _answered(index: Index, row: int) -> bool:
    """Whether the other side of the channel answers the turn at ``row`` (its reply is theirs)."""
    partner = CHANNEL.get(index.records[row].speaker)
    replies = index.reply(row)
    return partner is not None and bool(replies) and replies[0].speaker == partner


def targets(index: Index, document: str, speaker: str) -> list[Match]:
    """Every turn of ``document`` by ``speaker`` a correction may point at, with its reply.

    What the correction form offers from a whole conversation: a teacher choosing the line a
    student meant needs to read what the other side answered to it, since that reply is what
    the class will get; lines nobody on the other side answered are left out (they cannot
    answer a student, and ``target`` refuses them).
    """
    from embeddings.answers import Match

    if document not in index.documents:
        raise NotFound(f"No document {document!r}; GET /api/documents lists the ids.")
    record = index.documents[document]
    out = []
    for turn in range(record.turns):
        try:
            row = index.row(document, turn)
        except KeyError:  # a segment no one speaks
            continue
        said = index.records[row]
        if said.speaker == speaker and _answered(index, row):
            reply = tuple(index.reply(row))
            out.append(Match(prompt=said, reply=reply, score=1.0, document=record))
    return out


class Corrector:
    """Finds the correction that answers a line; each corrected line is encoded once (that
    cache holds the corrections' lines only, so it grows with them, not with what students
    say). The students' lines a transcript asks about are kept too, the last READ_LINES of
    them: an open transcript is read again at every event of its session, and would encode its
    every line each time.
    """

    def __init__(self, index: Index, encoder: TextEncoder, *, veto: bool = True) -> None:
        """``veto``: a close line that changes a name, number, negation, role, direction or
        opposite of the corrected one is not reached (server/rewording.py); False: the cosine
        alone decides (what benchmarks/correction_reach.py compares the veto with)."""
        self.index = index
        self.encoder = encoder
        self.veto = veto
        self._vectors: dict[str, np.ndarray] = {}
        self._read: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        """The record's names and words, as the veto reads lines (made on first use)."""
        records = [r.spoken_text for r in self.index.records]
        return Lexicon(records, self.index.glossary, self.encoder.whole_words())

    def _vector(self, text: str) -> np.ndarray:
        if text not in self._vectors:
            self._vectors[text] = np.asarray(self.encoder.encode([text])[0], dtype=np.float32)
        return self._vectors[text]

    def find(
        self,
        corrections: list[Correction],
        line: str,
        as_: str,
        known: Mapping[str, np.ndarray] | None = None,
    ) -> tuple[Correction, float] | None:
        """The correction for ``line`` said as ``as_``, with the two lines' cosine, or None.

        ``known``: vectors already encoded (the search's reading of the line encodes the texts
        :meth:`wanted` names in its own forward pass), used instead of encoding them again.
        Blocking (it may run the model): call it from a worker thread.
        """
        return self.find_all(corrections, [(line, as_)], known=known)[0]

    def wanted(self, corrections: list[Correction], line: str, as_: str) -> list[str]:
        """The texts :meth:`find` would encode for ``line`` (its standard spelling, when a
        correction of the role may be a paraphrase of it; none when an exact repeat settles
        it, or no correction is of the role)."""
        _, pending = self._pending(corrections, [(line, as_)])
        return [_standard(line)] if pending else []

    def find_all(
        self,
        corrections: list[Correction],
        said: list[tuple[str, str]],
        *,
        keep: bool = False,
        known: Mapping[str, np.ndarray] | None = None,
    ) -> list[tuple[Correction, float] | None]:
        """``find`` for each ``(line, as_)`` of ``said``, the lines no exact repeat settles
        encoded in one call (a transcript asks for all its lines at once); ``keep``: their
        vectors are kept for the next reading (a transcript's, not a student's one line).

        Blocking (it may run the model): call it from a worker thread.
        """
        found, pending = self._pending(corrections, said)
        if not pending:
            return found
        # compared as the search reads lines: "ill call u b4 u leave" and "I will call you
        # before you leave" are 0.49 apart as typed, 0.99 in standard spelling
        texts = [_standard(said[n][0]) for n, _ in pending]
        queries = self._queries(texts, keep=keep, known=known or {})
        for (n, mine), query in zip(pending, queries, strict=True):
            best, best_cos = None, PARAPHRASE
            for correction in mine:
                cos = float(self._vector(_standard(correction.line)) @ query)
                if (
                    cos >= best_cos
                    and self.veto
                    and not self.lexicon.rewords(correction.line, said[n][0])
                ):
                    continue  # close, but with a name, number or negation changed
                # of two equally close, the newer holds, as for an exact repeat: a teacher who
                # corrected a line again (or imported another answer for it) meant the later one
                if cos > best_cos or (best is None and cos == best_cos):
                    best, best_cos = correction, cos
            if best is not None:
                found[n] = (best, round(best_cos, 4))
        return found

    @staticmethod
    def _pending(
        corrections: list[Correction], said: list[tuple[str, str]]
    ) -> tuple[list[tuple[Correction, float] | None], list[tuple[int, list[Correction]]]]:
        """Each line's correction where an exact repeat settles it, and the lines left to
        compare (their index in ``said``, the corrections of their role)."""
        found: list[tuple[Correction, float] | None] = [None] * len(said)
        pending: list[tuple[int, list[Correction]]] = []
        for n, (line, as_) in enumerate(said):
            mine = [c for c in corrections if c.speaker == as_]
            if not mine:
                continue
            key = normalised(line)
            # newest first, as the store lists them
            exact = next((c for c in mine if normalised(c.line) == key), None)
            if exact is not None:
                found[n] = (exact, 1.0)
            else:
                pending.append((n, mine))
        return found, pending

    def apply(self, answer: AskOut, correction: Correction, similarity: float) -> AskOut:
        """``answer`` (the search's) as the instructor's correction has it: refused, or
        answered by the corrected turn; unchanged if the index lost that turn."""
        if correction.document is None or correction.turn is None:
            return refused_answer(answer, correction)
        match = corrected_match(
            self.index, correction.document, correction.turn, similarity, correction.id
        )
        return corrected_answer(answer, match) if match is not None else answer

    def _queries(
        self, texts: list[str], *, keep: bool, known: Mapping[str, np.ndarray]
    ) -> list[np.ndarray]:
        """The lines' vectors, those neither ``known`` nor read lately encoded in one call;
        ``keep``: kept for the next reading."""
        with self._lock:
            kept = {t: self._read[t] for t in texts if t in self._read}
        kept.update((t, np.asarray(known[t], dtype=np.float32)) for t in texts if t in known)
        new = [t for t in dict.fromkeys(texts) if t not in kept]
        if new:
            vectors = self.encoder.encode(new)
            kept.update(
                (t, np.asarray(v, dtype=np.float32)) for t, v in zip(new, vectors, strict=True)
            )
        if keep:
            with self._lock:  # transcripts are read on several threads at once
                for text in texts:
                    self._read[text] = kept[text]
                    self._read.move_to_end(text)
                while len(self._read) > READ_LINES:
                    self._read.popitem(last=False)
        return [kept[t] for t in texts]

    def now(self, corrections: list[Correction], exchanges: list[Exchange]) -> list[CorrectionNow]:
        """What the class's corrections do now with the free-play lines of ``exchanges``,
        for each line where that differs from what was recorded: answered (or refused) by a
        correction made or changed since, or no longer by the one that answered it then.

        The transcript keeps what the student saw; this says beside it what the class gets
        now, so a teacher reading a wrong match knows whether it is corrected already.
        Blocking (it may run the model): call it from a worker thread.
        """
        free = [x for x in exchanges if x.activity == "free" and x.as_ is not None]
        said = [(x.line, x.as_ or "") for x in free]
        found = self.find_all(corrections, said, keep=True) if corrections else [None] * len(free)
        out = []
        for exchange, hit in zip(free, found, strict=True):
            match = None
            if hit is not None:
                correction, similarity = hit
                document, turn = correction.document, correction.turn
                if document is not None and turn is not None:
                    match = corrected_match(self.index, document, turn, similarity, correction.id)
                    if match is None:  # the index lost the turn: the search answers, as in apply
                        hit = None
            if hit is None:
                if exchange.correction is not None:
                    out.append(CorrectionNow(seq=exchange.seq))
            elif hit[0].id != exchange.correction:
                made = hit[0]
                out.append(
                    CorrectionNow(
                        seq=exchange.seq, correction=made.id, created=made.created, match=match
                    )
                )
        return out


def corrected_match(
    index: Index, document: str, turn: int, similarity: float, correction: int
) -> MatchOut | None:
    """The corrected turn as a match (the ``reply`` shape: the line with its editors' marks,
    the reply verbatim and cited), or None if the index lost it. What a student's line gets,
    what a transcript card says the class gets now, and what the corrections list shows."""
    from embeddings.answers import Match

    try:
        row = index.row(document, turn)
    except KeyError:
        return None
    found = match_out(
        Match(
            prompt=index.records[row],
            reply=tuple(index.reply(row)),
            score=similarity,
            document=index.documents[document],
        )
    )
    return found.model_copy(update={"chosen_by": "instructor", "correction": correction})


def corrected_answer(answer: AskOut, match: MatchOut) -> AskOut:
    """``answer`` (the ``ask --json`` shape) with the instructor's match first, as a ``match``."""
    turn = (match.prompt.document, match.prompt.turn)
    others = [m for m in answer.matches if (m.prompt.document, m.prompt.turn) != turn]
    keep = max(len(answer.matches), 1)
    # the line is answered: no suggestions to offer instead
    return AskOut(query=answer.query, status="match", matches=[match, *others][:keep])


def refused_answer(answer: AskOut, correction: Correction) -> AskOut:
    """``answer`` refused by a correction that says the record does not answer the line.

    What the search found is not thrown away: its answer and the lines shown beside it (or,
    if it refused too, its suggestions) are offered as "did you mean", so the student can
    still hear what followed the closest recorded lines, picked knowingly.
    """
    from embeddings.suggestions import SUGGESTIONS

    offered = answer.suggestions if answer.status == "no_match" else answer.matches
    return AskOut(
        query=answer.query,
        status="no_match",
        matches=[],
        suggestions=offered[:SUGGESTIONS],
        reason="instructor",
        names=[],
        correction=correction.id,
    )
