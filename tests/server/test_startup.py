"""Starting a server: migrations, the first admin, and clear failures."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from brickyard.server.startup import prepare
from brickyard.server.tables import Base
from sqlalchemy import inspect

from tests.support.server import ServerProcess

pytestmark = pytest.mark.empty_database  # the migrations and the bootstrap on an empty database


def test_migrations_create_every_table_and_match_the_models(settings):
    prepared = prepare(settings)
    try:
        with prepared.engine.connect() as connection:
            # The full-text index no model describes: SQLite's FTS5 virtual table (and its shadow tables),
            # PostgreSQL's GIN expression index
            fts = {name for name in inspect(connection).get_table_names() if name.startswith("asset_search_fts")}
            fts.add("ix_asset_search_body_fts")
            # procrastinate's own tables (the preview queue on PostgreSQL), applied under the migration lock
            queue = {name for name in inspect(connection).get_table_names() if name.startswith("procrastinate_")}
            if connection.dialect.name == "postgresql":
                assert {"procrastinate_jobs", "procrastinate_workers", "procrastinate_events"} <= queue
            else:
                assert queue == set()
            tables = set(inspect(connection).get_table_names()) - fts - queue
            assert set(Base.metadata.tables) | {"alembic_version"} == tables
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "include_name": lambda name, kind, parent: name not in fts | queue})
            assert compare_metadata(context, Base.metadata) == []  # a model change needs a migration
    finally:
        prepared.engine.dispose()


def test_bootstrap_writes_admin_token_0600_only_on_an_empty_database(settings):
    first = prepare(settings)
    first.engine.dispose()
    token_file = settings.admin_token_path
    assert first.admin_token_written
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = token_file.read_text().strip()
    assert token.startswith("byt_")
    token_file.unlink()
    again = prepare(settings)  # same database: users exist, so no new admin and no new file
    again.engine.dispose()
    assert not again.admin_token_written and not token_file.exists()


def test_leftover_uploads_are_removed_at_start(settings):
    temp = settings.blob_dir / "tmp"
    temp.mkdir(parents=True)
    (temp / ("a" * 64 + ".1234.part")).write_bytes(b"half a file")  # the old single-folder layout
    dead = temp / "999999-dead"  # a folder whose owner died: nobody holds its lock
    dead.mkdir()
    (dead / "owner.lock").write_text("")
    (dead / ("b" * 64 + ".5678.part")).write_bytes(b"half another")
    prepared = prepare(settings)
    prepared.engine.dispose()
    assert prepared.leftover_temp_files == 2
    assert list(temp.iterdir()) == [prepared.blobs.temp_dir]  # only this server's own folder is left
    prepared.blobs.close()
    assert list(temp.iterdir()) == []


def test_starting_a_server_keeps_another_live_servers_upload(settings):
    first = prepare(settings)
    writer = first.blobs.begin_put("c" * 64, 10)
    writer.write(b"half")
    second = prepare(settings)  # a second server on the same blob folder starts meanwhile
    second.engine.dispose()
    assert os.path.exists(writer.temp) and second.leftover_temp_files == 0
    writer.write(b"of it.")  # its temp file is still open and whole
    writer.abort()
    first.engine.dispose()


def test_a_blob_write_after_the_temp_folder_was_removed_claims_a_new_one(settings):
    import hashlib
    import shutil

    prepared = prepare(settings)
    prepared.engine.dispose()
    data = b"written after an administrator cleaned tmp/"
    first = prepared.blobs.begin_put(None, 4)
    first.write(b"once")
    assert first.commit()
    shutil.rmtree(prepared.blobs.temp_dir)  # the folder this server writes its uploads in is gone
    writer = prepared.blobs.begin_put(hashlib.sha256(data).hexdigest(), len(data))
    writer.write(data)
    assert writer.commit(durable=False) and prepared.blobs.path(hashlib.sha256(data).hexdigest()).read_bytes() == data
    prepared.blobs.close()


def run_server(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "brickyard.server", *args], check=False,
                          capture_output=True, text=True, timeout=60)


def test_bad_database_url_is_one_line_and_exit_2(tmp_path):
    result = run_server("--data", str(tmp_path / "d"), "--database-url", "nosuchdb://x/y", "--port", "1")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("brickyard: cannot use the database")
    assert "Traceback" not in result.stderr


def test_unwritable_data_dir_is_one_line_and_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_server("--data", str(blocker / "data"), "--port", "1")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "data folder" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signals_stop_the_server_cleanly(tmp_path, signum):
    server = ServerProcess(tmp_path / "data").start()
    assert server.admin_token.startswith("byt_")
    server.proc.send_signal(signum)
    assert server.proc.wait(timeout=15) == 0
    assert "Traceback" not in server.log()
