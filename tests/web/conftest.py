"""A real ``backchannel serve`` on a free port and Debian's chromium, driven by Playwright.

The server is the session's (``live_server``, tests/served.py), a subprocess over the shared
fixture index with its SQLite database in a temporary data directory; the browser is launched
once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.served import LiveServer, add_instructor
from tests.web.contexts import Pooled
from tests.web.flows import join, say, start_roleplay
from tests.web.waits import TIMEOUT_MS, polled_finely

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
# A test run never rewrites tracked files: its screenshots go to the build folder (ignored by
# git); `pytest tests/web --screenshots docs/screenshots` refreshes the README's.
_SCREENSHOTS = {"dir": ROOT / "build" / "screenshots"}


@pytest.fixture(scope="session", autouse=True)
def _screenshots_dir(pytestconfig: pytest.Config) -> None:
    chosen = pytestconfig.getoption("screenshots")
    if chosen:
        _SCREENSHOTS["dir"] = Path(chosen).resolve()


@pytest.fixture(scope="package", autouse=True)
def _waits_polled_finely():
    """Every ``wait_for`` of the browser tests looks at the page each 100 ms (waits.py)."""
    yield from polled_finely()


# Package-scoped, not session-scoped: Playwright's sync API keeps an event loop running on this
# thread while it is open, so tests run after tests/web in the same call (asyncio.run in
# tests/server) would fail with "cannot be called from a running event loop".
@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watched:
    """A page plus what it did that a test must see: dialogs opened, script errors thrown."""

    page: object
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _watch(context) -> Watched:
    page = context.new_page()
    watched = Watched(page)

    def on_dialog(dialog) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: watched.errors.append(str(exc)))

    def on_console(message) -> None:  # the CSP refusing a script, style or socket
        if message.type == "error" and "Content Security Policy" in message.text:
            watched.errors.append(message.text)

    page.on("console", on_console)
    page.set_default_timeout(TIMEOUT_MS)
    return watched


# Package-scoped with the browser: the contexts a test has given back, emptied (contexts.py).
@pytest.fixture(scope="package")
def _idle_contexts(browser):
    idle: list[Pooled] = []
    yield idle
    for pooled in idle:
        pooled.context.close()


@pytest.fixture
def open_page(browser, _idle_contexts):
    """Factory: a page each call in a browser context of its own, as a new context gives it
    (own storage, empty cache), closed or emptied for another test after this one."""
    used: list[Pooled] = []

    def make(width: int = 1280, height: int = 900) -> Watched:
        pooled = _idle_contexts.pop() if _idle_contexts else Pooled(browser)
        used.append(pooled)
        watched = _watch(pooled.context)
        if (width, height) != (1280, 900):
            watched.page.set_viewport_size({"width": width, "height": height})
        return watched

    yield make
    for pooled in used:
        if pooled.reset():
            _idle_contexts.append(pooled)
        else:
            pooled.context.close()


@dataclass
class Classroom:
    """A class set up the way its people do it: the instructor added from the command line,
    each student joining on the page. The one place the browser tests' class and join flow
    lives, so a change to it is made here."""

    server: LiveServer
    open_page: Callable[..., Watched]

    def teacher(self, name: str, code: str) -> str:
        """A new instructor ``name`` teaching the new class ``code``: their bearer token."""
        return add_instructor(name, code, self.server.data, self.server.env)

    def student(
        self,
        name: str,
        code: str,
        *lines: str,
        as_: str = "kissinger",
        document: str | None = None,
        width: int = 1280,
        height: int = 900,
    ):
        """A new student's page: joined class ``code`` as ``name``, a role-play started, and
        each of ``lines`` said in turn, its reply drawn before the next."""
        page = self.open_page(width, height).page
        join(page, self.server.url, name, code)
        start_roleplay(page, as_=as_, document=document)
        for line in lines:
            say(page, line)
        return page


@pytest.fixture
def classroom(live_server, open_page) -> Classroom:
    """Instructors and students of classes of a test's own, on the shared live server."""
    return Classroom(live_server, open_page)


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot (build/screenshots/NAME.png, or the folder ``--screenshots`` names)."""
    folder = _SCREENSHOTS["dir"]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
