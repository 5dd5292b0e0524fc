"""A locator's ``wait_for`` that looks at the page every 100 ms for as long as it waits.

Playwright's driver asks the page again after 0, 20, 50, 100 and 100 ms, then every 500 ms
until the wait's timeout (``retryWithProgressAndBackoff``): a reply drawn 300 ms after a wait
began was seen ~770 ms after it, and the browser tests wait so ~600 times a run, most often
for what the server sends. The driver leaves the 500 ms step out of a wait shorter than
2.5 s, so this one is made of waits of at most 2 s, one after the other, until its whole
timeout has passed: what it waits for and how long it may take are unchanged (the page's
30 s, or the ``timeout`` given); it sees the page sooner. Eight files of browser tests (37
tests, one process) spent 109 s in their calls instead of 115, run back to back at load ~5
on 2 cores (and 109 s against 117 with the driver's own steps cut to 50 ms).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from playwright.sync_api import Locator
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# What Playwright waits by default and what tests/web/conftest.py sets on each page it opens.
TIMEOUT_MS = 30_000
# The longest wait the driver polls every 100 ms at most (it does under 2,500 ms).
_SLICE_MS = 2_000


def _wait_for(self: Locator, *, timeout: float | None = None, state: str | None = None) -> None:
    whole = TIMEOUT_MS if timeout is None else timeout
    if not whole:  # 0: no timeout at all, as Playwright takes it
        _ORIGINAL(self, timeout=whole, state=state)
        return
    deadline = time.monotonic() + whole / 1000
    while True:
        left = max(1.0, (deadline - time.monotonic()) * 1000)
        try:
            _ORIGINAL(self, timeout=min(_SLICE_MS, left), state=state)
            return
        except PlaywrightTimeout as exc:
            if time.monotonic() >= deadline:
                raise PlaywrightTimeout(
                    f"Locator.wait_for: Timeout {whole:.0f}ms exceeded (waited in slices of "
                    f"{_SLICE_MS} ms; the last one said: {exc.message})"
                ) from exc


_ORIGINAL = Locator.wait_for


def polled_finely() -> Iterator[None]:
    """``Locator.wait_for`` in slices while the generator is open (a fixture's body)."""
    Locator.wait_for = _wait_for  # type: ignore[method-assign]
    try:
        yield
    finally:
        Locator.wait_for = _ORIGINAL  # type: ignore[method-assign]
