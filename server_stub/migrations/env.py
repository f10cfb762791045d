"""Alembic environment: run with the connection ``brickyard.server.migrate`` hands over."""

from __future__ import annotations

from alembic import context
from brickyard.server.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=True,  # SQLite can only ALTER through batch copies
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
