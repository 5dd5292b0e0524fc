"""What the app needs at run time, created once: settings, store, index, engines, worker pool.

``Services.open`` is the one place that turns settings into live objects (and builds the index
on first start); tests build a ``Services`` from their own fixtures instead.
"""

from __future__ import annotations

import asyncio
import fcntl
import functools
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO, TypeVar

import anyio
import anyio.to_thread

from server.addresses import AddressLimits
from server.batching import BatchingEncoder, FairScheduler
from server.bus import SESSION_TAKEN, Bus
from server.errors import StoreUnavailable
from server.evidence import evidence_for
from server.given import empty_index, nothing_to_answer, problems_found
from server.quiz import QuizEngine
from server.quiz_pool import plan_for
from server.roleplay import RoleplayEngine
from server.settings import Settings
from server.sqlite_serving import hold_database
from server.store import Store, utc_iso
from server.stores import open_bus, open_store
from server.struggle_reads import StruggleReads

if TYPE_CHECKING:
    from embeddings import Encoder, Index, IndexStale, RolePlay
    from transcripts import Corpus

log = logging.getLogger(__name__)
T = TypeVar("T")

# How many lines may be in the model at once. They queue at the batching encoder, which
# encodes whatever waits in one call, so this bounds the batch, not the cores used.
MODEL_WORKERS = 32
# How many of them one client address may hold: a flooder's lines wait behind each other.
MODEL_WORKERS_PER_ADDRESS = 8
HEARTBEAT_SECONDS = 30.0
STALE_SECONDS = 120.0  # four heartbeats missed: the holding process is gone
# Worker threads for store calls (SQLite serialises them behind one lock; a pool can use more).
STORE_WORKERS = 8


class Holder(Protocol):
    """A connection holding a session (a :class:`server.session.Conversation`)."""

    @property
    def id(self) -> str: ...

    @property
    def on_displaced(self) -> Callable[[], Awaitable[None]] | None: ...


@dataclass
class Services:
    settings: Settings
    store: Store
    roleplay: RoleplayEngine
    quiz: QuizEngine
    # The connection holding each session. One at a time: a resume on a new connection (a
    # second tab, or the page reconnecting before the server noticed the old socket drop)
    # takes the session over, and the old connection is told so and closed.
    holders: dict[str, Holder] = field(default_factory=dict, repr=False)
    # Tells the other server processes on the same database (PostgreSQL) of takeovers.
    bus: Bus = field(default_factory=Bus, repr=False)
    # What each connection's rate limit reads the time from: tests drive it by hand.
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    addresses: AddressLimits = field(default_factory=AddressLimits, repr=False)
    scheduler: FairScheduler = field(
        default_factory=lambda: FairScheduler(MODEL_WORKERS, MODEL_WORKERS_PER_ADDRESS),
        repr=False,
    )
    # Each session's share of its class's struggle view, as last read (a live refresh reads
    # again only the sessions that moved on).
    struggle_reads: StruggleReads = field(default_factory=StruggleReads, repr=False)
    # Held while this process serves a SQLite database: a second `serve` on it is refused.
    database_lock: TextIO | None = field(default=None, repr=False)

    _store_limiter: anyio.CapacityLimiter | None = field(default=None, repr=False)
    # Every heartbeat, this process says which sessions it holds and closes out the sessions
    # nobody has said so of for ``stale_seconds`` (their process crashed or was killed).
    heartbeat_seconds: float = HEARTBEAT_SECONDS
    stale_seconds: float = STALE_SECONDS

    def __post_init__(self) -> None:
        self.bus.subscribe(SESSION_TAKEN, self._taken)
        self.addresses.connections_per_address = self.settings.connections_per_address
        self.addresses.sessions_per_hour = self.settings.sessions_per_address

    async def _taken(self, data: dict[str, Any]) -> None:
        """A connection (here or in another process) took a session: its old holder lets go."""
        holder = self.holders.get(data["session"])
        if holder is None or holder.id == data["holder"]:
            return
        del self.holders[data["session"]]  # so its disconnect does not end the session
        if holder.on_displaced is not None:
            await holder.on_displaced()

    @property
    def index(self) -> Index:
        return self.roleplay.index

    async def keep_alive(self) -> None:
        """Heartbeats and close-outs, until cancelled; runs while the app serves.

        Not a blanket close at start-up: with several processes on one database, another
        process's sessions are live as long as it says so.
        """
        while True:
            try:
                # the beat and the cut-off from one reading of the clock: read after the beat
                # was written, the cut-off passed the beat whenever writing it took longer than
                # stale_seconds (a loaded machine), and the sessions just said to be live were
                # closed out with the dead ones
                now = datetime.now(UTC)
                await self.store_io(self.store.heartbeat, list(self.holders), utc_iso(now))
                cutoff = now - timedelta(seconds=self.stale_seconds)
                # first: close_stale would end them, and the sweep reads only open sessions
                forgot = await self.store_io(self.store.forget_never_welcomed, utc_iso(cutoff))
                if forgot:
                    log.info("Removed %d session(s) no hello welcomed.", forgot)
                closed = await self.store_io(self.store.close_stale, utc_iso(cutoff))
                if closed:
                    log.info("Closed out %d session(s) whose connection was gone.", closed)
            except StoreUnavailable as exc:
                log.warning("Heartbeat skipped: %s", exc.code)
            await asyncio.sleep(self.heartbeat_seconds)

    async def store_io(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A store call ``fn(*args, **kwargs)`` in a worker thread, off the event loop.

        The store stays synchronous (SQLite and psycopg's pool alike); while one student's
        write waits for a database lock held elsewhere, every other socket is served.
        """
        if self._store_limiter is None:  # created inside the event loop, where anyio wants it
            self._store_limiter = anyio.CapacityLimiter(STORE_WORKERS)
        call = functools.partial(fn, *args, **kwargs)
        return await anyio.to_thread.run_sync(call, limiter=self._store_limiter)

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a worker thread, at most ``MODEL_WORKERS`` at a time,
        handed out fairly between client addresses (see :class:`FairScheduler`)."""
        return await self.scheduler.run(fn, *args, **kwargs)

    @classmethod
    def from_roleplay(
        cls, settings: Settings, store: Store, roleplay: RolePlay, bus: Bus | None = None
    ) -> Services:
        return cls(
            settings=settings,
            store=store,
            roleplay=RoleplayEngine(roleplay),
            quiz=QuizEngine(roleplay.index),
            bus=bus or Bus(),
        )

    @classmethod
    def open(cls, settings: Settings, *, progress: bool = False) -> Services:
        """Open the database and index the settings name, building the index if there is none."""
        from embeddings import RolePlay

        data = Path(settings.data)
        if data.exists() and not data.is_dir():
            raise ValueError(
                f"The data directory {data} is a file, not a directory. Give --data (or "
                "BACKCHANNEL_DATA) a directory: it is created if it does not exist."
            )
        held = hold_database(settings)  # a SQLite database another process serves: refused
        try:
            store = open_store(settings)  # first: a wrong URL fails before the model loads
            try:
                index, encoder = open_index(settings, progress=progress)
            except BaseException:
                store.close()
                raise
        except BaseException:
            if held is not None:
                held.close()
            raise
        roleplay = RolePlay(  # the index checked
            index, BatchingEncoder(encoder), cached=True, threshold=settings.threshold
        )
        # The speaker model of "who said it?" takes seconds to fit, and the pool's wrong choices
        # (what came next?) a second to plan: both before a quiz asks.
        threading.Thread(target=evidence_for, args=(index,), daemon=True).start()
        threading.Thread(target=plan_for, args=(index,), daemon=True).start()
        services = cls.from_roleplay(settings, store, roleplay, open_bus(store))
        services.database_lock = held
        return services


def open_index(settings: Settings, *, progress: bool = False) -> tuple[Index, Encoder]:
    """The index the settings name and its encoder (loaded once). The index is built when
    there is none, and rebuilt, saying why, when it is of an older format, damaged, holds
    vectors of another backend than the one asked for (``settings.backend``), or holds other
    transcripts than the ones the server is given (:func:`_given`).

    Processes that share a data directory and start at once build it once: the first takes a
    file lock in the index directory and builds; the others wait on the lock, then find it built.
    """
    from embeddings import IndexStale, index_encoder

    index_dir = settings.index_dir
    corpus = _given(settings)  # before the model loads: a path that does not exist is said now
    unanswerable = None if corpus is None else nothing_to_answer(corpus, settings.transcripts)
    if unanswerable:
        raise ValueError(unanswerable)
    index, reason = _load(index_dir)
    if index is not None and corpus is None and not index.records:
        raise ValueError(empty_index(index_dir))
    if index is None:
        index_dir.mkdir(parents=True, exist_ok=True)
        with (index_dir / ".build.lock").open("a") as held:
            fcntl.flock(held, fcntl.LOCK_EX)  # released when the file closes, or the process dies
            index, reason = _load(index_dir)
            if index is None:
                encoder = index_encoder(index_dir, settings.model, settings.backend)
                return _build(settings, encoder, reason, corpus, progress=progress), encoder
            log.info("The index in %s was built by another process meanwhile.", index_dir)
    encoder = index_encoder(index_dir, index.model_id, settings.backend or index.backend)
    try:
        index.check(encoder.model_id, encoder.backend, encoder.fallback, encoder.graph)
    except IndexStale as exc:  # another backend asked for, or the index's could not run here
        with (index_dir / ".build.lock").open("a") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            return _build(settings, encoder, exc, corpus, progress=progress), encoder
    if corpus is None or _holds(index, corpus):
        return index, encoder
    with (index_dir / ".build.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        again, _ = _load(index_dir)  # another process given the same may have rebuilt it
        if again is not None and _holds(again, corpus):
            return again, encoder
        return _build(
            settings, encoder, _other(settings, index, corpus), corpus, progress=progress
        ), encoder


def _given(settings: Settings) -> Corpus | None:
    """The transcripts the index must hold: those of ``--transcripts``, else the shipped
    corpus; None for an index named with ``--index`` and no transcripts, served as it is (one
    built with `backchannel build --index DIR --transcripts ...`).

    An index already in the data directory used to be served whatever the transcripts: a
    teacher who served the shipped corpus once, then `serve --transcripts volume.xml`, got the
    shipped corpus again, without a word."""
    from transcripts import load_corpus

    if not settings.transcripts and settings.index is not None:
        return None
    return load_corpus(settings.transcripts)


def _holds(index: Index, corpus: Corpus) -> bool:
    """Whether ``index`` was built from ``corpus``."""
    from embeddings import corpus_hash

    return bool(index.manifest.get("corpus_hash") == corpus_hash(corpus))


def _other(settings: Settings, index: Index, corpus: Corpus) -> IndexStale:
    """Why an index of other transcripts than the server's is built again: others given, the
    same files changed since, or read otherwise by an earlier version (then the counts agree)."""
    from embeddings import IndexStale

    given = "--transcripts" if settings.transcripts else "the shipped corpus"
    held = _size(index.manifest.get("documents", 0), index.manifest.get("turns", 0))
    size = _size(len(corpus.documents), sum(len(d.turns) for d in corpus.documents))
    return IndexStale(
        f"The index in {settings.index_dir} was not built from the transcripts the server is "
        f"given ({given}: {size}; the index holds {held}): they are others, or were changed "
        "since, or read otherwise by an earlier version of Backchannel. It is built from them, "
        "each turn it held before read from its cache. (An index built with `backchannel "
        "build --transcripts PATH` is served with the same --transcripts, or as --index DIR.)"
    )


def _size(documents: int, turns: int) -> str:
    return f"{documents} document{'s' * (documents != 1)}, {turns} turn{'s' * (turns != 1)}"


def _load(index_dir: Path) -> tuple[Index | None, Exception | None]:
    """The index in ``index_dir``, or None and why a build must replace it."""
    from embeddings import Index, IndexStale

    try:
        return Index.load(index_dir), None
    except IndexStale as exc:
        return None, exc


def _build(
    settings: Settings,
    encoder: Encoder,
    reason: Exception | None,
    corpus: Corpus | None,
    *,
    progress: bool,
) -> Index:
    from embeddings import Index, build_index
    from transcripts import load_corpus

    index_dir = settings.index_dir
    if (index_dir / "manifest.json").exists():
        log.warning("Rebuilding the index: %s", reason)
    else:
        log.info("No index in %s: building it (once) from the transcripts.", index_dir)
    if corpus is None:
        corpus = load_corpus(settings.transcripts)
    report = build_index(corpus, index_dir, encoder=encoder, progress=progress)
    log.info(
        "Index built with %s on %s: %d documents, %d turns in %.1f s.",
        encoder.model_id,
        encoder.backend,
        report.documents,
        report.turns,
        report.seconds,
    )
    found = problems_found(corpus, settings.transcripts)
    if found:
        log.warning("%s", found)
    return Index.load(index_dir)
