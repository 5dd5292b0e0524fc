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
    return database


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
