"""The Origin allow-list and the rate limit."""

from __future__ import annotations

import pytest

from server.errors import ProtocolError
from server.guard import RateLimit, origin_allowed


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
