"""The PostgreSQL session database: the pool of connections every PostgreSQL store call takes.

For schools that outgrow one machine: several ``backchannel serve`` processes, on one host or
many, share one database, and each process keeps a pool of connections (psycopg 3). The schema
is built by the numbered migrations of :mod:`server.postgres_migrations`, applied under an
advisory lock by whichever process opens the database first. Kept apart from the statements
(:mod:`server.postgres_classes`, :mod:`server.store_postgres`) so that what a full disk, a held
lock or a lost connection means for a student is decided in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import psycopg.errors
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolTimeout

from server.errors import ConfigError
from server.postgres_migrations import migrate
from server.store_refusals import database_busy, not_stored

POOL_MAX = 16  # per process: store calls run in worker threads, a few at a time
CONNECT_TIMEOUT = 10  # seconds
# How long a statement waits for a row lock another connection holds before the student is
# told ``database_busy`` (as SQLite's busy timeout): never a write that hangs for good.
LOCK_TIMEOUT_MS = 5000


def describe(url: str) -> str:
    """The database a URL names, without its password: for logs and error messages."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "a PostgreSQL database (unreadable URL)"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', 'localhost')}{port}/{parts.get('dbname', '')}"


@contextmanager
def _unavailable() -> Iterator[None]:
    """PostgreSQL's "out of disk", "no connection free" and "connection lost" as
    :class:`server.errors.StoreUnavailable`: a retryable error for the student, not
    ``internal``."""
    try:
        yield
    except psycopg.OperationalError as exc:
        if (exc.sqlstate or "").startswith("53"):  # insufficient resources: disk full...
            raise not_stored(exc) from exc
        if isinstance(exc, PoolTimeout):
            raise database_busy("all its connections are in use") from exc
        if isinstance(exc, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled):
            raise database_busy("a lock is held elsewhere") from exc
        raise database_busy("out of reach for a moment") from exc  # restarting, network


class PostgresDatabase:
    """An open PostgreSQL session database: reads, and writes in one transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = describe(url)
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as conn:
                migrate(conn, self.where)
        except psycopg.OperationalError as exc:
            raise ConfigError(
                f"Cannot open the session database {self.where}: {str(exc).strip()}. Check "
                "that PostgreSQL runs there, that the database exists and that the URL's user "
                "may connect (BACKCHANNEL_DATABASE or --database)."
            ) from exc
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_MAX,
            kwargs={
                "autocommit": True,
                "connect_timeout": CONNECT_TIMEOUT,
                "options": f"-c lock_timeout={LOCK_TIMEOUT_MS:d}",
            },
            open=False,
            name="backchannel",
        )
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except PoolTimeout as exc:
            raise ConfigError(
                f"Cannot open connections to {self.where} (the first one worked); check the "
                "server's max_connections."
            ) from exc

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with _unavailable(), self._pool.connection() as conn:
            return conn.execute(sql, params).fetchall()

    @contextmanager
    def _write(self) -> Iterator[psycopg.Connection]:
        with _unavailable(), self._pool.connection() as conn, conn.transaction():
            yield conn

    def close(self) -> None:
        self._pool.close()
