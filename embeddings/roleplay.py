"""Role-play search: a student's line in, the closest recorded line and its real reply out.

A line is read once (:mod:`embeddings.reading`: its slips, names and labels, one encoding).
Its candidates are ranked by :mod:`embeddings.ranking` (the encoder's view scores fused with
BM25, the best few reordered word by word). Whether the best of them answers the line at all,
and which one does, is decided by the tier model (:mod:`embeddings.tiers`) on more evidence
than one score (:mod:`embeddings.evidence`, gathered per candidate by
:mod:`embeddings.tier_evidence`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

import numpy as np

from embeddings.answers import Answer, Context, Match
from embeddings.caches import VectorCache
from embeddings.encoder import TextEncoder, model_id_of
from embeddings.evidence import ChatterModel, Support, chatter_lines
from embeddings.index import Filters, Index, index_encoder
from embeddings.language import Language
from embeddings.lexical import Lexical
from embeddings.openers import Openers, asked_about, raised
from embeddings.ranking import Ranking, Scores
from embeddings.reading import LineReader, Reading
from embeddings.refusals import Refusals
from embeddings.repeats import Repeats
from embeddings.set_aside import SetAside
from embeddings.shared_name import SharedName
from embeddings.suggestions import (
    NAMED,
    SUGGESTION_FLOOR,
    SUGGESTIONS,
    near_the_rest,
    telling,
)
from embeddings.tier_evidence import TierEvidence
from embeddings.tiers import FEATURES, SCOPED_TIERS, TIERS, FitModel, checked_threshold
from embeddings.views import lexical_texts
from transcripts import NamedTopic, TopicNames

CANDIDATES = 8  # the best-ranked turns the tier model weighs and may reorder
# Another candidate this close to the best one's fit probability (and above the threshold)
# makes the answer ambiguous: the student is shown both and may pick.
AMBIGUOUS_GAP = 0.05


class RolePlay:
    """Answers a student's line from the record. Build it once; ``respond`` is cheap."""

    def __init__(
        self,
        index: Index,
        encoder: TextEncoder,
        *,
        model: FitModel = TIERS,
        scoped: FitModel = SCOPED_TIERS,
        cached: bool = False,
        threshold: float | None = None,
    ) -> None:
        """``cached``: ``encoder`` encodes as the index's vectors were (``Index.check`` passed),
        so what is encoded at load (the chatter examples) may be kept in the index's cache.
        ``threshold``: the fit probability below which a line is refused, for a school that
        would rather refuse more than show a reply that may not answer (None: the model's).
        ``scoped``: the tier model of a search within a scenario (docs/quality.md)."""
        if encoder.model_id != index.model_id:
            raise ValueError(
                f"The index in {index.index_dir} was built with the model {index.model_id!r}, "
                f"but the encoder is {encoder.model_id!r}. Load the index's model or rebuild "
                f"the index with `backchannel build --model {encoder.model_id}`."
            )
        self.index = index
        self.encoder = encoder
        self.model = model
        self.scoped_model = scoped
        self.threshold = model.threshold if threshold is None else checked_threshold(threshold)
        texts = lexical_texts(index.records, index.glossary)
        self._support = Support.build(index.records, texts)
        self._shared_name = SharedName.build(
            [r.spoken_text for r in index.records], self._support.whole, index.glossary.canonical
        )
        plain = list(index.manifest["views"]).index("plain")
        self._plain = np.asarray(index.vectors[plain :: index.views], dtype=np.float32)
        vector_cache = (
            VectorCache(
                index.index_dir / "cache",
                index.model_id,
                index.dimension,
                backend=index.vectors_from,
                part="chatter",
            )
            if cached
            else None
        )
        chatter = ChatterModel.of_record(
            encoder, index.glossary, self._plain, index.tokens, vector_cache=vector_cache
        )
        self.reader = LineReader(index, encoder, self._says)
        held = TopicNames(index.documents.values())
        self._openers = Openers.of_record(index.records, texts, held)
        self.refusals = Refusals(
            [r.spoken_text for r in index.records],
            chatter,
            encoder,
            held=held,
            language=Language(self.reader.speller, chatter_lines()),
        )
        self.repeats = Repeats(index)
        self.ranking = Ranking(index)
        self._roles = {r.speaker for r in index.records} | {"kissinger", "dobrynin"}
        self.evidence = TierEvidence.of_record(
            index, self.ranking, self._support, self.refusals.chatter, self._plain
        )
        rows = range(len(index.records))
        self._set_aside = SetAside.of_record(
            index.records,
            [index.reply(row)[0].spoken_text if index.has_reply[row] else "" for row in rows],
            self._shared_name,
            index.tokens,
            index.glossary.canonical,
            self._support.said,
        )

    @classmethod
    def load(
        cls,
        index_dir: Path,
        model: str | None = None,
        backend: str | None = None,
        threshold: float | None = None,
    ) -> RolePlay:
        """Load the index and its model (or ``model``, which must be the one that built it) on
        the index's backend (or ``backend``, which must be the one that built it)."""
        index = Index.load(index_dir, model_id=model_id_of(model) if model else None)
        return cls.on(index, backend=backend, threshold=threshold)

    @classmethod
    def on(
        cls, index: Index, *, backend: str | None = None, threshold: float | None = None
    ) -> RolePlay:
        """Role-play on a loaded index, its model loaded on the index's backend (or
        ``backend``): what is wrong with the index is said before the model takes seconds."""
        encoder = index_encoder(index.index_dir, index.model_id, backend or index.backend)
        index.check(encoder.model_id, encoder.backend, encoder.fallback, encoder.graph)
        return cls(index, encoder, cached=True, threshold=threshold)

    def _says(self, word: str) -> bool:
        """Whether the record says ``word`` (as BM25 reads it: stemmed, not a stopword)."""
        stems = Lexical.tokens(word)
        return bool(stems) and stems[0] in self._support.idf

    def prompt_mask(self, speaker: str) -> np.ndarray:
        """The turns a student playing ``speaker`` can match, in the whole record."""
        mask: np.ndarray = self.index.mask(None) & self.ranking.prompts(speaker)
        return mask

    def read(self, line: str, as_: str = "kissinger", also: Collection[str] = ()) -> Reading:
        """What the search reads of ``line`` (``LineReader.read``), with the vectors of the
        texts ``also`` names from the same forward pass. Read before :meth:`respond` on the
        same thread, it is the reading that search uses: the line is encoded once."""
        line = " ".join(line.split())
        if not line:
            raise ValueError("The line is empty: type what you would say to the other side.")
        if as_ not in self._roles:
            raise ValueError(
                f"Unknown role {as_!r}: the index has lines of {', '.join(sorted(self._roles))}. "
                "Play one of them (kissinger by default; dobrynin is the reverse role)."
            )
        return self.reader.read(line, as_, also)

    def spoken_vector(self, document: str, turn: int) -> np.ndarray:
        """A turn's words as spoken, encoded (its plain view, kept in the index): what the
        encoder gives its ``spoken_text``, without encoding it again."""
        vector: np.ndarray = self._plain[self.index.row(document, turn)]
        return vector

    def candidates(
        self,
        line: str,
        *,
        as_: str = "kissinger",
        context: Context | None = None,
        k: int = 5,
        filters: Filters | None = None,
        scope: Collection[str] | None = None,
    ) -> tuple[Scores, list[int], np.ndarray]:
        """The line's scores, its best-ranked distinct turns and the tier evidence of the first
        ``CANDIDATES`` of them (none when no turn may answer). A line that only raises a topic
        may be answered only by a turn that opens it (:meth:`openers`)."""
        reading = self.read(line, as_)
        scores = self.ranking.scores(reading, as_, filters, scope, self.openers(reading))
        if not scores.mask.any():
            return scores, [], np.zeros((0, len(FEATURES)))
        bonus = self.ranking.context_bonus(context) if context is not None else 0.0
        rows = self.repeats.distinct(
            self.ranking.reranked(scores, bonus, max(k * 4, 20)), max(k, CANDIDATES)
        )
        return scores, rows, self.evidence.features(reading.read, scores, rows[:CANDIDATES])

    def weigh(
        self, read: Reading, rows: list[int], evidence: np.ndarray, *, scoped: bool = False
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The candidates ``rows`` (those with tier ``evidence``) weighed, in their order: the
        tier model's probability alone, then with the set-aside rules (what may be offered to
        pick), then as an answer may be shown (:class:`SetAside`). One place, so that what
        :meth:`respond` weighs and what benchmarks/refusal_causes.py explains are the same.
        ``scoped``: the candidates of a search within a scenario, weighed by its own model."""
        model_fit = self._tiers(scoped).probability(evidence)
        offer = self._set_aside.apply(read, rows, model_fit, self._about(read))
        return model_fit, offer, self._set_aside.shown(read, rows, offer)

    def _tiers(self, scoped: bool) -> FitModel:
        """The tier model of a search within a scenario (``scoped``) or the whole record's."""
        return self.scoped_model if scoped else self.model

    def openers(self, reading: Reading) -> np.ndarray | None:
        """The turns that open what the line ``reading`` read only raises ("can we talk about
        the summit"): the topics its raised words name, or else their telling words; None
        for a line that does more than raise a topic (:mod:`embeddings.openers`)."""
        topic = raised(reading.read)
        if topic is None:
            return None
        stems = Lexical.tokens(self.index.glossary.expand(topic))
        return self._openers.opening(
            telling(stems, self._shared_name.common), self.refusals.topics(topic)
        )

    def _about(self, reading: Reading) -> frozenset[str]:
        """The telling stems of what the line ``reading`` read only asks about ("what about
        SALT?": SALT, arms control; :func:`embeddings.openers.asked_about`), its glossary
        concepts counted; none for any other line, or for a topic of common words only
        ("what about you?", "what about moscow?")."""
        topic = asked_about(reading.read)
        if topic is None:
            return frozenset()
        glossary = self.index.glossary
        stems = Lexical.tokens(glossary.expand(glossary.canonical(topic)))
        return telling(stems, self._shared_name.common)

    def respond(
        self,
        line: str,
        *,
        as_: str = "kissinger",
        context: Context | None = None,
        k: int = 5,
        filters: Filters | None = None,
        scope: Collection[str] | None = None,
        threshold: float | None = None,
    ) -> Answer:
        """Answer ``line`` as the other side of the channel would, from the record.

        ``scope`` (document ids, a scenario's) restricts the turns that may answer; None is
        the whole record. ``threshold``: the fit probability below which this line is refused
        (a class whose instructor asked for strict answers; None: :attr:`threshold`).
        """
        bar = self.threshold if threshold is None else checked_threshold(threshold)
        line = " ".join(line.split())
        scores, rows, evidence = self.candidates(
            line, as_=as_, context=context, k=k, filters=filters, scope=scope
        )
        read = scores.reading
        if not rows:  # a scope or filter, or a topic raised that no turn in them opens
            refused = self.refusals.outright(line, read.spoken, read.tokens, read.pieces)
            reason, names, topics = self._why(line, refused)
            return Answer(line, "no_match", reason=reason, names=names, topics=topics)
        raising = raised(read.read) is not None
        model_fit, offer, fit = self.weigh(
            read, rows[: len(evidence)], evidence, scoped=scope is not None
        )
        # the model's best reading cannot answer the line, or its answer only asks back: refused
        weak = self._set_aside.refuses(rows[: len(fit)], model_fit, fit)
        order = np.argsort(-fit, kind="stable")
        rows = [rows[i] for i in order] + rows[len(fit) :]
        fit, offer = fit[order], offer[order]
        fits = {row: float(p) for row, p in zip(rows, fit, strict=False)}
        confidence = float(fit[0])
        # A line near-certainly answered by its best candidate must come further nearer
        # classroom chatter to be refused as chatter ("what is the weather like in Washington").
        refused = self.refusals.outright(
            line, read.spoken, read.tokens, read.pieces, best=confidence
        )
        if refused or confidence < bar or weak:
            if (offer != fit).any():  # a turn not shown as the answer may still be offered
                again = np.argsort(-offer, kind="stable")
                rows = [rows[i] for i in again] + rows[len(offer) :]
                fit = offer[again]
                fits = {row: float(p) for row, p in zip(rows, fit, strict=False)}
            least = max(bar, SUGGESTION_FLOOR) if refused in NAMED else SUGGESTION_FLOOR
            # only the candidates the tier model weighed have a probability to judge them by
            near = [r for r, p in zip(rows, fit, strict=False) if p >= least]
            if refused in NAMED:
                near = self._near_the_rest(read.spoken, refused, near)
            elif raising:  # each opens what the line raises: near enough to pick, unless set aside
                near = [r for r, p in zip(rows, fit, strict=False) if p > 0]
            # Nothing answers the line, but the record holds the topic it names: say where,
            # and offer only lines of those conversations (when the scope holds any).
            reason, names, topics = self._why(line, refused)
            search = topics and not raising  # a line raising a topic is offered what opens it
            on_topic = self._on_the_topics(scores, topics, as_, filters, scope) if search else None
            if on_topic is not None:  # their fits as the search within the topics weighed them
                near, fits = list(on_topic), {**fits, **on_topic}
            suggestions = self._matches(self.repeats.read_apart(near, SUGGESTIONS), scores, fits)
            return Answer(line, "no_match", (), suggestions, confidence, reason, names, topics)
        best, mask = rows[0], scores.mask
        twins = self.repeats.twins(best, mask)
        if len(twins) > 1:
            if context is not None:
                chosen = self.repeats.in_context(twins, context)
                if chosen is not None:
                    matches = self._matches([chosen], scores, fits)
                    return Answer(line, "match", matches, confidence=confidence)
            twins.sort(key=lambda r: -scores.fused[r])
            matches = self._matches(twins[:k], scores, fits)
            return Answer(line, "ambiguous", matches, confidence=confidence, order="search")
        close = [
            r
            for r, p in zip(rows, fit, strict=False)
            if p >= bar and p >= confidence - AMBIGUOUS_GAP
        ]
        if len(close) > 1:
            rest = [r for r in rows if r not in close]
            matches = self._matches((close + rest)[:k], scores, fits)
            return Answer(line, "ambiguous", matches, confidence=confidence)
        return Answer(line, "match", self._matches(rows[:k], scores, fits), confidence=confidence)

    def _why(
        self, line: str, refused: str | None
    ) -> tuple[str, tuple[str, ...], tuple[NamedTopic, ...]]:
        """A refusal's reason (``refused``, the outright one, or "weak"), the words of ``line``
        it rests on, and for a weak one the topics the record holds that the line names."""
        reason = refused or "weak"
        topics = self.refusals.topics(line) if reason == "weak" else ()
        return reason, tuple(self.refusals.named(line, reason)), topics

    def _on_the_topics(
        self,
        scores: Scores,
        topics: Collection[NamedTopic],
        as_: str,
        filters: Filters | None,
        scope: Collection[str] | None,
    ) -> dict[int, float] | None:
        """The lines a refused line naming ``topics`` (topics the record holds) is offered,
        best first, with their fit probability: the nearest turns of those topics'
        conversations whose fit reaches :data:`SUGGESTION_FLOOR`, as a search within them
        finds and weighs them (a scenario's search). Searched in the whole record, "what
        about berlin" was offered a long speech on the SALT sites that names Berlin once: the
        student asked about Berlin, and the refusal lists Berlin's conversations
        (docs/quality.md, "Did you mean, from the topic the line names"). None when ``scope``
        (a class's scenario) holds none of them: the lines offered are then the scope's own,
        as for any line."""
        documents = self.ranking.holds(self.refusals.conversations(topics))
        if scope is not None:
            documents &= set(scope)
        if not documents:
            return None
        topical = self.ranking.scores(scores.reading, as_, filters, documents)
        if not topical.mask.any():
            return {}
        rows = self.repeats.distinct(self.ranking.reranked(topical, 0.0, 20), CANDIDATES)
        evidence = self.evidence.features(topical.reading.read, topical, rows)
        model = self._tiers(scope is not None)
        fit = self._set_aside.apply(
            topical.reading, rows, model.probability(evidence), self._about(topical.reading)
        )
        order = np.argsort(-fit, kind="stable")
        return {rows[i]: float(fit[i]) for i in order if fit[i] >= SUGGESTION_FLOOR}

    def _near_the_rest(self, spoken: str, reason: str, rows: list[int]) -> list[int]:
        """The rows of ``rows`` that say a telling word of what ``spoken`` (a line refused for
        ``reason``, a name the record cannot hold) says besides that name
        (:mod:`embeddings.suggestions`): both read as BM25 reads them, the record's names and
        the glossary's concepts included."""
        glossary = self.index.glossary
        rest = Lexical.tokens(glossary.expand(self.refusals.rest(spoken, reason)))
        turns = lexical_texts([self.index.records[r] for r in rows], glossary)
        said = [Lexical.tokens(text) for text in turns]
        return near_the_rest(rows, said, telling(rest, self._shared_name.common))

    def _matches(
        self, rows: list[int], scores: Scores, fits: Mapping[int, float]
    ) -> tuple[Match, ...]:
        """The matches of ``rows``, each with its similarity and its fit (``fits``: the tier
        model's probability of each row it weighed)."""
        final = self.ranking.final(scores, np.asarray(rows, dtype=np.int64))
        return tuple(
            Match(
                prompt=self.index.records[r],
                reply=tuple(self.index.reply(r)),
                score=float(score),
                document=self.index.documents[self.index.records[r].document],
                fit=fits.get(r),
            )
            for r, score in zip(rows, final, strict=True)
        )
