"""The FastAPI application: wires the routers, the services and the pages together."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

import web
from server.documented_errors import document_instructor_errors
from server.headers import SecurityHeaders
from server.nul import RefuseNul
from server.protocol import PROTOCOL_VERSION
from server.routers import (
    ask,
    classes,
    documents,
    health,
    instructor,
    learner,
    live_class,
    review,
    scenarios,
    teachers,
    unheld,
    ws,
)
from server.services import Services
from server.unparsable import unparsable
from server.unprocessable import unprocessable

# Bytes below which a response goes as it is: a header and a block cost more than they save.
GZIP_FROM = 1024


def create_app(services: Services) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        """While the app serves, hear the other processes on the bus (if the store has one)
        and keep the sessions' heartbeats."""
        tasks = [
            asyncio.create_task(services.bus.run(), name="bus"),
            asyncio.create_task(services.keep_alive(), name="heartbeat"),
        ]
        yield
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    app = FastAPI(
        lifespan=lifespan,
        title="Backchannel",
        summary="Role-play and quizzes on the Kissinger–Dobrynin channel, from the FRUS record.",
        version=f"protocol {PROTOCOL_VERSION}",
    )
    app.state.services = services
    app.add_exception_handler(RequestValidationError, unprocessable)
    app.add_exception_handler(HTTPException, unparsable)
    app.add_middleware(RefuseNul)  # inside SecurityHeaders: its 422 carries them too
    app.add_middleware(SecurityHeaders)
    # What the pages read again and again is mostly recorded turns and citations that recur (a
    # class's JSON export of 30 students of 30 lines, 9.7 MiB; a long transcript, 0.3 MiB):
    # gzip sends a tenth of it or less, and the file a teacher saves is the same JSON.
    # zlib's own default level: 9 takes longer for a few per cent less.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_FROM, compresslevel=6)
    for module in (
        health,
        documents,
        ask,
        scenarios,
        unheld,
        classes,
        teachers,
        instructor,
        review,
        live_class,
        learner,
        ws,
    ):
        document_instructor_errors(module.router)
        app.include_router(module.router)
    app.mount("/", StaticFiles(directory=Path(web.__file__).parent, html=True), name="web")
    return app
