"""The FastAPI application: wires the routers, the services and the pages together."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import web
from server.headers import SecurityHeaders
from server.protocol import PROTOCOL_VERSION
from server.routers import (
    ask,
    classes,
    documents,
    health,
    instructor,
    learner,
    review,
    scenarios,
    teachers,
    unheld,
    ws,
)
from server.services import Services


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
    app.add_middleware(SecurityHeaders)
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
        learner,
        ws,
    ):
        app.include_router(module.router)
    app.mount("/", StaticFiles(directory=Path(web.__file__).parent, html=True), name="web")
    return app
