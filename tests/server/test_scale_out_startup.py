"""Servers started together on one fresh PostgreSQL and one data folder all come up (item 8 of issue 16)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import requests

from tests.support.postgres import fresh_database, unreachable_reason
from tests.support.server import ServerProcess

SERVERS = 9


@pytest.mark.slow
@pytest.mark.postgres
def test_nine_servers_started_at_once_on_a_fresh_database_all_come_up(tmp_path):
    reason = unreachable_reason()
    if reason:
        pytest.skip(reason)
    with fresh_database() as url:
        servers = [ServerProcess(tmp_path / "data", database_url=url) for _ in range(SERVERS)]
        try:
            with ThreadPoolExecutor(SERVERS) as pool:
                started = list(pool.map(lambda s: s.start(timeout=120), servers))
            assert len(started) == SERVERS
            token = servers[0].admin_token  # one admin, created once
            for server in servers:
                answer = requests.get(server.url + "/api/v1/me", headers={"Authorization": f"Bearer {token}"},
                                      timeout=10)
                assert answer.status_code == 200 and answer.json()["name"] == "admin"
            with psycopg.connect(url.replace("+psycopg", "")) as connection:  # the preview queue's schema, applied once
                assert connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0] is not None
            folders = list((tmp_path / "data" / "blobs" / "tmp").iterdir())
            assert len(folders) == SERVERS  # one temp folder each, none swept by a later start
        finally:
            for server in servers:
                server.stop()
