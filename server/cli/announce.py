"""uvicorn's server, saying where the students and the teacher go once it listens."""

from __future__ import annotations

import socket
import sys

import uvicorn

# The exit status uvicorn.run gives a server that could not start (uvicorn.server's own).
STARTUP_FAILURE = 3


class Announcing(uvicorn.Server):
    """A uvicorn server that prints ``where`` (serve.where_to_go) once it listens, as the last
    line of its start: printed before uvicorn ran, it was followed by uvicorn's own "Uvicorn
    running on http://0.0.0.0:8000", the line a teacher reads last, and no address a student's
    browser on another machine opens."""

    def __init__(self, config: uvicorn.Config, where: str) -> None:
        super().__init__(config)
        self.where = where

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            print(self.where, file=sys.stderr, flush=True)
