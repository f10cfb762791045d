"""Resolving 1,000 references in one request, on SQLite (or --database-url).

    python benchmarks/resolve_many.py [--count 1000] [--database-url URL]

Prints the request count and the time of one `Client.resolve` over HTTP (target ≤ 100 ms on SQLite),
beside the time of 1,000 single-reference resolves for comparison.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    work = scratch_dir()
    try:
        with running_server(work, args.database_url) as (_, url, token):
            client = admin_project(url, token)
            sample = work / "note.txt"
            refs = []
            print(f"publishing {args.count} assets ...", flush=True)
            for i in range(args.count):
                sample.write_text(f"asset {i}\n")
                version = client.publish("bench", f"asset_{i:04d}", "reference", [sample],
                                         folder=f"group_{i % 20:02d}")
                refs.append(version.reference.replace(f"?version={version.number}", "?version=latest"))
            requests_sent = []
            client.session.hooks["response"].append(lambda r, *a, **k: requests_sent.append(r.url))
            timings = []
            for _ in range(15):
                requests_sent.clear()
                start = time.perf_counter()
                items = client.resolve(refs)
                timings.append(time.perf_counter() - start)
            request_count = len(requests_sent)
            assert len(items) == args.count and all(i.version for i in items)
            start = time.perf_counter()
            for ref in refs[:100]:
                client.resolve([ref])
            one_by_one = (time.perf_counter() - start) * args.count / 100
            best, median = min(timings), statistics.median(timings)
            print("all:", " ".join(f"{t * 1000:.0f}" for t in timings))
            print(f"resolve {args.count} references: {request_count} request(s), "
                  f"best {best * 1000:.0f} ms, median {median * 1000:.0f} ms (target <= 100 ms)")
            print(f"one request per reference would take ~{one_by_one * 1000:.0f} ms "
                  f"({one_by_one / median:.0f}x slower)")
            client.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
