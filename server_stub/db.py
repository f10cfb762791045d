"""Engine and sessions. SQLite gets WAL, foreign keys, a busy timeout and write transactions that take
the write lock up front, so concurrent publishers queue instead of deadlocking on a lock upgrade."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

WRITE = "brickyard_write"  # connection execution option: this transaction will write
BUSY_TIMEOUT_MS = 30_000
# Keep non-ASCII readable in stored JSON, so a LIKE search over tags finds "café".
_dumps = partial(json.dumps, ensure_ascii=False)


def normalise_url(url: str) -> str:
    """Plain ``postgresql://`` means psycopg 3, the driver we ship."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_size=10, max_overflow=30, pool_pre_ping=True, json_serializer=_dumps)


def _sqlite_engine(url: str) -> Engine:
    # isolation_level=None stops pysqlite from issuing its own BEGIN; we emit our own below
    # (the documented SQLAlchemy recipe for pysqlite transactions).
    engine = create_engine(url, connect_args={"isolation_level": None, "check_same_thread": False},
                           pool_size=20, max_overflow=40, pool_timeout=60, json_serializer=_dumps)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL is durable across app crashes
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit: routes answer from them without another query.
    return sessionmaker(engine, expire_on_commit=False)


def begin_write(db: Session) -> None:
    """End whatever read transaction the session has and begin one that will write.

    On SQLite that is ``BEGIN IMMEDIATE``: the write lock is taken now, not on the first write,
    so two publishers can never both hold a read snapshot and then deadlock upgrading it.
    """
    db.rollback()
    db.connection(execution_options={WRITE: True})


@contextmanager
def write_transaction(db: Session) -> Iterator[Session]:
    """``with write_transaction(db): ...`` commits on success, rolls back on any error."""
    begin_write(db)
    try:
        yield db
        db.commit()
    except BaseException:
        db.rollback()
        raise
