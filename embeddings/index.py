"""The saved index: vectors (memory-mapped .npy), turn and document records, BM25, manifest.

Build once, load many times: several server processes mapping the same ``vectors.npy`` share
its pages. Everything a query needs is prepared at load time, so a query costs one matrix
product and one BM25 pass.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from embeddings.caches import TokenCache, VectorCache, save_npy, write_json
from embeddings.encoder import DEFAULT_BACKEND, Encoder
from embeddings.glossary import Glossary
from embeddings.index_files import (
    FORMAT_VERSION,
    MANIFEST,
    ONNX_DIR,
    IndexLoadError,
    IndexStale,
    check_index,
    check_index_dir,
    checksums,
)
from embeddings.lexical import Lexical
from embeddings.search import top_k
from embeddings.tokens import TokenMatrix
from embeddings.views import VIEWS, TurnRecord, lexical_texts, turn_records
from embeddings.views import view_texts as make_view_texts
from transcripts import Corpus, DocumentRecord, document_record

T = TypeVar("T")
# How much each view of a turn counts (turn, plain, exchange); fitted on the dev sets, where
# the turn views carry most of the signal and the exchange breaks ties between similar lines.
VIEW_WEIGHTS = (0.45, 0.35, 0.2)


def index_encoder(index_dir: Path, model: str, backend: str | None = None) -> Encoder:
    """The encoder for an index in ``index_dir``: its ONNX graph lives in the index."""
    check_index_dir(index_dir)
    return Encoder(model, backend=backend or DEFAULT_BACKEND, onnx_dir=Path(index_dir) / ONNX_DIR)


@dataclass(frozen=True)
class Filters:
    """Restrict a search. Dates compare as ISO ``YYYY-MM-DD`` prefixes, both ends included."""

    volume: str | None = None
    document: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    speaker: str | None = None


@dataclass
class BuildReport:
    documents: int
    turns: int
    texts: int
    encoded: int  # texts that were not in the vector cache
    seconds: float
    encode_seconds: float
    index_dir: Path
    problems: list[str] = field(default_factory=list)


def _corpus_hash(records: list[TurnRecord], documents: list[DocumentRecord]) -> str:
    h = hashlib.sha256()
    for item in (*(d.to_dict() for d in documents), *(r.to_dict() for r in records)):
        h.update(json.dumps(item, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def corpus_hash(corpus: Corpus) -> str:
    """The ``corpus_hash`` an index built from ``corpus`` has in its manifest: ``serve`` tells
    by it whether the index it finds holds the transcripts it is given."""
    return _corpus_hash(turn_records(corpus), [document_record(d) for d in corpus.documents])


def build_index(
    corpus: Corpus, index_dir: Path, *, encoder: Encoder, progress: bool = False
) -> BuildReport:
    """Encode every dialogue turn's views (reusing cached vectors) and save the index."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    check_index_dir(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    terms = [(term, meaning) for term, meaning in corpus.terms]  # the volumes' own lists
    glossary = Glossary().with_terms(terms)
    records = turn_records(corpus)
    documents = [document_record(d) for d in corpus.documents]
    texts = make_view_texts(records, glossary)

    source = encoder.vectors_from  # torch, or ONNX Runtime with its graph: never mixed
    cache = VectorCache(index_dir / "cache", encoder.model_id, encoder.dimension, backend=source)
    token_cache = TokenCache(
        index_dir / "cache", encoder.model_id, encoder.dimension, backend=source
    )
    encode_started = time.perf_counter()
    # Each turn's words are matched one by one (embeddings.tokens): its token vectors come
    # from the forward pass that encodes its plain view, so they cost no extra encoding.
    spoken = [rec.spoken_text for rec in records]
    # Longest first, across the progress bar's chunks too: each batch then pads little, and
    # the batches are those of one call without a progress bar.
    missing = token_cache.missing(spoken)
    todo = [missing[i] for i in encoder.longest_first(missing)] if missing else []
    if todo:
        parts = _in_chunks(encoder.encode_tokens, todo, progress, "turns")
        token_cache.put(todo, [block for _, blocks in parts for block in blocks])
        cache.put(todo, np.concatenate([vectors for vectors, _ in parts]))

    def encode_views(views: Sequence[str]) -> np.ndarray:
        order = encoder.longest_first(views)
        encoded = _in_chunks(encoder.encode, [views[i] for i in order], progress, "views")
        vectors = np.empty((len(views), encoder.dimension), dtype=np.float32)
        vectors[order] = np.concatenate(encoded)
        return vectors

    vectors, encoded = cache.encode(texts, encode_views)
    encoded += len(todo)
    encode_seconds = time.perf_counter() - encode_started
    TokenMatrix.from_blocks(token_cache.blocks(spoken), encoder.dimension).save(index_dir)

    save_npy(index_dir / "vectors.npy", vectors)
    Lexical.build(lexical_texts(records, glossary)).save(index_dir / "bm25")
    write_json(index_dir / "turns.json", [r.to_dict() for r in records])
    write_json(index_dir / "documents.json", [d.to_dict() for d in documents])
    write_json(index_dir / "terms.json", terms)
    write_json(
        index_dir / MANIFEST,
        {
            "format_version": FORMAT_VERSION,
            "model_id": encoder.model_id,
            "backend": encoder.backend,
            "graph": encoder.graph,
            "dimension": encoder.dimension,
            "corpus_hash": _corpus_hash(records, documents),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "views": list(VIEWS),
            "documents": len(documents),
            "turns": len(records),
            "files": checksums(index_dir),
        },
    )
    return BuildReport(
        documents=len(documents),
        turns=len(records),
        texts=len(texts),
        encoded=encoded,
        seconds=time.perf_counter() - started,
        encode_seconds=encode_seconds,
        index_dir=index_dir,
        problems=[str(p) for p in corpus.problems],
    )


def _in_chunks(
    encode: Callable[[list[str]], T], texts: list[str], progress: bool, desc: str
) -> list[T]:
    """``encode`` over ``texts``: in one call, or in chunks under a progress bar when asked."""
    if not progress:
        return [encode(texts)]
    from tqdm import tqdm

    chunk = 64
    parts = []
    with tqdm(total=len(texts), unit="text", desc=f"encoding {desc}") as bar:
        for start in range(0, len(texts), chunk):
            parts.append(encode(texts[start : start + chunk]))
            bar.update(len(texts[start : start + chunk]))
    return parts


class Index:
    """A loaded index. ``vectors`` is memory-mapped; turn views are rows ``t * views + v``."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self.manifest: dict[str, Any] = check_index(self.index_dir)
        self.model_id: str = self.manifest["model_id"]
        self.backend: str = self.manifest["backend"]
        # The ONNX graph that encoded the vectors; indexes from before fused graphs: plain.
        self.graph: str | None = self.manifest.get(
            "graph", "plain" if self.backend == "onnx" else None
        )
        self.dimension: int = int(self.manifest["dimension"])
        # What encoded the vectors, as the encoder's cache names it (Encoder.vectors_from).
        self.vectors_from = f"onnx-{self.graph}" if self.graph == "fused" else self.backend
        self.views = len(self.manifest["views"])
        self.vectors: np.ndarray = np.load(self.index_dir / "vectors.npy", mmap_mode="r")
        self.records = [
            TurnRecord.from_dict(d)
            for d in json.loads((self.index_dir / "turns.json").read_text(encoding="utf-8"))
        ]
        docs = json.loads((self.index_dir / "documents.json").read_text(encoding="utf-8"))
        self.documents: dict[str, DocumentRecord] = {
            d["id"]: DocumentRecord.from_dict(d) for d in docs
        }
        terms = json.loads((self.index_dir / "terms.json").read_text(encoding="utf-8"))
        self.glossary = Glossary().with_terms(tuple(t) for t in terms)
        self.lexical = Lexical.load(self.index_dir / "bm25", len(self.records))
        self.tokens = TokenMatrix.load(self.index_dir)
        self._row = {(r.document, r.index): i for i, r in enumerate(self.records)}
        self._replies: dict[int, tuple[TurnRecord, ...]] = {}
        n = len(self.records)
        if self.vectors.shape != (n * self.views, self.dimension):
            raise IndexLoadError(
                f"The index in {self.index_dir} is inconsistent: vectors.npy has shape "
                f"{self.vectors.shape}, expected {(n * self.views, self.dimension)}. Rebuild it."
            )
        if len(self.tokens) != n:
            raise IndexLoadError(
                f"The index in {self.index_dir} is inconsistent: token_offsets.npy covers "
                f"{len(self.tokens)} turns, turns.json has {n}. Rebuild it."
            )
        self.speakers = np.array([r.speaker for r in self.records], dtype=object)
        self.has_reply = np.array([r.reply_stop > r.index + 1 for r in self.records], dtype=bool)
        self._doc_of = np.array([r.document for r in self.records], dtype=object)
        self._volume_of = np.array(
            [self.documents[r.document].volume for r in self.records], dtype=object
        )
        self._date_of = np.array(
            [(self.documents[r.document].date or "")[:10] for r in self.records],
            dtype=object,
        )
        self._dialogue = np.array([self.documents[r.document].dialogue for r in self.records])
        self.centroid = self._centroid()

    def _centroid(self) -> np.ndarray:
        """Unit mean of the dialogue turns' turn views: where the record's language lies."""
        rows = np.flatnonzero(self._dialogue) * self.views
        total = np.zeros(self.dimension, dtype=np.float64)
        for start in range(0, len(rows), 65536):  # in chunks: the vectors are memory-mapped
            total += np.asarray(self.vectors[rows[start : start + 65536]]).sum(axis=0)
        norm = np.linalg.norm(total)
        return (total / norm if norm else total).astype(np.float32)

    def domain(self, query: np.ndarray) -> float:
        """Cosine of a query to the record's centroid: low for lines from other fields."""
        return float(self.centroid @ query)

    @classmethod
    def load(
        cls, index_dir: Path, *, model_id: str | None = None, backend: str | None = None
    ) -> Index:
        """Load an index; with ``model_id`` or ``backend``, refuse an index another model or
        backend built."""
        index = cls(index_dir)
        index.check(model_id, backend)
        return index

    def check(
        self,
        model_id: str | None,
        backend: str | None,
        why: str | None = None,
        graph: str | None = None,
    ) -> None:
        """Refuse an encoder of another model, backend or ONNX graph than the one that built
        this index (``why``: the encoder's own word on why it runs on that backend)."""
        if model_id is not None and model_id != self.model_id:
            raise IndexLoadError(
                f"The index in {self.index_dir} was built with the model {self.model_id!r}, "
                f"not {model_id!r}: vectors of two models cannot be compared. Rebuild it with "
                f"`backchannel build --index {self.index_dir} --model {model_id}` or use the "
                f"model {self.model_id!r}."
            )
        if backend is not None and backend != self.backend:
            raise IndexStale(
                f"The index in {self.index_dir} holds vectors encoded by {self.backend}, but "
                f"the encoder runs on {backend}{f' ({why})' if why else ''}: the two are never "
                f"mixed. Rebuild it with `backchannel build --index {self.index_dir} --backend "
                f"{backend}`, or use --backend {self.backend}."
            )
        if backend == "onnx" and graph is not None and graph != self.graph:
            raise IndexStale(
                f"The index in {self.index_dir} holds vectors of the {self.graph} ONNX graph, "
                f"but the encoder's graph is now the {graph} one (exported anew): their vectors "
                f"differ in the sixth decimal and are never mixed. Rebuild it with "
                f"`backchannel build --index {self.index_dir}`."
            )

    def __len__(self) -> int:
        return len(self.records)

    def row(self, doc_id: str, turn_index: int) -> int:
        try:
            return self._row[(doc_id, turn_index)]
        except KeyError:
            raise KeyError(
                f"No turn {turn_index} of document {doc_id!r} in the index {self.index_dir}."
            ) from None

    def turn(self, doc_id: str, turn_index: int) -> TurnRecord:
        return self.records[self.row(doc_id, turn_index)]

    def reply(self, row: int) -> list[TurnRecord]:
        """The turns that answered the turn at ``row``, as :meth:`shown` gives them: read once
        per turn (every match shown reads its reply; :meth:`shown` rebuilt its last turn)."""
        if row not in self._replies:
            rec = self.records[row]
            self._replies[row] = tuple(self.shown(rec.document, rec.index + 1, rec.reply_stop))
        return list(self._replies[row])

    def shown(self, doc_id: str, start: int, stop: int) -> list[TurnRecord]:
        """Turns ``start``..``stop - 1`` of a document as a reply shows them: the last one
        carrying the editors' paragraphs printed after it, up to the next turn or the
        document's end (:meth:`notes_after`), so a reply never stops short of an omission."""
        if stop <= start:
            return []
        first = self.row(doc_id, start)
        turns = self.records[first : first + stop - start]
        last = first + len(turns) - 1
        return [*turns[:-1], replace(turns[-1], editorial_after=self.notes_after(last))]

    def notes_after(self, row: int) -> tuple[str, ...]:
        """The editors' paragraphs printed after the turn at ``row``: those before the next
        turn of its document, or after the document's last turn ("[Omitted here is ...]")."""
        rec = self.records[row]
        following = self.records[row + 1] if row + 1 < len(self.records) else None
        if following is not None and following.document == rec.document:
            return following.editorial_before
        return rec.editorial_after

    def mask(self, filters: Filters | None) -> np.ndarray:
        """Which turns pass ``filters`` (all dialogue turns when None)."""
        keep = self._dialogue.copy()
        if filters is None:
            return keep
        if filters.speaker:
            keep &= self.speakers == filters.speaker
        if filters.volume:
            keep &= self._volume_of == filters.volume
        if filters.document:
            keep &= self._doc_of == filters.document
        if filters.date_from:
            keep &= self._date_of >= filters.date_from[:10]
        if filters.date_to:
            keep &= (self._date_of <= filters.date_to[:10]) & (self._date_of != "")
        return keep

    def dense_scores(self, query: np.ndarray) -> np.ndarray:
        """Per-turn encoder score: one product with every view, weighted by ``VIEW_WEIGHTS``."""
        views = (self.vectors @ query).reshape(len(self.records), self.views)
        scores: np.ndarray = views @ np.asarray(VIEW_WEIGHTS, dtype=np.float32)
        return scores

    def neighbours(
        self,
        doc_id: str,
        turn_index: int,
        k: int,
        *,
        speaker: str | None = None,
        exclude_document: str | None = None,
    ) -> list[tuple[str, int, float]]:
        """Turns whose words are nearest this turn's (turn view only): quiz distractors."""
        row = self.row(doc_id, turn_index)
        turn_vectors = self.vectors[:: self.views]
        scores = turn_vectors @ np.asarray(turn_vectors[row])
        keep = self.mask(Filters(speaker=speaker))
        keep[row] = False
        if exclude_document is not None:
            keep &= self._doc_of != exclude_document
        seen = {self.records[row].spoken_text.strip().lower()}
        out = []
        for i in top_k(scores, k * 3 + 5, keep):
            words = self.records[i].spoken_text.strip().lower()
            if words in seen:
                continue  # the same words twice make no distractor
            seen.add(words)
            out.append((self.records[i].document, self.records[i].index, float(scores[i])))
            if len(out) == k:
                break
        return out
