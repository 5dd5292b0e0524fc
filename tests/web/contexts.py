"""Browser contexts handed out again, emptied, instead of a new one for each page a test opens.

A new context and its first page cost ~0.4-0.6 s of a 2-core machine under load before the
page asked the server for anything (a student's page opened and joined: 1.12 s in a new
context against 0.52 s in one used before and emptied, medians of 12 alternating, load ~6).
The browser tests open ~450 pages a run.

What a test sees is what a new context gives it: ``reset`` closes every page of the context
(their sessionStorage and sockets go with them), empties what the browser keeps for each origin
its pages opened (cookies, localStorage, IndexedDB, caches, service workers), the HTTP cache
(each test's first load of a page asks the server for every file, as a new context's does) and
the permissions granted. A context whose test installed Playwright's fake clock (context-wide,
and kept for every page it opens later), or whose pages were all closed or can no longer be
asked, is closed instead.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Every kind of data Chromium keeps for an origin (Storage.clearDataForOrigin).
_ALL_STORAGE = "all"
# True in a page of a context where Playwright's clock is installed (page.clock.*).
_FAKE_CLOCK = "'__pwClock' in globalThis"


class Pooled:
    """One context of the pool, with the origins its pages opened and a page of its own (blank,
    never a test's) through which it is emptied."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        self.origins: set[str] = set()
        self._janitor = self.context.new_page()
        self._cdp = self.context.new_cdp_session(self._janitor)
        self.context.on("page", self._follow)

    def _follow(self, page) -> None:
        page.on("framenavigated", lambda frame: self._opened(frame.url))

    def _opened(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            self.origins.add(f"{parts.scheme}://{parts.netloc}")

    def test_pages(self) -> list:
        return [page for page in self.context.pages if page is not self._janitor]

    def reset(self) -> bool:
        """Empty the context for the next test; False where it cannot be (then close it)."""
        pages = self.test_pages()
        if not pages:  # none left to ask whether the clock was faked
            return False
        try:
            if any(page.evaluate(_FAKE_CLOCK) for page in pages):
                return False
            for page in pages:
                page.close()
            for origin in self.origins:
                self._cdp.send(
                    "Storage.clearDataForOrigin", {"origin": origin, "storageTypes": _ALL_STORAGE}
                )
            self._cdp.send("Network.clearBrowserCache")
            self.context.clear_cookies()
            self.context.clear_permissions()
        except Exception:  # a page crashed or hung: this context is not reused
            return False
        self.origins.clear()
        return True
