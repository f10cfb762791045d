"""4K EXR review media: the thumbnail of one frame, and the memory of a whole 4K EXR sequence's job.

    python benchmarks/preview_exr.py [--frames 24]

Targets: thumbnail of a 4096 × 2160 half-float EXR ≤ 0.5 s; the process making a 4K EXR sequence's
proxy stays < 500 MiB resident (peak), and so does the worker that waits on it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import peak_rss_mib, scratch_dir  # noqa: E402

from brickyard.server.media import isolated  # noqa: E402
from brickyard.server.media.limits import MediaLimits  # noqa: E402
from brickyard.server.media.outputs import save_image  # noqa: E402
from brickyard.server.media.stills import fit, open_still  # noqa: E402


def write_4k_exr(path: Path, shift: int) -> None:
    import OpenEXR

    y, x = np.mgrid[0:2160, 0:4096].astype(np.float32)
    rgb = np.stack([(x + shift) % 4096 / 4096, y / 2160, np.full_like(x, 0.18)], axis=-1) ** 2.2
    rgb += np.random.default_rng(shift).normal(0, 0.01, rgb.shape).astype(np.float32)  # grain: a real-ish size
    with OpenEXR.File({"compression": OpenEXR.ZIP_COMPRESSION, "type": OpenEXR.scanlineimage},
                      {"RGB": rgb.astype(np.float16)}) as exr:
        exr.write(str(path))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=24)
    args = parser.parse_args()
    work = scratch_dir()
    limits = MediaLimits()
    try:
        print(f"writing {args.frames} 4096×2160 half-float ZIP EXRs ...", flush=True)
        frames = [work / f"plate.{1001 + i}.exr" for i in range(args.frames)]
        # in another process, so this one's peak RSS is only what a worker holds
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            pool.starmap(write_4k_exr, [(frame, i * 64) for i, frame in enumerate(frames)])
        print(f"one frame: {frames[0].stat().st_size / 2**20:.1f} MiB", flush=True)
        times = []
        for frame in frames[:5]:  # in this process: what the child does for a still, without its start-up
            started = time.perf_counter()
            save_image(fit(open_still(frame, limits, limits.thumbnail_size), limits.thumbnail_size),
                       work / "thumb.jpg", "thumbnail")
            times.append(time.perf_counter() - started)
        print(f"thumbnail of a 4K EXR: median {statistics.median(times):.3f} s, best {min(times):.3f} s "
              "(target ≤ 0.5 s)")
        started = time.perf_counter()
        isolated.run("image", frames[:1], work / "still", limits, 24.0)
        print(f"the whole still job (thumbnail + 2048 review image) in its child process: "
              f"{time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        report: dict = {}
        outputs = isolated.run("sequence", frames, work / "seq", limits, 24.0, report=report)
        child_peak = report["peak_rss_mib"]
        proxy = next(o for o in outputs if o.role == "proxy")
        print(f"4K EXR sequence of {args.frames} frames → {proxy.width}×{proxy.height} proxy in "
              f"{time.perf_counter() - started:.1f} s; peak RSS of the deriving process "
              f"{child_peak:.0f} MiB, "
              f"of this worker process {peak_rss_mib(os.getpid()):.0f} MiB (target < 500 MiB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
