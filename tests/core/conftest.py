"""Client fixtures: the studio on either database (the SQLite one is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.studio import Traffic, make_studio, watch  # noqa: F401 - re-exported for the tests here


@pytest.fixture
def any_db_studio(server, tmp_path):
    """The same studio, once on SQLite and once on PostgreSQL (where reachable)."""
    studio = make_studio(server, tmp_path)
    yield studio
    for client in studio.clients:
        client.close()
