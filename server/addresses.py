"""Limits that hold across one client's connections: the client address is the unit.

A per-socket rate limit does nothing against a client that opens a hundred sockets, so what
one address may do is counted here: open connections, messages a second, new sessions an
hour, wrong class codes. A class behind one school NAT shares an address, so the defaults are
generous (a few hundred students) and configurable; the address comes from a proxy header
only when the proxy is configured as trusted (uvicorn's ``forwarded_allow_ips``).

One process holds these counts in memory; several processes behind a proxy each hold their
own, which multiplies the limits by the number of processes, never divides them.
"""

from __future__ import annotations

import resource
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from server.errors import ProtocolError
from server.guard import RateLimit

# Messages a second from one address over all its connections (each is also held to the
# per-connection limit): a class of 250 at a human pace sends a few dozen.
ADDRESS_RATE, ADDRESS_BURST = 100.0, 200
# Wrong class codes from one address: a class's typos pass, guessing codes does not.
CLASS_ATTEMPTS, CLASS_ATTEMPTS_SECONDS = 30, 600.0
# File descriptors kept free for the database, the index and HTTP when counting connections.
RESERVED_FILES = 64


def raise_file_limit() -> int:
    """Raise the soft open-file limit to the hard one; return the connections that fit in it.

    The common default soft limit (1,024) is what ~1,000 idle sockets exhaust, after which
    every new connection, honest or not, fails without a word.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = 65536 if hard == resource.RLIM_INFINITY else hard
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return max(soft - RESERVED_FILES, 1)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a WebSocket upgrade is refused: the HTTP status and a sentence for the client."""

    status: int
    code: str
    message: str


@dataclass
class AddressLimits:
    """The per-address counters of one server process."""

    connections_per_address: int = 256
    sessions_per_hour: int = 600
    max_connections: int = field(default_factory=raise_file_limit)
    clock: Callable[[], float] = time.monotonic
    open: Counter[str] = field(default_factory=Counter)
    _buckets: dict[tuple[str, str], RateLimit] = field(default_factory=dict)

    # --- connections ------------------------------------------------------------------------

    def connect(self, address: str) -> Refusal | None:
        """Count a new connection from ``address``, or say why it is refused."""
        if self.open.total() >= self.max_connections:
            return Refusal(
                503,
                "server_full",
                f"The server holds {self.max_connections:,} connections, all it can; try "
                "again in a minute.",
            )
        if self.open[address] >= self.connections_per_address:
            return Refusal(
                429,
                "too_many_connections",
                f"Your address already has {self.connections_per_address:,} connections "
                "open, the most one address may; close some tabs and try again.",
            )
        self.open[address] += 1
        return None

    def disconnect(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]

    # --- token buckets ----------------------------------------------------------------------

    def _bucket(self, kind: str, address: str, rate: float, burst: int) -> RateLimit:
        key = (kind, address)
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) > 10_000:  # forget buckets that have refilled
                self._prune()
            bucket = self._buckets[key] = RateLimit(rate, burst, self.clock)
        return bucket

    def _prune(self) -> None:
        now = self.clock()
        for key, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.last) * bucket.rate >= bucket.burst:
                del self._buckets[key]

    def message(self, address: str, seq: int | str | None = None) -> None:
        """Spend one of the address's messages, or raise ``rate_limited``."""
        try:
            self._bucket("message", address, ADDRESS_RATE, ADDRESS_BURST).take(seq)
        except ProtocolError as exc:
            exc.message = (
                f"Too many messages from your network address (the limit is {ADDRESS_RATE:g} "
                f"a second over all its connections); this one was dropped. Wait "
                f"{exc.retry_after:g} s and send it again."
            )
            raise

    def new_session(self, address: str) -> None:
        """Spend one of the address's new sessions, or raise ``too_many_sessions``."""
        bucket = self._session_bucket(address)
        if bucket.available() < 1:
            wait = bucket.wait_for_one()
            raise ProtocolError(
                "too_many_sessions",
                f"Your network address has started {self.sessions_per_hour:,} sessions within "
                f"the hour, the most it may; resume an existing session, or wait {wait:g} s.",
                retry_after=wait,
            )
        bucket.tokens -= 1

    def session_not_made(self, address: str) -> None:
        """Give back the new session a hello spent (:meth:`new_session`) when it left none
        (refused for the store, and what it made removed): the allowance counts sessions
        started, and a class whose database was busy lost one for each refused join."""
        bucket = self._session_bucket(address)
        bucket.tokens = min(bucket.available() + 1, bucket.burst)

    def _session_bucket(self, address: str) -> RateLimit:
        return self._bucket(
            "session", address, self.sessions_per_hour / 3600, self.sessions_per_hour
        )

    def check_class_attempts(self, address: str) -> None:
        """Raise ``too_many_class_attempts`` if the address has used up its wrong codes."""
        bucket = self._class_bucket(address)
        if bucket.available() < 1:
            wait = bucket.wait_for_one()
            raise ProtocolError(
                "too_many_class_attempts",
                f"Too many unknown class codes from your network address ({CLASS_ATTEMPTS} "
                f"within {CLASS_ATTEMPTS_SECONDS / 60:g} minutes); ask your instructor for "
                f"the code and try again in {wait:g} s.",
                field="class",
                retry_after=wait,
            )

    def wrong_class(self, address: str) -> None:
        """Count a class code that named no class."""
        bucket = self._class_bucket(address)
        bucket.available()
        bucket.tokens = max(bucket.tokens - 1, 0.0)

    def _class_bucket(self, address: str) -> RateLimit:
        rate = CLASS_ATTEMPTS / CLASS_ATTEMPTS_SECONDS
        return self._bucket("class", address, rate, CLASS_ATTEMPTS)
