"""Fixtures every room shares: database URLs (SQLite always, PostgreSQL where reachable), live servers
and a studio on one."""

from __future__ import annotations

import pytest

from tests.support.postgres import fresh_database, unreachable_reason
from tests.support.server import ServerProcess
from tests.support.studio import make_studio

_PG_REASON: list[str | None] = []


def postgres_skip_reason() -> str | None:
    if not _PG_REASON:
        _PG_REASON.append(unreachable_reason())
    return _PG_REASON[0]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """Each test that takes this runs once on SQLite and once on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'brickyard.db'}"
        return
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    with fresh_database() as url:
        yield url


@pytest.fixture
def server(tmp_path, database_url):
    """A real uvicorn server in a subprocess, on ``database_url``; stopped after the test."""
    proc = ServerProcess(tmp_path / "data", database_url=database_url)
    proc.start()
    yield proc
    proc.stop()


@pytest.fixture
def sqlite_server(tmp_path):
    """A real server on the embedded default (SQLite in its data folder)."""
    proc = ServerProcess(tmp_path / "data")
    proc.start()
    yield proc
    proc.stop()


@pytest.fixture
def studio(sqlite_server, tmp_path):
    """Project ``film`` on a real SQLite server with ana (artist), sam (supervisor) and vic (viewer)."""
    studio = make_studio(sqlite_server, tmp_path)
    yield studio
    for client in studio.clients:
        client.close()
