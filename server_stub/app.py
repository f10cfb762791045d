"""``create_app(settings)``: the FastAPI application, ready to serve (database migrated)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from . import errors
from .event_bus import make_event_bus
from .limits import BodySizeLimit
from .routes import assets, blob_uploads, blobs, events, health, projects, resolve, users, versions
from .routes.health import VERSION
from .settings import Settings
from .startup import Prepared, prepare

API_PREFIX = "/api/v1"


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.event_bus.stop()  # the LISTEN connection closes before the engine is disposed


def create_app(settings: Settings | None = None, prepared: Prepared | None = None) -> FastAPI:
    settings = settings or Settings()
    prepared = prepared or prepare(settings)
    app = FastAPI(title="Brickyard", version=VERSION, lifespan=_lifespan,
                  description="Production asset pipeline: projects, assets, versions, blobs, events.")
    app.state.settings = settings
    app.state.engine = prepared.engine
    app.state.sessions = prepared.sessions
    app.state.blobs = prepared.blobs
    app.state.prepared = prepared
    app.state.stopping = threading.Event()  # set when a stop is asked; event streams end on it
    app.state.event_bus = make_event_bus(prepared.engine)
    errors.install(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_json_bytes)
    app.include_router(health.router)
    # blob_uploads before blobs: its fixed paths (/blobs/store) must win over /blobs/{sha256}
    for module in (users, projects, assets, versions, resolve, blob_uploads, blobs, events):
        app.include_router(module.router, prefix=API_PREFIX)
    return app
