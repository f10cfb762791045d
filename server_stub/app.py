"""``create_app(settings)``: the FastAPI application, ready to serve (database migrated)."""

from __future__ import annotations

from fastapi import FastAPI

from . import errors, web
from .limits import BodySizeLimit, SafeUrl
from .routes import (
    assets,
    blob_bundles,
    blobs,
    bulk,
    comments,
    events,
    health,
    previews,
    projects,
    resolve,
    users,
    versions,
)
from .routes.health import VERSION
from .settings import Settings
from .startup import Prepared, prepare

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, prepared: Prepared | None = None) -> FastAPI:
    settings = settings or Settings()
    prepared = prepared or prepare(settings)
    app = FastAPI(title="Brickyard", version=VERSION,
                  description="Production asset pipeline: projects, assets, versions, blobs, events.",
                  docs_url=None, redoc_url=None)  # /docs is the web app's offline Swagger UI
    app.state.settings = settings
    app.state.engine = prepared.engine
    app.state.sessions = prepared.sessions
    app.state.blobs = prepared.blobs
    app.state.prepared = prepared
    errors.install(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_json_bytes)
    app.add_middleware(SafeUrl)
    app.include_router(health.router)
    for module in (users, projects, assets, versions, bulk, comments, previews, resolve, blobs, blob_bundles,
                   events):
        app.include_router(module.router, prefix=API_PREFIX, responses=errors.ERROR_RESPONSES)
    web.install(app)
    return app
