"""What a server does before answering: folders, migrations, leftover temp files, the first admin."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from .blobs import LocalBlobStore
from .db import make_engine, make_session_factory
from .migrate import upgrade_to_head
from .services.users import bootstrap_admin
from .settings import Settings


class StartupError(Exception):
    """The server cannot start; the message says why in one line."""


@dataclass
class Prepared:
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: LocalBlobStore
    admin_token_written: bool
    leftover_temp_files: int


def write_secret(path: Path, text: str) -> None:
    """Write a file only its owner can read (0600), whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(text + "\n")
    os.chmod(path, 0o600)


def prepare(settings: Settings) -> Prepared:
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        _private(settings.data_dir, 0o700)  # the database, blobs and admin token are the studio's alone
        probe = settings.data_dir / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise StartupError(f"the data folder {settings.data_dir} is not writable: {exc.strerror or exc}") from None
    store = LocalBlobStore(settings.blob_dir)
    leftovers = store.prepare()
    try:
        engine = make_engine(settings.database_url)
        upgrade_to_head(engine)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise StartupError(f"cannot use the database {_safe_url(settings.database_url)}: {first}") from exc
    if engine.dialect.name == "sqlite" and engine.url.database:
        _private(Path(engine.url.database), 0o600)
    sessions = make_session_factory(engine)
    with sessions() as db:
        token = bootstrap_admin(db)
    if token:
        write_secret(settings.admin_token_path, token)
    return Prepared(engine, sessions, store, bool(token), leftovers)


def _private(path: Path, mode: int) -> None:
    """Readable by the server's user only — where that user owns it (a shared mount may not allow it)."""
    try:
        if path.exists() and path.stat().st_uid == os.getuid():
            os.chmod(path, mode)
    except OSError:
        pass


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(unparseable URL)"
