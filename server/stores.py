"""Which store the settings name: the SQLite file in the data directory, or PostgreSQL by URL.

The one place that turns ``BACKCHANNEL_DATABASE`` / ``--database`` into a live store, shared by
``serve`` and every CLI command that reads or writes sessions, so they never disagree.
"""

from __future__ import annotations

from pathlib import Path

from server.bus import Bus
from server.errors import ConfigError
from server.settings import Settings
from server.store import Store

SQLITE_FILE = "backchannel.sqlite3"


def check_database(database: str) -> str:
    """The URL if it names PostgreSQL, else a :class:`ConfigError` saying what would."""
    scheme = database.split("://", 1)[0] if "://" in database else ""
    if scheme not in ("postgresql", "postgres"):
        raise ConfigError(
            f"The database setting {database!r} is not a PostgreSQL URL; give "
            "postgresql://USER:PASSWORD@HOST:PORT/DBNAME (BACKCHANNEL_DATABASE or --database), "
            "or leave it unset for the SQLite file in the data directory."
        )
    if _unencoded(database):
        raise ConfigError(
            "The database setting's URL holds its password (or user) as typed, and a character "
            "of it (@, /, ? or #) is one that ends that part of a URL, so the rest may be read "
            "as the host. Write it percent-encoded, @ as %40, / as %2F, ? as %3F, # as %23 "
            "(`python3 -c 'import urllib.parse; print(urllib.parse.quote(input(), safe=\"\"))'` "
            "prints it so), in postgresql://USER:PASSWORD@HOST:PORT/DBNAME (BACKCHANNEL_DATABASE "
            "or --database)."
        )
    return database


def _unencoded(database: str) -> bool:
    """Whether the URL's user or password holds an @, /, ? or # not percent-encoded: a
    password "p@ss" was read as the password "p" of the host "ss@127.0.0.1", the error
    ("failed to resolve host 'ss@127.0.0.1'") and the database named in it showing "ss".

    The user and password are what comes before the last @ ahead of the query's first
    assignment (so ``?user=u&password=a@b`` is a query, not a password). A ? was missed when
    it was taken for the query's start: "p?ss@x" had libpq look for the host "x@127.0.0.1",
    "p?s/s" stopped on 'missing key/value separator "=" in URI query parameter: "s/s@…"'.
    libpq alone reads a lone ? or # in a password right, but a URL may not hold them there
    (RFC 3986's userinfo), so one way of writing it is asked for every character."""
    rest = database.split("://", 1)[1]
    query = rest.find("?")
    assigned = rest.find("=", query) if query >= 0 else -1
    head = rest[:assigned] if assigned >= 0 else rest
    credentials, at, _ = head.rpartition("@")
    return bool(at) and any(mark in credentials for mark in "@/?#")


def where(settings: Settings) -> str:
    """The store the settings name, for messages: a file path or a URL without its password."""
    if settings.database is None:
        return str(Path(settings.data) / SQLITE_FILE)
    from server.postgres_database import describe

    return describe(check_database(settings.database))


def open_store(settings: Settings) -> Store:
    """Open (and migrate) the store; bad settings or an unreachable database: ConfigError."""
    if settings.database is None:
        from server.store_sqlite import SQLiteStore

        return SQLiteStore(Path(settings.data) / SQLITE_FILE)
    from server.store_postgres import PostgresStore

    return PostgresStore(check_database(settings.database))


def open_bus(store: Store) -> Bus:
    """The bus between processes: LISTEN/NOTIFY on PostgreSQL, this process alone on SQLite."""
    from server.postgres_notifier import PostgresNotifier
    from server.store_postgres import PostgresStore

    if isinstance(store, PostgresStore):
        return Bus(PostgresNotifier(store))
    return Bus()
