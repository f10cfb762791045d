"""Resolving 1,000 references on the embedded server (SQLite) while its preview workers encode, against
the same resolve while it is idle. With ``--database-url`` (an empty PostgreSQL database), the server's
embedded procrastinate worker makes them instead.

    python benchmarks/preview_resolve_load.py [--count 1000] [--clips 4] [--database-url postgresql://…]

Target: ≤ 2× the idle time. The clips are 10 s 1080p MJPEG made with the ffmpeg CLI (as in
preview_proxy.py); the embedded pool (one worker, its encoder niced) makes their proxies meanwhile.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402
from preview_proxy import ensure_ffmpeg  # noqa: E402


def timed_resolves(client, refs, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        items = client.resolve(refs)
        timings.append(time.perf_counter() - started)
        assert all(i.version for i in items)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--clips", type=int, default=4)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: SQLite)")
    args = parser.parse_args()
    ffmpeg = ensure_ffmpeg()
    work = scratch_dir()
    try:
        clips = []
        for i in range(args.clips):
            clips.append(work / f"clip{i}.mov")
            subprocess.run([ffmpeg, "-v", "error", "-f", "lavfi", "-i",
                            f"testsrc2=size=1920x1080:rate=24:duration=10,hue=h={i * 40}", "-c:v", "mjpeg",
                            "-q:v", "3", str(clips[-1])], check=True)
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
            idle = timed_resolves(client, refs, 15)
            print("idle (ms):", " ".join(f"{t * 1000:.0f}" for t in idle), flush=True)
            versions = [client.publish("bench", f"clip_{i}", "video", [clip]) for i, clip in enumerate(clips)]
            busy: list[float] = []
            while True:
                states = [r.state.value for v in versions for r in client.previews(v.reference).representations]
                if "running" not in states and "pending" not in states:
                    break
                if "running" in states:
                    busy += timed_resolves(client, refs, 3)
                else:
                    time.sleep(0.1)
            print("while encoding (ms):", " ".join(f"{t * 1000:.0f}" for t in busy))
            print(f"previews: {states}")
            if not busy:
                sys.exit("the jobs finished before a resolve could be timed; use more --clips")
            ratio = statistics.median(busy) / statistics.median(idle)
            print(f"resolve {args.count} references: idle median {statistics.median(idle) * 1000:.0f} ms, "
                  f"while preview jobs run median {statistics.median(busy) * 1000:.0f} ms "
                  f"({len(busy)} resolves): {ratio:.2f}× (target ≤ 2×)")
            client.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
