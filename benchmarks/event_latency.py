"""How long an event takes from its transaction to a follower connected to *another* server.

    python benchmarks/event_latency.py [--events 50]

Two servers on one fresh PostgreSQL database (LISTEN/NOTIFY between them); a follower streams from
server A while versions are published one by one through server B. Latency = the follower's clock at
receipt minus the event's ``created_at`` (stamped inside the publishing transaction, just before its
commit; one machine, one clock). Target: median ≤ 50 ms, no polling interval. The same run on SQLite
(one server, the embedded half-second read) is printed for contrast.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402

from brickyard.core.client import Client  # noqa: E402
from tests.support.postgres import fresh_database  # noqa: E402


def measure(follow_url: str, publish_url: str, token: str, work: Path, count: int) -> list[float]:
    lags: list[float] = []
    ready, done = threading.Event(), threading.Event()
    with Client(publish_url, token, cache_dir=work / "cache-p") as publisher:
        after = (publisher.events("bench") or [None])[-1]
        start_id = after.id if after else 0

        def follow() -> None:
            with Client(follow_url, token, cache_dir=work / "cache-f") as follower:
                ready.set()
                for event in follower.stream_events("bench", last_event_id=start_id):
                    if event.type == "published":
                        lags.append(datetime.now(timezone.utc).timestamp() - event.created_at.timestamp())
                        if len(lags) == count:
                            done.set()
                            return

        threading.Thread(target=follow, daemon=True).start()
        ready.wait()
        time.sleep(1.0)  # the stream is open
        for i in range(count):
            path = work / f"take{i}.txt"
            path.write_text(f"take {i}")
            publisher.publish("bench", "take", "prompt", [path])
            time.sleep(0.05)
        done.wait(60)
    return lags


def report(name: str, lags: list[float], count: int) -> None:
    ms = sorted(lag * 1000 for lag in lags)
    print(f"{name}: {len(ms)}/{count} events, median {statistics.median(ms):.1f} ms, "
          f"p90 {ms[int(len(ms) * 0.9) - 1]:.1f} ms, max {ms[-1]:.1f} ms (target: median <= 50 ms)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=50)
    args = parser.parse_args()
    work = scratch_dir()
    try:
        with fresh_database() as url:
            with running_server(work, url, name="a") as (_, a_url, token), \
                    running_server(work, url, name="b") as (_, b_url, _):
                admin_project(a_url, token, cache_dir=work / "cache-a").close()
                report("two servers, PostgreSQL LISTEN/NOTIFY (follow A, publish B)",
                       measure(a_url, b_url, token, work, args.events), args.events)
        with running_server(work, name="sqlite") as (_, url, token):
            admin_project(url, token, cache_dir=work / "cache-s").close()
            report("one server, SQLite (embedded half-second read)", measure(url, url, token, work, args.events),
                   args.events)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
