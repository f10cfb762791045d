"""Publishing a new large file through a local uvicorn server, side by side with `cp` + `sync` and hashlib.

    python benchmarks/publish_throughput.py [--size-mib 2048] [--rounds 3]

Each round makes a fresh file (new bytes), copies it durably (`cp` then `sync`), then publishes it; the
ratio is cp's time over the publish's time (target ≥ 0.5×, stretch 0.8×), median over the rounds. Then an
unchanged re-publish of the last file against hashing it with hashlib (target ≤ 0.1×: the hash cache
reads nothing), and peak RSS of the publishing client and of the server (target < 200 MiB each).
The disk and CPUs may be shared: run it when the machine is quiet, and read the three rounds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import admin_project, peak_rss_mib, running_server, scratch_dir  # noqa: E402

# The publisher runs in its own process so its peak RSS is its own.
PUBLISHER = r"""
import json, sys, time
from pathlib import Path
from brickyard.core.client import Client
url, token, path, cache = sys.argv[1:5]
sent = [0]
def progress(event):
    if event.phase == "upload":
        sent[0] = max(sent[0], event.done)
with Client(url=url, token=token, timeout=600, cache_dir=cache) as client:
    start = time.perf_counter()
    version = client.publish("bench", "big_plate", "video", [path], progress=progress)
    seconds = time.perf_counter() - start
status = Path("/proc/self/status").read_text()
hwm = [int(l.split()[1]) / 1024 for l in status.splitlines() if l.startswith("VmHWM:")][0]
print(json.dumps({"seconds": seconds, "version": version.number, "rss_mib": hwm, "upload_bytes": sent[0]}))
"""


def make_file(path: Path, size: int, seed: int) -> None:
    block = os.urandom(1 << 20)
    with open(path, "wb") as out:
        for i in range(size >> 20):
            out.write(hashlib.sha256(block + (seed * 2**32 + i).to_bytes(8, "little")).digest() + block[32:])
    os.sync()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def hash_only(path: Path) -> None:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)


def publish(url: str, token: str, path: Path, cache: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", PUBLISHER, url, token, str(path), str(cache)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cp_sync(source: Path, target: Path) -> None:
    subprocess.run(["cp", str(source), str(target)], check=True)
    subprocess.run(["sync"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=2048)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = scratch_dir()
    size = args.size_mib << 20
    mib = size / (1 << 20)
    cache = work / "client-cache"
    try:
        with running_server(work) as (server, url, token):
            admin_project(url, token, cache_dir=cache).close()
            ratios, last, publishes = [], None, []
            for round_ in range(args.rounds):
                source = work / f"plate{round_}.bin"
                make_file(source, size, round_)
                cp_seconds = timed(lambda source=source: cp_sync(source, work / "copy.bin"))
                (work / "copy.bin").unlink()
                os.sync()  # start the publish as clean as cp started
                result = publish(url, token, source, cache)
                publishes.append(result)
                ratios.append(cp_seconds / result["seconds"])
                print(f"round {round_ + 1}: cp+sync {cp_seconds:6.2f} s ({mib / cp_seconds:7.1f} MiB/s), publish "
                      f"{result['seconds']:6.2f} s ({mib / result['seconds']:7.1f} MiB/s, {result['upload_bytes']} "
                      f"bytes sent) -> {ratios[-1]:.2f}x", flush=True)
                if last:
                    last.unlink()
                last = source
            hash_seconds = timed(lambda last=last: hash_only(last))
            again = publish(url, token, last, cache)
            server_rss = peak_rss_mib(server.pid)
        print(f"\nfile: {mib:.0f} MiB on {work}")
        print(f"publish vs cp+sync: median {statistics.median(ratios):.2f}x over {len(ratios)} rounds "
              f"({', '.join(f'{r:.2f}' for r in ratios)}) (target >= 0.5x, stretch 0.8x)")
        print(f"hashlib sha256:     {hash_seconds:7.2f} s  {mib / hash_seconds:8.1f} MiB/s")
        print(f"unchanged re-publish (v{again['version']}): {again['seconds']:7.3f} s, blob bytes sent "
              f"{again['upload_bytes']} -> {again['seconds'] / hash_seconds:.3f}x hashing alone (target <= 0.1x)")
        client_rss = max(r["rss_mib"] for r in [*publishes, again])
        print(f"peak RSS: client {client_rss:.0f} MiB, server {server_rss:.0f} MiB (target < 200 MiB each)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
