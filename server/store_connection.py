"""What the stores use of a database connection inside one write's transaction: the part of
sqlite3's and psycopg's connections and cursors that :mod:`server.store_base` writes through, so
that both databases' stores share their methods and a type checker holds them to it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class Cursor(Protocol):
    """What the stores read of a statement's cursor inside a write (sqlite3's and psycopg's)."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class ManyCursor(Protocol):
    """A cursor sending one statement for each of many rows of parameters."""

    def executemany(self, sql: str, params: Iterable[tuple[Any, ...]], /) -> object: ...


class Connection(Protocol):
    """A connection inside one write's transaction
    (:meth:`server.store_base.ClassesBase._write`)."""

    def execute(self, sql: str, params: tuple[Any, ...], /) -> Cursor: ...
    def cursor(self) -> ManyCursor: ...
