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
            "of it (@, / or #) ends that part of the URL early, so the rest would be read as the "
            "host. Write it percent-encoded, @ as %40, / as %2F, # as %23, ? as %3F (`python3 -c "
            "'import urllib.parse; print(urllib.parse.quote(input(), safe=\"\"))'` prints it "
            "so), in postgresql://USER:PASSWORD@HOST:PORT/DBNAME (BACKCHANNEL_DATABASE or "
            "--database)."
        )
    return database


def _unencoded(database: str) -> bool:
    """Whether the URL's user or password holds an @, / or # not percent-encoded: a
    password "p@ss" was read as the password "p" of the host "ss@127.0.0.1", the error
    ("failed to resolve host 'ss@127.0.0.1'") and the database named in it showing "ss"."""
    address = database.split("://", 1)[1].split("?", 1)[0].split("#", 1)[0]
    authority, _, path = address.partition("/")
    return authority.count("@") > 1 or "@" in path or "#" in database.split("@", 1)[0]


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
