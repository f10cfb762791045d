"""Migrations w11: assets get the dates the browser sorts by, and existing review comments become searchable."""

from __future__ import annotations

import pytest
from alembic import command
from brickyard.server.db import make_engine
from brickyard.server.migrate import alembic_config
from sqlalchemy import text

pytestmark = pytest.mark.empty_database  # migrates an empty database step by step


def test_sort_dates_and_comment_words_are_backfilled(database_url):
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            command.upgrade(alembic_config(connection), "i17_blob_claims")
            connection.commit()
            run = connection.execute
            run(text("INSERT INTO users (id, name, is_admin, created_at) VALUES (1, 'ana', false, '2026-11-01')"))
            run(text("INSERT INTO projects (id, code, name, naming, kinds, created_at) "
                     "VALUES (1, 'film', '', '{}', '[]', '2026-11-01')"))
            run(text("INSERT INTO assets (id, project_id, folder, name, kind, tags, metadata, latest_number, "
                     "created_at) VALUES (1, 1, 'chars', 'hero', 'image', '[]', '{}', 2, '2026-11-01')"))
            for number, day in ((1, "2026-11-02"), (2, "2026-11-03")):
                run(text("INSERT INTO versions (id, asset_id, number, status, author_id, comment, metadata, inputs, "
                         "created_at) VALUES (:n, 1, :n, 'wip', 1, 'blocking', '{}', '[]', :t)"),
                    {"n": number, "t": day})
            run(text("INSERT INTO asset_search (asset_id, body) VALUES (1, 'chars hero blocking')"))
            run(text("INSERT INTO comments (id, version_id, author_id, text, status, created_at) "
                     "VALUES (1, 1, 1, 'rim light flickers', 'rejected', '2026-11-05')"))
            run(text("INSERT INTO comments (id, version_id, author_id, text, created_at) "
                     "VALUES (2, 2, 1, 'shadow pops', '2026-11-06')"))
            connection.commit()
            command.upgrade(alembic_config(connection), "head")
            connection.commit()
            published, updated = run(text("SELECT published_at, updated_at FROM assets")).one()
            body = run(text("SELECT body FROM asset_search WHERE asset_id = 1")).scalar_one()
        assert str(published).startswith("2026-11-03") and str(updated).startswith("2026-11-05")
        assert {"hero", "blocking", "rim", "flickers", "shadow", "pops"} <= set(body.split())
    finally:
        engine.dispose()
