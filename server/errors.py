"""The server's exceptions, as one small tree.

    BackchannelError
    ├── ProtocolError     a client message the server refuses: becomes an ``error`` frame
    ├── NotFound          an id the store was given does not exist (a class that vanished)
    ├── StoreUnavailable  the database cannot take a write now (locked, full): a retryable error
    ├── Displaced         a write fenced off: another connection holds the session now
    └── ConfigError       a command-line or store setup that cannot work: exit code 2

Every message is a sentence that names what went wrong, where, and how to fix it; tests assert
them, and the WebSocket handler sends them to the student unchanged.
"""

from __future__ import annotations

# HTTP status of a request the API understood but cannot act on (a bad value). starlette
# renamed its constant (HTTP_422_UNPROCESSABLE_ENTITY, now deprecated); the number is the contract.
UNPROCESSABLE = 422


class BackchannelError(Exception):
    """Base of every error the server raises on purpose."""


class ProtocolError(BackchannelError):
    """A message the server answers with ``{"type": "error", ...}`` and otherwise ignores."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        retry_after: float | None = None,
        seq: int | str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.retry_after = retry_after
        self.seq = seq  # the client's ``seq``, echoed in the error frame


class NotFound(BackchannelError):
    """Something named by id is not there."""


class ConfigError(BackchannelError):
    """The command line, settings or store cannot be used as given."""


class StoreUnavailable(BackchannelError):
    """The database refused a call for now: locked by another process, or its disk is full.

    ``code`` is the protocol's error code (``database_busy``, ``not_stored``) and
    ``retry_after`` the seconds after which trying again makes sense. Every store raises it
    for these conditions, so the server never tells a student that an unstored line was kept.
    """

    def __init__(self, code: str, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after


class Displaced(BackchannelError):
    """A connection wrote to a session that another connection has taken over since.

    The store refuses the write (it keeps which connection holds each session), so a reply
    computed on the old connection, in this process or another, never lands after the new
    connection's events nor overwrites its state.
    """
