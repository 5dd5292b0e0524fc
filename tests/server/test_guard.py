"""The Origin allow-list and the rate limit."""

from __future__ import annotations

import pytest

from server.errors import ProtocolError
from server.guard import RateLimit, host_allowed, origin_allowed


@pytest.mark.parametrize(
    ("origin", "host", "allowed", "ok"),
    [
        (None, "127.0.0.1:8000", [], True),
        ("http://127.0.0.1:8000", "127.0.0.1:8000", [], True),
        ("http://LOCALHOST:8000", "localhost:8000", [], True),
        ("http://evil.example", "127.0.0.1:8000", [], False),
        ("http://127.0.0.1:9000", "127.0.0.1:8000", [], False),
        ("https://class.example.edu", "10.0.0.5:8000", ["https://class.example.edu/"], True),
        ("https://other.example", "10.0.0.5:8000", ["*"], True),
        ("http://[", "127.0.0.1:8000", [], False),
    ],
)
def test_origin_allowed(origin: str | None, host: str, allowed: list[str], ok: bool) -> None:
    assert origin_allowed(origin, host, allowed) is ok


@pytest.mark.parametrize(
    ("host", "hosts", "ok"),
    [
        ("127.0.0.1:8000", [], True),
        ("10.1.2.3", [], True),
        ("[::1]:8000", [], True),
        ("localhost:8000", [], True),
        ("LOCALHOST", [], True),
        ("evil.example:8000", [], False),
        ("class.example.edu:443", ["class.example.edu"], True),
        ("CLASS.example.edu", ["class.example.edu"], True),
        ("evil.example", ["class.example.edu"], False),
        ("evil.example", ["*"], True),
        ("127.0.0.1.evil.example", [], False),
        ("", [], False),
        (None, [], False),
        ("[", [], False),
    ],
)
def test_host_allowed(host: str | None, hosts: list[str], ok: bool) -> None:
    assert host_allowed(host, hosts) is ok


def test_dns_rebinding_is_refused_even_though_origin_matches_host() -> None:
    assert not origin_allowed("http://evil.example:8000", "evil.example:8000", [])
    assert origin_allowed("http://10.0.0.5:8000", "10.0.0.5:8000", [])  # --host 0.0.0.0, by IP
    named = ["class.example.edu"]
    assert origin_allowed("http://class.example.edu", "class.example.edu", [], named)


def test_rate_limit_allows_burst_then_refills() -> None:
    now = [0.0]
    limit = RateLimit(rate=10, burst=3, clock=lambda: now[0])
    for _ in range(3):
        limit.take()
    with pytest.raises(ProtocolError) as refused:
        limit.take()
    assert (refused.value.code, refused.value.retry_after) == ("rate_limited", 0.1)
    assert refused.value.message == (
        "Too many messages: the limit is 10 a second (bursts of 3); this one was dropped. "
        "Wait 0.1 s and send it again."
    )
    now[0] += 0.1
    limit.take()
