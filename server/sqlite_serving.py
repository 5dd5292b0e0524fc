"""One `backchannel serve` per SQLite database: a second one on the same data directory is
refused, naming the process that serves it.

Two processes on one SQLite file started and served side by side without a word, though the
processes of a school tell each other things only through PostgreSQL (``server.bus``): a
student's second tab opened on the other process left the first one open, not told, until
its next line was refused; a class's strict answers ticked on one reached no open page of the
other's; a class shared on one did not reach an instructor following live on the other.

The lock is ``flock`` on a file in the data directory, held while the process lives: the
kernel lets it go when the process ends in any way, a ``kill -9`` too, so a stale lock never
blocks a restart. The file says which process holds it, for the one refused.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import TextIO

from server.errors import ConfigError
from server.settings import Settings
from server.sqlite_database import make_data_directory
from server.stores import SQLITE_FILE

LOCK_FILE = "serve.lock"


def hold_database(settings: Settings) -> TextIO | None:
    """The lock of the SQLite database the settings name, held until the file is closed (or
    the process ends); None on PostgreSQL, which several processes share. A database another
    process serves: :class:`ConfigError`, saying which process and what to do."""
    if settings.database is not None:
        return None
    data = Path(settings.data)
    make_data_directory(data)
    held = (data / LOCK_FILE).open("a+", encoding="utf-8")
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        held.seek(0)
        holder = held.read().strip() or "another process, starting"
        held.close()
        raise ConfigError(
            f"The database {data / SQLITE_FILE} is served already, by {holder}: one "
            "SQLite database is served by one `backchannel serve`. Stop that one first, give "
            "this one another --data (a database of its own), or run several processes on one "
            "PostgreSQL database (--database postgresql://..., docs/deploy.md)."
        ) from None
    held.seek(0)
    held.truncate()
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    held.write(f"process {os.getpid()} on {host}:{settings.port}\n")
    held.flush()
    return held
