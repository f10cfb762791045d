"""Migration 0002 turns the inputs versions already carry into lineage edges."""

from __future__ import annotations

import json

import pytest
from alembic import command
from brickyard.server.db import make_engine
from brickyard.server.migrate import alembic_config
from sqlalchemy import text

pytestmark = pytest.mark.empty_database  # migrates an empty database step by step


def test_existing_inputs_are_backfilled_as_declared_edges(database_url):
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            command.upgrade(alembic_config(connection), "0001")
            connection.commit()
            now = "2026-11-23 00:00:00+00:00"
            connection.execute(text("INSERT INTO users (id, name, is_admin, created_at) VALUES (1, 'ana', false, :t)"),
                               {"t": now})
            connection.execute(text("INSERT INTO projects (id, code, name, naming, kinds, created_at) "
                                    "VALUES (1, 'film', '', '{}', '[]', :t)"), {"t": now})
            for asset_id, folder, name in ((1, "env", "plate"), (2, "", "comp")):
                connection.execute(text(
                    "INSERT INTO assets (id, project_id, folder, name, kind, tags, metadata, latest_number, "
                    "created_at) VALUES (:id, 1, :folder, :name, 'image', '[]', '{}', 1, :t)"),
                    {"id": asset_id, "folder": folder, "name": name, "t": now})
            inputs = ["brickyard://film/env/plate?version=1", "brickyard://film/env/gone?version=1"]
            for version_id, asset_id, version_inputs in ((1, 1, []), (2, 2, inputs)):
                connection.execute(text(
                    "INSERT INTO versions (id, asset_id, number, status, author_id, comment, metadata, inputs, "
                    "created_at) VALUES (:id, :asset, 1, 'wip', 1, '', '{}', :inputs, :t)"),
                    {"id": version_id, "asset": asset_id, "inputs": json.dumps(version_inputs), "t": now})
            connection.commit()
            command.upgrade(alembic_config(connection), "0002")
            connection.commit()
            edges = connection.execute(text("SELECT version_id, input_version_id, link FROM version_inputs")).all()
        assert [tuple(edge) for edge in edges] == [(2, 1, "declared")]  # the unknown input is skipped
    finally:
        engine.dispose()
