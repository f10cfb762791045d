"""Server fixtures: an in-process app on the shared ``database_url`` (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from brickyard.server.app import create_app
from brickyard.server.settings import Settings
from fastapi.testclient import TestClient

from tests.server.factories import Api


@pytest.fixture
def settings(tmp_path, database_url) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def app(settings):
    app = create_app(settings)
    yield app
    app.state.blobs.close()
    app.state.engine.dispose()  # PostgreSQL drops the test database afterwards


@pytest.fixture
def client(app) -> TestClient:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def api(client, settings) -> Api:
    """The server admin's view, with helpers to make users, projects, blobs and versions."""
    return Api(client, (settings.data_dir / "admin-token").read_text().strip())
