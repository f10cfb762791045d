"""Apply the Alembic migrations shipped in ``brickyard.server.migrations`` — no alembic.ini needed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

SCRIPT_LOCATION = str(Path(__file__).with_name("migrations"))


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


def upgrade_to_head(engine: Engine) -> None:
    with engine.connect() as connection:
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
