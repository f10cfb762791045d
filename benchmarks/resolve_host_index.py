"""Listing the containers of a Resolve project with many loaded clips: Brickyard's index beside a walk of
every clip (what a host without an index does on each inventory refresh), in the same run.

    python benchmarks/resolve_host_index.py [--clips 2000] [--bins 100]

Runs on the in-memory fake of Resolve's API (tests/fakes/resolve), so it counts remote calls — each one a
round trip to the Resolve process in real life — and times the Python side. No server is needed: the
inventory's server side is one request whatever the count (benchmarks/inventory_refresh.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from brickyard.hosts.resolve import ResolveHost  # noqa: E402
from brickyard.hosts.resolve.bins import bin_path, current_folder, ensure_bin  # noqa: E402

from tests.fakes.resolve import FakeResolve, hint  # noqa: E402


def build(work: Path, clips: int, bins: int) -> tuple[FakeResolve, ResolveHost]:
    resolve = FakeResolve(release="20.2.0")
    host = ResolveHost(resolve, state_dir=work / "state")
    pool = host.media_pool()
    movie = work / "plate.mov"
    movie.write_bytes(hint(frames=48))
    for n in range(clips):
        asset = f"asset_{n % bins:03d}"
        path = bin_path("plates", asset)
        with current_folder(pool, ensure_bin(pool, path)):
            [clip] = pool.ImportMedia([str(movie)])
        container_id = uuid.uuid4().hex
        host.bind(container_id, clip, path)
        host.write_container({"schema": "brickyard/container/1", "id": container_id, "asset_id": n % bins,
                              "reference": f"brickyard://bench/plates/{asset}?version=1&representation=mov",
                              "version_id": n, "representation": "mov", "loader": "ImportMedia",
                              "name": clip.GetName(), "namespace": "/".join(path)})
    return resolve, host


def measure(resolve: FakeResolve, action) -> tuple[int, float, int]:
    calls, start = resolve.calls, time.perf_counter()
    found = action()
    return resolve.calls - calls, time.perf_counter() - start, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", type=int, default=2000)
    parser.add_argument("--bins", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="brickyard-bench-") as tmp:
        resolve, host = build(Path(tmp), args.clips, args.bins)
        indexed = measure(resolve, lambda: len(host.list_containers()))
        walked = measure(resolve, host.rebuild_index)
    print(f"{args.clips} loaded clips in {args.bins} bins (fake Resolve {resolve.version_string})")
    print(f"  index (each inventory refresh): {indexed[0]:>6} remote calls  {indexed[1] * 1000:8.1f} ms  "
          f"{indexed[2]} containers")
    print(f"  walk every clip (baseline):     {walked[0]:>6} remote calls  {walked[1] * 1000:8.1f} ms  "
          f"{walked[2]} containers")
    print(f"  ratio: {walked[0] / max(indexed[0], 1):.0f}x fewer remote calls, "
          f"{walked[1] / max(indexed[1], 1e-9):.0f}x less time")


if __name__ == "__main__":
    main()
