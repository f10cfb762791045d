"""Fresh PostgreSQL databases for tests: created per test, dropped afterwards; empty, or copies of one this
run migrated once."""

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


def _url(name: str) -> str:
    return f"{ADMIN_URL.rsplit('/', 1)[0].replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"


@contextmanager
def fresh_database(template: str | None = None) -> Iterator[str]:
    """Create ``brickyard_test_<random>`` (empty, or a copy of the database ``template``), yield its
    SQLAlchemy URL, drop it (forcing out connections)."""
    import psycopg

    name = f"brickyard_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield _url(name)
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def migrated_template() -> Iterator[str]:
    """A database migrated to the newest revision (with the preview queue's schema) and nothing else —
    no user, no admin — to copy per test: a copy takes a fraction of the migrations' time. Yields its name."""
    from brickyard.server.db import make_engine
    from brickyard.server.migrate import upgrade_to_head

    with fresh_database() as url:
        engine = make_engine(url)
        try:
            upgrade_to_head(engine)
        finally:
            engine.dispose()  # a template must have no connection while it is copied
        yield url.rsplit("/", 1)[1]
