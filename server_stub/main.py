"""``python -m brickyard.server`` and ``brickyard serve``: flags override ``BRICKYARD_*`` variables."""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import sys

from .settings import Settings
from .startup import StartupError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="brickyard serve", description="Run the Brickyard server.")
    parser.add_argument("--data", help="data folder: database (SQLite), blobs, admin-token")
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default 8765)")
    parser.add_argument("--database-url", help="SQLAlchemy URL, e.g. postgresql://user@host/db "
                                               "(default: SQLite in the data folder)")
    parser.add_argument("--blob-store", help="where blobs live: s3://BUCKET/PREFIX on any S3-compatible "
                                             "service (AWS_ENDPOINT_URL, AWS_REGION and credentials as for "
                                             "the AWS CLI); default: the data folder")
    return parser.parse_args(argv)


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {key: value for key, value in (("data_dir", args.data), ("host", args.host),
                                               ("port", args.port), ("database_url", args.database_url),
                                               ("blob_store", args.blob_store))
                 if value is not None}
    return Settings(**overrides)


def serve(argv: list[str] | None = None) -> int:
    """Prepare, then serve until SIGINT/SIGTERM. 0 on a clean stop, 2 when it cannot start."""
    args = parse_args(argv)
    try:
        settings = settings_from(args)
        from .app import create_app  # imported late: argument errors stay fast
        app = create_app(settings)
    except StartupError as exc:
        print(f"brickyard: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # invalid settings from the environment
        print(f"brickyard: invalid settings: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2

    import uvicorn

    from .draining import DrainingServer

    prepared = app.state.prepared
    url = f"http://{settings.host}:{settings.port}"
    print(f"Brickyard serving on {url} (data in {settings.data_dir.resolve()}, "
          f"blobs in {prepared.blobs.describe()}); open {url}/ to review in a browser", flush=True)
    if prepared.admin_token_written:
        print(f"created the server admin 'admin'; its token is in {settings.admin_token_path.resolve()}",
              flush=True)
    elif settings.admin_token_path.exists():
        print(f"the server admin token is in {settings.admin_token_path.resolve()}", flush=True)
    if prepared.leftover_temp_files:
        print(f"removed {prepared.leftover_temp_files} unfinished upload(s) left by a crash", flush=True)
    logging.basicConfig(level=logging.INFO)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, loop="auto", http="auto",
                            log_level="info", timeout_graceful_shutdown=settings.shutdown_grace_seconds)
    def end_streams() -> None:
        app.state.stopping.set()
        app.state.event_bus.wake()

    server = DrainingServer(config, end_streams)
    # Everything loaded so far lives as long as the process: freeze it out of the collector's scans,
    # and collect the young generation less often; big batch answers otherwise stall on full collections.
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    stopped_by: list[int] = []
    # uvicorn handles SIGINT/SIGTERM (stop accepting, finish requests), then re-raises the signal to
    # whatever handler was there before; this one just notes it, so a requested stop exits 0.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda number, _frame: stopped_by.append(number))
    pool = _start_previews(settings, prepared, app.state.foreground)
    server.run()
    if pool is not None:
        pool.stop()
    prepared.blobs.close()
    prepared.engine.dispose()
    return 0 if server.started else 1


def _start_previews(settings: Settings, prepared, foreground):
    """The embedded preview workers (docs/previews.md); none when the media extra is missing. They wait for
    the publishes the server receives (``foreground``)."""
    if settings.preview_workers <= 0:
        return None
    try:
        import av  # noqa: F401  the media extra
        import OpenEXR  # noqa: F401
        import PIL  # noqa: F401

        if prepared.engine.dialect.name == "postgresql":
            from .jobs.procrastinate_queue import EmbeddedQueueWorker
            from .jobs.worker import queue_worker_for

            # A stopping server hands its running jobs back after 3 s rather than holding up its exit.
            pool = EmbeddedQueueWorker(queue_worker_for(settings, prepared, settings.preview_workers, foreground,
                                                        shutdown_graceful_timeout=3.0))
        else:
            from .jobs.pool import EmbeddedPool
            from .jobs.worker import runner_for

            runner = runner_for(settings, prepared.sessions, prepared.blobs, foreground)
            pool = EmbeddedPool(runner, settings.preview_workers, settings.preview_lease_seconds)
    except ImportError as exc:
        print(f"brickyard: previews are off: {exc} (install brickyard[media])", flush=True)
        return None
    pool.start()
    print(f"making previews on {settings.preview_workers} background worker(s)", flush=True)
    return pool


def main() -> None:
    sys.exit(serve())
