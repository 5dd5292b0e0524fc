"""What the app needs at run time, created once: settings, store, index, engines, worker pool.

``Services.open`` is the one place that turns settings into live objects (and builds the index
on first start); tests build a ``Services`` from their own fixtures instead.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from server.batching import BatchingEncoder
from server.quiz import QuizEngine
from server.roleplay import RoleplayEngine
from server.settings import Settings
from server.store import Store
from server.stores import open_store

log = logging.getLogger(__name__)
T = TypeVar("T")

# How many lines may be in the model at once. They queue at the batching encoder, which
# encodes whatever waits in one call, so this bounds the batch, not the cores used.
MODEL_WORKERS = 32


@dataclass
class Services:
    settings: Settings
    store: Store
    roleplay: RoleplayEngine
    quiz: QuizEngine
    # The connection holding each session. One at a time: a resume on a new connection (a
    # second tab, or the page reconnecting before the server noticed the old socket drop)
    # takes the session over, and the old connection is told so and closed.
    holders: dict[str, Any] = field(default_factory=dict, repr=False)
    _limiter: anyio.CapacityLimiter | None = field(default=None, repr=False)

    @property
    def index(self) -> Any:
        return self.roleplay.index

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a worker thread, at most ``MODEL_WORKERS`` at a time."""
        if self._limiter is None:  # created inside the event loop, where anyio wants it
            self._limiter = anyio.CapacityLimiter(MODEL_WORKERS)
        call = functools.partial(fn, *args, **kwargs)
        return await anyio.to_thread.run_sync(call, limiter=self._limiter)

    @classmethod
    def from_roleplay(cls, settings: Settings, store: Store, roleplay: Any) -> Services:
        return cls(
            settings=settings,
            store=store,
            roleplay=RoleplayEngine(roleplay),
            quiz=QuizEngine(roleplay.index),
        )

    @classmethod
    def open(cls, settings: Settings, *, progress: bool = False) -> Services:
        """Open the database and index the settings name, building the index if there is none."""
        from embeddings import Encoder, Index, RolePlay

        store = open_store(settings)  # first: a wrong database URL fails before the model loads
        try:
            ensure_index(settings, progress=progress)
            index = Index.load(settings.index_dir)
            encoder = Encoder(index.model_id)
        except BaseException:
            store.close()
            raise
        roleplay = RolePlay(index, BatchingEncoder(encoder))
        return cls.from_roleplay(settings, store, roleplay)


def ensure_index(settings: Settings, *, progress: bool = False) -> bool:
    """Build the index from the configured transcripts when its directory holds none."""
    from embeddings import Encoder, build_index
    from embeddings.index import MANIFEST
    from transcripts import load_corpus

    if (settings.index_dir / MANIFEST).is_file():
        return False
    log.info("No index in %s: building it (once) from the transcripts.", settings.index_dir)
    corpus = load_corpus(settings.transcripts)
    report = build_index(
        corpus, settings.index_dir, encoder=Encoder(settings.model), progress=progress
    )
    log.info(
        "Index built: %d documents, %d turns in %.1f s.",
        report.documents,
        report.turns,
        report.seconds,
    )
    return True
