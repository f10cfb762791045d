"""Apply the Alembic migrations shipped in ``brickyard.server.migrations`` — no alembic.ini needed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

SCRIPT_LOCATION = str(Path(__file__).with_name("migrations"))
# Any constant: servers started together on one PostgreSQL migrate one at a time under this lock.
_MIGRATION_LOCK = 0x6272_6d67  # "brmg"


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Migrate to the newest revision. On PostgreSQL a session-level advisory lock serialises servers
    started at once: the first migrates, the others wait, then find nothing left to do. (SQLite's own
    write lock already serialises the migration's transaction.) On PostgreSQL the preview queue's
    (procrastinate's) schema is applied under the same lock."""
    with engine.connect() as connection:
        locked = connection.dialect.name == "postgresql"
        if locked:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
            connection.commit()
        try:
            command.upgrade(alembic_config(connection), "head")
            connection.commit()
            if locked:  # the preview queue's own tables, under the same lock (docs/previews.md)
                _ensure_queue_schema(connection)
                connection.commit()
        finally:
            if locked:
                connection.rollback()
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})
                connection.commit()


def _ensure_queue_schema(connection) -> None:
    from .jobs.procrastinate_queue import ensure_schema, queue_installed

    if queue_installed():  # without the media extra there are no previews, and no queue
        ensure_schema(connection)
