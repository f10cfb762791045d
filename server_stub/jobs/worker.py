"""``brickyard worker``: a procrastinate worker making previews from the shared PostgreSQL until stopped
(SIGINT/SIGTERM: after its current jobs). Run on any machine that reaches the server's database and blob
store; as many as you like."""

from __future__ import annotations

import argparse
import logging
import sys

from sqlalchemy.engine import make_url

from ..db import normalise_url
from ..settings import Settings


def runner_for(settings: Settings, sessions, store, foreground=None):
    from .runner import Runner

    return Runner(sessions, store, settings.work_dir, settings.media_limits(), foreground=foreground)


def queue_worker_for(settings: Settings, prepared, concurrency: int, foreground=None, **options):
    from .procrastinate_queue import QueueWorker, make_app

    app = make_app(settings.database_url, runner_for(settings, prepared.sessions, prepared.blobs, foreground),
                   settings.preview_retry_wait_seconds)
    return QueueWorker(app, concurrency=concurrency, lease_seconds=settings.preview_lease_seconds, **options)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="brickyard worker", description="Make review media (previews).")
    parser.add_argument("--data", help="the server's data folder (its blob store)")
    parser.add_argument("--database-url", help="the server's PostgreSQL, e.g. postgresql://user@host/db")
    parser.add_argument("--concurrency", type=int, default=1, help="jobs at once (default 1)")
    parser.add_argument("--until-idle", action="store_true", help="stop once no job is waiting")
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in (("data_dir", args.data), ("database_url", args.database_url)) if v}
    settings = Settings(**overrides)
    if make_url(normalise_url(settings.database_url)).get_backend_name() != "postgresql":
        print("brickyard: error: `brickyard worker` takes jobs from a shared PostgreSQL (--database-url "
              "postgresql://…); on SQLite, `brickyard serve` makes the previews itself", file=sys.stderr)
        return 2
    from ..startup import StartupError, prepare

    try:
        prepared = prepare(settings)
    except StartupError as exc:
        print(f"brickyard: error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    worker = queue_worker_for(settings, prepared, max(1, args.concurrency), wait=not args.until_idle,
                              install_signal_handlers=True)
    print(f"brickyard worker: taking preview jobs from {settings.database_url.split('@')[-1]}", flush=True)
    try:
        worker.run()
    finally:
        prepared.engine.dispose()
    return 0
