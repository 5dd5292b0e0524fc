"""The WebSocket's defences: the Origin allow-list and a per-connection rate limit."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from server.errors import ProtocolError
from server.limits import BURST, RATE_PER_SECOND


def origin_allowed(origin: str | None, host: str | None, allowed: Sequence[str]) -> bool:
    """Same origin always; others only if listed (``*`` lists all); no Origin: not a browser.

    A browser always sends ``Origin`` on a WebSocket upgrade, so a page on another site
    cannot open a session with a student's cookies or network position; scripts and tests,
    which send none, are not the threat this check guards against.
    """
    if origin is None:
        return True
    if "*" in allowed or origin.rstrip("/") in {a.rstrip("/") for a in allowed}:
        return True
    try:
        netloc = urlsplit(origin).netloc
    except ValueError:  # "http://[": no browser sends it, so refuse it like a foreign origin
        return False
    return host is not None and netloc.lower() == host.lower()


class RateLimit:
    """A token bucket: ``rate`` messages a second on average, ``burst`` at once."""

    def __init__(
        self,
        rate: float = RATE_PER_SECOND,
        burst: int = BURST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens = float(burst)
        self.last = clock()

    def take(self) -> None:
        """Spend one token, or raise ``rate_limited`` saying how long to wait."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return
        wait = round((1 - self.tokens) / self.rate, 2)
        raise ProtocolError(
            "rate_limited",
            f"Too many messages: the limit is {self.rate:g} a second (bursts of {self.burst}); "
            f"this one was dropped. Wait {wait:g} s and send it again.",
            retry_after=wait,
        )
