"""Publishing one large file through a local uvicorn server, side by side with `cp` and hashlib.

    python benchmarks/publish_throughput.py [--size-mib 2048]

Prints: publish throughput as a fraction of `cp` of the same file on the same disk (target ≥ 0.5×);
peak RSS of the publishing client and of the server (target < 200 MiB each); re-publishing the same
bytes as a multiple of hashing the file with hashlib alone (target ≤ 1.5×) and the blob bytes it sent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
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
url, token, path = sys.argv[1:4]
sent = [0]
def progress(event):
    if event.phase == "upload":
        sent[0] = max(sent[0], event.done)
with Client(url=url, token=token, timeout=600) as client:
    start = time.perf_counter()
    version = client.publish("bench", "big_plate", "video", [path], progress=progress)
    seconds = time.perf_counter() - start
status = Path("/proc/self/status").read_text()
hwm = [int(l.split()[1]) / 1024 for l in status.splitlines() if l.startswith("VmHWM:")][0]
print(json.dumps({"seconds": seconds, "version": version.number, "rss_mib": hwm, "upload_bytes": sent[0]}))
"""


def make_file(path: Path, size: int) -> None:
    block = os.urandom(1 << 20)
    with open(path, "wb") as out:
        for i in range(size >> 20):
            out.write(hashlib.sha256(block + i.to_bytes(8, "little")).digest() + block[32:])
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


def publish(url: str, token: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", PUBLISHER, url, token, str(path)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=2048)
    args = parser.parse_args()
    work = scratch_dir()
    try:
        source = work / "plate.bin"
        size = args.size_mib << 20
        print(f"making a {args.size_mib} MiB file in {work} ...", flush=True)
        make_file(source, size)
        cp_seconds = timed(lambda: subprocess.run(["cp", str(source), str(work / "copy.bin")], check=True))
        (work / "copy.bin").unlink()
        os.sync()  # cp leaves its bytes dirty in the page cache: let the publish start as clean as cp did
        hash_seconds = timed(lambda: hash_only(source))
        with running_server(work) as (server, url, token):
            admin_project(url, token).close()
            first = publish(url, token, source)
            second = publish(url, token, source)
            server_rss = peak_rss_mib(server.pid)
        mib = size / (1 << 20)
        print(f"\nfile: {mib:.0f} MiB on {work}")
        print(f"cp:                {cp_seconds:7.2f} s  {mib / cp_seconds:8.1f} MiB/s")
        print(f"hashlib sha256:    {hash_seconds:7.2f} s  {mib / hash_seconds:8.1f} MiB/s")
        print(f"publish (v{first['version']}):      {first['seconds']:7.2f} s  {mib / first['seconds']:8.1f} MiB/s"
              f"  -> {cp_seconds / first['seconds']:.2f}x cp's throughput (target >= 0.5x)")
        print(f"re-publish (v{second['version']}):   {second['seconds']:7.2f} s  blob bytes sent: "
              f"{second['upload_bytes']}  -> {second['seconds'] / hash_seconds:.2f}x hashing alone (target <= 1.5x)")
        print(f"peak RSS: client {max(first['rss_mib'], second['rss_mib']):.0f} MiB, server {server_rss:.0f} MiB"
              f" (target < 200 MiB each)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
