"""Fresh PostgreSQL databases for tests: created per test run, dropped afterwards."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from collections.abc import Iterator

ADMIN_URL = os.environ.get("BRICKYARD_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def unreachable_reason() -> str | None:
    """None when PostgreSQL answers at ADMIN_URL, else why not (printed as the skip reason)."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(ADMIN_URL, connect_timeout=3):
            return None
    except Exception as exc:  # any failure to connect means: skip, and say why
        return f"PostgreSQL not reachable at {ADMIN_URL}: {str(exc).strip().splitlines()[0]}"


@contextmanager
def fresh_database() -> Iterator[str]:
    """Create ``brickyard_test_<random>``, yield its SQLAlchemy URL, drop it (forcing out connections)."""
    import psycopg

    name = f"brickyard_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
