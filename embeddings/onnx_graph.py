"""Which ONNX graph an encoder runs: the one kept from an earlier load while it still gives
torch's vectors, else a fresh export, checked against torch before it is kept.

The graph itself (exporting, fusing, running it) is :mod:`embeddings.onnx_model`'s; the
encoder (:mod:`embeddings.encoder`) only asks for a graph it may trust. Kept apart from the
encoder so it reads as encoding, and this choice, made once per load, reads on its own.

A kept graph is checked by :func:`kept_session` without torch: the probe texts through the
encoder's own path, against torch's vectors of them kept at export. An encoder that has not
loaded sentence-transformers at all (:mod:`embeddings.onnx_pipeline`) makes the same check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from embeddings import onnx_model
from embeddings.caches import write_json
from embeddings.onnx_model import (
    MIN_COSINE,
    FusionUnavailable,
    OnnxTransformer,
    OnnxUnavailable,
    Probe,
)
from embeddings.onnx_pipeline import RECORD_KEY, NumpyPipeline

if TYPE_CHECKING:
    from embeddings.torch_model import TorchModel

log = logging.getLogger(__name__)

# The transformer's forward: the tokenizer's features in, token embeddings out.
Forward = Callable[[dict[str, Any]], Any]
# The probe texts' sentence vectors and token vectors through a forward pass.
Probing = Callable[[Forward], tuple[np.ndarray, np.ndarray]]


def kept_session(
    directory: Path, record: dict[str, Any], probe: Probe, probing: Probing
) -> tuple[OnnxTransformer | None, str]:
    """The kept graph's session if ``probing`` it gives torch's probe vectors (``probe``),
    else None; and the cosine found, or why the graph cannot run, to say."""
    try:
        session = OnnxTransformer(directory / onnx_model.ONNX_FILE, record["inputs"])
        cosine = probe.cosine(*probing(session))
    except OnnxUnavailable as exc:
        return None, str(exc)
    if cosine >= MIN_COSINE:
        return session, ""
    return None, f"probe cosine {cosine:.6f} < {MIN_COSINE}"


@dataclass(frozen=True)
class ModelGraphs:
    """One model's ONNX graphs, each judged by the vectors of the probe texts against torch's."""

    model_id: str
    model: TorchModel  # its preprocess and transformer, for an export
    probe: Probing  # the encoder's own path from a forward to vectors, as it will encode
    reference: Callable[[], Probe]  # torch's probe vectors: run only when a graph is exported
    pipeline: NumpyPipeline | None  # kept beside the graph, for a later load without torch

    def open(self, directory: Path) -> tuple[OnnxTransformer, str]:
        """The exported graph in ``directory`` and its kind, if it still gives torch's probe
        vectors; else a fresh export, checked against torch before it is kept. Either way
        the pipeline, where there is one, is kept beside it (again: this load is with torch
        because the kept one was missing or failed)."""
        stored = onnx_model.read_export(directory, self.model_id)
        if stored is not None:
            record, probe = stored
            session, why = kept_session(directory, record, probe, self.probe)
            if session is not None:
                self._keep(directory, record)
                return session, str(record["graph"])
            log.warning(
                "The ONNX model in %s no longer matches (%s): exporting it again.", directory, why
            )
        return self._export(directory)

    def _keep(self, directory: Path, record: dict[str, Any]) -> None:
        """The pipeline beside a kept graph, for the next load to go without torch. A folder
        that cannot be written is still read, as before: its every load goes through torch."""
        if self.pipeline is None:
            return
        try:
            kept = self.pipeline.save(directory)
            write_json(directory / onnx_model.EXPORT_FILE, record | {RECORD_KEY: kept})
        except OSError as exc:
            log.warning(
                "Could not keep the ONNX tokenizer and pooling in %s (%s): every start there "
                "loads torch.",
                directory,
                exc,
            )

    def _export(self, directory: Path) -> tuple[OnnxTransformer, str]:
        """Export the fused graph, or the plain one where the fusion does not apply or its
        vectors are not torch's; keep the first that passes the probe check."""
        import torch

        log.info("Exporting %s to ONNX Runtime in %s (once)...", self.model_id, directory)
        reference = self.reference()
        features = self.model.model.preprocess(list(onnx_model.PROBE_TEXTS[:2]))
        plain_because = None
        for graph in onnx_model.GRAPHS:
            try:
                inputs, operators = onnx_model.export(
                    self.model.model[0].auto_model, features, directory, fused=graph == "fused"
                )
            except Exception as exc:  # the exporter fails in many ways on unusual models
                if graph == "fused":
                    plain_because = str(exc) if isinstance(exc, FusionUnavailable) else repr(exc)
                    continue
                raise OnnxUnavailable(f"exporting the model to ONNX failed ({exc})") from exc
            session = OnnxTransformer(directory / onnx_model.ONNX_FILE, inputs)
            cosine = reference.cosine(*self.probe(session))
            if cosine >= MIN_COSINE:
                break
            (directory / onnx_model.ONNX_FILE).unlink(missing_ok=True)
            plain_because = (
                f"the exported {graph} graph's vectors differ from torch's (probe cosine "
                f"{cosine:.6f} < {MIN_COSINE})"
            )
        else:
            raise OnnxUnavailable(plain_because or "no graph was exported")
        if plain_because is not None:
            log.info("The fused ONNX graph was not written: %s.", plain_because)
        import onnxruntime  # loaded by the session above

        record: dict[str, Any] = {
            "model_id": self.model_id,
            "export_version": onnx_model.EXPORT_VERSION,
            "graph": graph,
            "fused_operators": operators,
            **({"plain_because": plain_because} if graph == "plain" else {}),
            "inputs": inputs,
            "probe_cosine": cosine,
            "min_cosine": MIN_COSINE,
            "onnxruntime": onnxruntime.__version__,
            "torch": torch.__version__,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        if self.pipeline is not None:
            record[RECORD_KEY] = self.pipeline.save(directory)
        onnx_model.save_probe(directory, reference, record)
        log.info(
            "Exported %s to ONNX (%s graph) in %s (probe cosine %.6f).",
            self.model_id,
            graph,
            directory,
            cosine,
        )
        return session, graph
