"""The WebSocket's defences: transport limits, the Origin allow-list, per-connection rate limit."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from server.errors import ProtocolError
from server.limits import BURST, RATE_PER_SECOND, WS_MAX_MESSAGE_BYTES


def uvicorn_options(trusted_proxies: Sequence[str] = ()) -> dict[str, Any]:
    """The uvicorn settings every Backchannel server runs with (serve, tests, benchmarks).

    The client address (the unit of the per-address limits) is the socket's peer, or, from
    the proxies named here only, the one their ``X-Forwarded-For`` gives: uvicorn would
    otherwise trust that header from 127.0.0.1, so any local script could claim any address.
    """
    return {
        "ws_max_size": WS_MAX_MESSAGE_BYTES,
        "ws_per_message_deflate": True,
        "proxy_headers": bool(trusted_proxies),
        "forwarded_allow_ips": list(trusted_proxies) or None,
    }


def host_allowed(host: str | None, hosts: Sequence[str]) -> bool:
    """Whether the ``Host`` header names this server: an IP literal, ``localhost``, or a name
    the configuration lists (``*`` lists all), with any port.

    A DNS-rebinding page is served from the attacker's name that now resolves to this server,
    so the browser sends ``Host: evil.example``; a classroom that reaches the server by its IP
    address (``--host 0.0.0.0``) or by a configured name passes.
    """
    if not host:
        return False
    try:
        name = urlsplit(f"//{host}").hostname
    except ValueError:
        return False
    if not name:
        return False
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    if name == "localhost" or name.endswith(".localhost"):
        return True
    return "*" in hosts or name in {h.lower().rstrip(".") for h in hosts}


def origin_allowed(
    origin: str | None, host: str | None, allowed: Sequence[str], hosts: Sequence[str] = ()
) -> bool:
    """A listed origin (``*`` lists all); else a valid ``Host`` and an Origin that matches it.
    No Origin: not a browser.

    A browser always sends ``Origin`` on a WebSocket upgrade, so a page on another site
    cannot open a session with a student's cookies or network position; scripts and tests,
    which send none, are not the threat this check guards against. The Host is checked first
    (see :func:`host_allowed`): under DNS rebinding, Origin and Host agree on the attacker's
    name.
    """
    if origin is None:
        return True
    if "*" in allowed or origin.rstrip("/") in {a.rstrip("/") for a in allowed}:
        return True
    if not host_allowed(host, hosts):
        return False
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

    def available(self) -> float:
        """The tokens in the bucket now (refilled for the time since the last look)."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        return self.tokens

    def wait_for_one(self) -> float:
        """Seconds until the bucket holds a whole token (0 if it does)."""
        return round(max(0.0, 1 - self.tokens) / self.rate, 2)

    def take(self, seq: int | str | None = None) -> None:
        """Spend one token, or raise ``rate_limited`` (echoing ``seq``) saying how long to wait."""
        if self.available() >= 1:
            self.tokens -= 1
            return
        wait = self.wait_for_one()
        raise ProtocolError(
            "rate_limited",
            f"Too many messages: the limit is {self.rate:g} a second (bursts of {self.burst}); "
            f"this one was dropped. Wait {wait:g} s and send it again.",
            retry_after=wait,
            seq=seq,
        )
