"""The plain baseline every figure is compared with: all-MiniLM-L6-v2 nearest recorded turn.

The student's line, as typed, is encoded by the same model and compared by cosine with each
turn's own words (the index's ``plain`` view); the nearest turn of the played side is the
answer. No glossary, no BM25, no rerank, and it never refuses. If a stage of the pipeline
does worse than this on some set, that stage is not earning its keep.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from embeddings.search import top_k

if TYPE_CHECKING:
    from embeddings.roleplay import RolePlay


class PlainNearest:
    """Nearest turns by one cosine over the turns' plain sentence vectors."""

    def __init__(self, roleplay: RolePlay) -> None:
        index = roleplay.index
        plain = list(index.manifest["views"]).index("plain")
        self._vectors = np.asarray(index.vectors[plain :: index.views], dtype=np.float32)
        self._roleplay = roleplay

    def rank(self, lines: list[str], as_: str, k: int = 5) -> list[list[int]]:
        """The ``k`` nearest answerable turns (index rows, best first) for each line."""
        queries = self._roleplay.encoder.encode(lines)
        mask = self._roleplay.prompt_mask(as_)
        return [top_k(self._vectors @ q, k, mask).tolist() for q in queries]
