"""Fixtures every room shares: database URLs (SQLite always, PostgreSQL where reachable), live servers
and a studio on one."""

from __future__ import annotations

import pytest

from tests.support.postgres import fresh_database, migrated_template, unreachable_reason
from tests.support.server import ServerProcess
from tests.support.studio import make_studio

_PG_REASON: list[str | None] = []


def postgres_skip_reason() -> str | None:
    if not _PG_REASON:
        _PG_REASON.append(unreachable_reason())
    return _PG_REASON[0]


@pytest.fixture(scope="session")
def postgres_template():
    """This run's PostgreSQL database at the newest migration, made on first use (see database_url)."""
    with migrated_template() as name:
        yield name


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """Each test that takes this runs once on SQLite (empty: the server migrates it) and once on a fresh
    PostgreSQL database: a copy of one this run migrated (the migrations take a second a database), or an
    empty one for a test marked ``empty_database`` (migrations, bootstrap on an empty database)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'brickyard.db'}"
        return
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    empty = request.node.get_closest_marker("empty_database") is not None
    with fresh_database(None if empty else request.getfixturevalue("postgres_template")) as url:
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


@pytest.fixture(scope="session")
def s3_services(tmp_path_factory):
    """The S3-compatible servers of this run, started on first use: {"moto": …, "minio": … or a skip reason}."""
    from tests.support.s3 import minio_missing_reason, start_minio, start_moto

    started: dict = {}
    log_dir = tmp_path_factory.mktemp("s3")

    def get(name: str):
        if name not in started:
            if name == "minio" and minio_missing_reason():
                started[name] = minio_missing_reason()
            else:
                started[name] = start_moto(log_dir) if name == "moto" else start_minio(log_dir)
        return started[name]

    yield get
    for service in started.values():
        if not isinstance(service, str):
            service.stop()


def _use_s3(service, monkeypatch):
    if isinstance(service, str):
        pytest.skip(service)
    for key, value in service.env.items():
        monkeypatch.setenv(key, value)
    return service


@pytest.fixture(params=["moto", pytest.param("minio", marks=pytest.mark.minio)])
def s3(request, s3_services, monkeypatch):
    """An S3-compatible service (moto always, MinIO where installed) and the AWS settings pointing at it."""
    return _use_s3(s3_services(request.param), monkeypatch)


@pytest.fixture(params=["local", "moto", pytest.param("minio", marks=pytest.mark.minio)])
def blob_store_url(request, s3_services, monkeypatch):
    """Each test that takes this runs on the local folder ("") and on a fresh bucket of each S3 service."""
    if request.param == "local":
        return ""
    service = _use_s3(s3_services(request.param), monkeypatch)
    return f"s3://{service.new_bucket()}/brickyard"
