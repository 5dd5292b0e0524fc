"""What one test run shares between its processes when pytest-xdist runs it on several workers.

Each worker is a pytest session of its own, with its own session fixtures: right for what a
test writes to (a store, a live server), but a costly build that is only read would be paid
once per worker. Such a build is made once for the whole run instead, by the first process to
ask, in the base temporary folder every process of the run sees, under a file lock that the
others wait on: the pattern pytest-xdist documents (its "Making session-scoped fixtures execute
only once"). Run without workers, the one session builds it there as before.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock


def in_worker(config: pytest.Config) -> bool:
    """Whether this process is a pytest-xdist worker, given its share of the tests."""
    return hasattr(config, "workerinput")


# Fixture scopes whose value one worker makes for the tests of one module (or class).
_MODULE_SCOPES = ("module", "class")


def module_made(item: pytest.Item) -> bool:
    """Whether ``item`` takes a fixture made once per module or class (an index built for the
    module, a pair of servers, a role-play): made again by every worker given one of its tests.

    pytest-xdist's default "load" handing out sends a module's tests to both workers as they
    free up, so such a fixture was made twice in a run where its module was split (test
    modules' own index builds, test_multiprocess.py's two `backchannel serve` processes on
    PostgreSQL). Marked ``xdist_group`` by module (``--dist loadgroup``, pyproject.toml), all
    its tests go to one worker; every other test is handed out one by one as before.

    Not the browser tests' (tests/web): pytest-xdist hands the larger groups out first, and a
    page of test_render.py's, its module's one page, opened then, beside the run's index builds
    and mypy, timed out loading (30 s, load ~25 on 2 cores); split, it costs one page more."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None or item.nodeid.startswith("tests/web/"):
        return False
    return any(
        defs[-1].scope in _MODULE_SCOPES
        for name, defs in info.name2fixturedefs.items()
        if defs and name in item.fixturenames
    )


def run_folder(config: pytest.Config) -> Path:
    """The base temporary folder every process of this run sees: this session's, or under
    pytest-xdist that of the process handing out the tests, which holds each worker's."""
    base: Path = config._tmp_path_factory.getbasetemp()
    return base.parent if in_worker(config) else base


def built_once(config: pytest.Config, name: str, build: Callable[[Path], None]) -> Path:
    """The folder ``name`` in ``run_folder``, filled by ``build`` once for the whole run:
    whichever process asks first builds it (in ``NAME.partial``, renamed when whole, so a
    build that failed is never read), the others wait for it. Read-only for every test."""
    folder = run_folder(config) / name
    with FileLock(folder.with_name(f"{name}.lock")):
        if not folder.is_dir():
            partial = folder.with_name(f"{name}.partial")
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            build(partial)
            partial.rename(folder)
    return folder
