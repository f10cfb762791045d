"""Proxy of a 60 s 1080p24 intra-coded clip (MJPEG, made here) by Brickyard's preview job vs the
`ffmpeg` command line doing the same H.264 encode (libx264 veryfast, crf 23, yuv420p, fast-start).

    python benchmarks/preview_proxy.py [--seconds 60] [--runs 2]

Target: ≤ 1.3× ffmpeg's time. Needs the ffmpeg CLI (apt-get install -y ffmpeg; installed here if absent
and running as root). Brickyard's side is the real job path: a child process, PyAV decode → libx264.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import scratch_dir  # noqa: E402

from brickyard.server.media import isolated  # noqa: E402
from brickyard.server.media.limits import MediaLimits  # noqa: E402


def ensure_ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "ffmpeg"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("ffmpeg") or sys.exit("ffmpeg is not installed")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    ffmpeg = ensure_ffmpeg()
    work = scratch_dir()
    try:
        source = work / "intra.mov"
        print(f"making a {args.seconds} s 1080p24 MJPEG clip ...", flush=True)
        subprocess.run([ffmpeg, "-v", "error", "-f", "lavfi", "-i",
                        f"testsrc2=size=1920x1080:rate=24:duration={args.seconds}", "-c:v", "mjpeg", "-q:v", "3",
                        str(source)], check=True)
        print(f"source: {source.stat().st_size / 2**20:.0f} MiB", flush=True)
        ours, theirs = [], []
        for run in range(args.runs):  # alternate, so both see the same machine
            out = work / f"cli{run}.mp4"
            started = time.perf_counter()
            subprocess.run([ffmpeg, "-v", "error", "-y", "-i", str(source), "-c:v", "libx264", "-preset", "veryfast",
                            "-crf", "23", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-an", str(out)],
                           check=True)
            theirs.append(time.perf_counter() - started)
            started = time.perf_counter()
            isolated.run("video", [source], work / f"ours{run}", MediaLimits(), 24.0)
            ours.append(time.perf_counter() - started)
            print(f"run {run + 1}: ffmpeg CLI {theirs[-1]:.1f} s, Brickyard preview job {ours[-1]:.1f} s "
                  f"({ours[-1] / theirs[-1]:.2f}×)", flush=True)
        print(f"best of {args.runs}: ffmpeg CLI {min(theirs):.1f} s, Brickyard {min(ours):.1f} s: "
              f"{min(ours) / min(theirs):.2f}× (target ≤ 1.3×)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
