"""The SQLite session database: the one connection every SQLite store call goes through.

One connection in WAL mode, shared by the event loop and FastAPI's worker threads behind a
lock: writes are tiny (one event row and the session's state), so serialising them costs
microseconds and keeps the ordering of a session's events exact. ``synchronous=NORMAL`` with
WAL keeps each commit durable against a process crash (the case that matters: ``kill`` of the
server), at no fsync per event. The schema is built and upgraded by the numbered migrations of
:mod:`server.sqlite_migrations` when the file is opened. Kept apart from the statements
(:mod:`server.sqlite_classes`, :mod:`server.store_sqlite`) so that what a locked or full disk
means for a student is decided in one place.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from server.errors import ConfigError
from server.sqlite_migrations import migrate
from server.store_refusals import database_busy, not_stored


@contextmanager
def _unavailable(path: str) -> Iterator[None]:
    """SQLite's "locked" and "disk full" as :class:`StoreUnavailable`, which the server turns
    into a retryable error for the student instead of an ``internal`` one."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise database_busy("another program holds it") from exc
        if code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
            raise not_stored(exc) from exc
        raise


def make_data_directory(folder: Path) -> None:
    """``folder`` made if missing, or a :class:`ConfigError` naming it: a read-only disk or a
    path through a file ended in a traceback before."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"Cannot create the data directory {folder}: {exc.strerror or exc}. Give "
            "--data (or BACKCHANNEL_DATA) a directory this user can write."
        ) from exc


class SQLiteDatabase:
    """An open SQLite session database: reads, and writes in one immediate transaction."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            make_data_directory(Path(self.path).parent)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA busy_timeout=5000")
            migrate(self._db, path=self.path)
        except sqlite3.DatabaseError as exc:
            raise ConfigError(
                f"Cannot open the session database {self.path}: {exc}. Check that the file is a "
                "Backchannel database and that the directory is writable, or choose another "
                "--data directory."
            ) from exc
        self._lock = threading.RLock()

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock, _unavailable(self.path):
            return self._db.execute(sql, params).fetchall()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock, _unavailable(self.path):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            self._db.close()
