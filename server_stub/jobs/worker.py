"""``brickyard worker``: take preview jobs from the shared database until stopped (SIGINT/SIGTERM).

Run on any machine that reaches the server's database and blob store; as many as you like.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from ..settings import Settings


def runner_for(settings: Settings, sessions, store):
    from .runner import Runner

    return Runner(sessions, store, settings.work_dir, settings.media_limits(),
                  lease_seconds=settings.preview_lease_seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="brickyard worker", description="Make review media (previews).")
    parser.add_argument("--data", help="the server's data folder (its blob store)")
    parser.add_argument("--database-url", help="the server's database, e.g. postgresql://user@host/db")
    parser.add_argument("--concurrency", type=int, default=1, help="jobs at once (default 1)")
    parser.add_argument("--max-jobs", type=int, help="stop after this many jobs (default: never)")
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in (("data_dir", args.data), ("database_url", args.database_url)) if v}
    from ..startup import StartupError, prepare

    try:
        prepared = prepare(Settings(**overrides))
    except StartupError as exc:
        print(f"brickyard: error: {exc}", file=sys.stderr)
        return 2
    settings = Settings(**overrides)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from .pool import work

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    runner = runner_for(settings, prepared.sessions, prepared.blobs)
    print(f"brickyard worker: taking preview jobs from {settings.database_url.split('@')[-1]}", flush=True)
    threads = [threading.Thread(target=work, args=(runner, stop), kwargs={"max_jobs": args.max_jobs})
               for _ in range(max(1, args.concurrency))]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.5)
    prepared.engine.dispose()
    return 0
