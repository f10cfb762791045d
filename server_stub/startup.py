"""What a server does before answering: folders, migrations, leftover temp files, the first admin."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .blobs import BlobStore, LocalBlobStore
from .db import make_engine, make_session_factory
from .migrate import upgrade_to_head
from .services.blobs import blob_location
from .services.users import bootstrap_admin
from .settings import Settings


class StartupError(Exception):
    """The server cannot start; the message says why in one line."""


@dataclass
class Prepared:
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
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
        # This process's own probe: servers starting together on one folder would remove each other's.
        probe = settings.data_dir / f".write-test-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise StartupError(f"the data folder {settings.data_dir} is not writable: {exc.strerror or exc}") from None
    store = open_blob_store(settings)
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
        try:
            token = bootstrap_admin(db)
        except IntegrityError:
            token = None  # another server starting at the same moment created the admin
    leftovers = store.prepare() if isinstance(store, LocalBlobStore) else 0
    if hasattr(store, "locate"):  # an S3 store finds a blob where its row says it was verified
        store.locate = partial(blob_location, sessions)
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


def open_blob_store(settings: Settings) -> BlobStore:
    """The local folder, or the bucket ``settings.blob_store`` names (checked to answer now)."""
    if not settings.blob_store:
        return LocalBlobStore(settings.blob_dir)
    from .s3_blobs import S3BlobStore, parse_location

    try:
        bucket, prefix = parse_location(settings.blob_store)
        store = S3BlobStore(bucket, prefix, verify=settings.s3_verify, part_size=settings.s3_part_mib * 1024 * 1024)
        store.prepare()
    except ImportError:
        raise StartupError("the S3 blob store needs boto3: pip install 'brickyard[server,s3]'") from None
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise StartupError(f"cannot use the blob store {settings.blob_store}: {first} (endpoint, region and "
                           "credentials come from AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID …)") from exc
    return store


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(unparseable URL)"
