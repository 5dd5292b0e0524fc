"""The server's exceptions, as one small tree.

    BackchannelError
    ├── ProtocolError     a client message the server refuses: becomes an ``error`` frame
    ├── NotFound          an id the store was given does not exist (a class that vanished)
    └── ConfigError       a command-line or store setup that cannot work: exit code 2

Every message is a sentence that names what went wrong, where, and how to fix it; tests assert
them, and the WebSocket handler sends them to the student unchanged.
"""

from __future__ import annotations


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
