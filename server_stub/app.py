"""``create_app(settings)``: the FastAPI application, ready to serve (database migrated)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from . import errors, web
from .event_bus import make_event_bus
from .foreground import Foreground, ForegroundRequests
from .limits import BodySizeLimit, SafeUrl
from .routes import (
    assets,
    blob_bundles,
    blob_uploads,
    blobs,
    bulk,
    client_links,
    comments,
    events,
    health,
    playlists,
    previews,
    projects,
    resolve,
    users,
    versions,
)
from .routes import annotations as annotation_routes  # the module's name is taken by __future__
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
                  description="Production asset pipeline: projects, assets, versions, blobs, events.",
                  docs_url=None, redoc_url=None)  # /docs is the web app's offline Swagger UI
    app.state.settings = settings
    app.state.engine = prepared.engine
    app.state.sessions = prepared.sessions
    app.state.blobs = prepared.blobs
    app.state.prepared = prepared
    app.state.stopping = threading.Event()  # set when a stop is asked; event streams end on it
    app.state.event_bus = make_event_bus(prepared.engine, prepared.sessions)
    app.state.foreground = Foreground()  # publishes in flight: the embedded preview workers wait for them
    errors.install(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_json_bytes)
    app.add_middleware(SafeUrl)
    app.add_middleware(ForegroundRequests, foreground=app.state.foreground, prefix=API_PREFIX)
    app.include_router(health.router)
    # blob_uploads and blob_bundles before blobs: their fixed paths (/blobs/store, /blobs/bundle) must win
    # over /blobs/{sha256}
    for module in (users, projects, assets, versions, bulk, comments, annotation_routes, previews, resolve,
                   blob_uploads, blob_bundles, blobs, events, playlists, client_links):
        app.include_router(module.router, prefix=API_PREFIX, responses=errors.ERROR_RESPONSES)
    web.install(app)
    return app
