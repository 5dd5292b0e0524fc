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
    if _misread(database):
        raise ConfigError(
            "The database setting's URL holds its password (or user) as typed, and an @ or / "
            "in it ends that part of the URL, so the rest is read as the host. Write the "
            "password percent-encoded, @ as %40 and / as %2F "
            "(`python3 -c 'import urllib.parse; print(urllib.parse.quote(input(), safe=\"\"))'` "
            "prints it so), in postgresql://USER:PASSWORD@HOST:PORT/DBNAME (BACKCHANNEL_DATABASE "
            "or --database)."
        )
    return database


def _misread(database: str) -> bool:
    """Whether libpq would read the URL's user or password wrong: one typed with an @ or /
    in it. libpq ends the user and password at the first @ (or the first / before any @), so
    "p@ss" was read as the password "p" of the host "ss@127.0.0.1" ("failed to resolve host
    'ss@127.0.0.1'", a part of the password in the message), "p/ss" as the host "backchannel"
    and port "p". libpq itself says how it reads the URL (conninfo_to_dict parses, connects to
    nothing): the host's @ then lands in the host, port or database name it reads, where no
    right reading puts one. A URL libpq cannot read at all ('invalid URI query parameter',
    "p?s/s") is said so when the text before its last @ holds an @ or /; any other is left to
    libpq's own message on connecting. Every other character libpq reads as typed, a ? or #
    too ("pa#ss", "p?s#s" log in on a real server): those URLs pass."""
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        read = conninfo_to_dict(database)
    except ProgrammingError:
        ahead = database.split("://", 1)[1].rpartition("@")[0]
        return "@" in ahead or "/" in ahead
    return any("@" in str(read.get(part) or "") for part in ("host", "port", "dbname"))


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
