"""A drawing's thumbnail: making it (the first request for a revision) against serving the kept blob.

    python benchmarks/annotation_thumbnail.py [--frames 96] [--shapes 40] [--runs 15]

Measured side by side in one run, in-process, on a 1920x1080 H.264 proxy: (a) making the thumbnail —
decode the drawing's frame, draw the shapes, scale to 512 px, write the PNG (what the first request for a
revision pays, and what a draw or an edit would pay if thumbnails were made eagerly), and (b) reading the
kept thumbnail back from a local blob store (what every later request pays). Printed: medians and a / b.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from brickyard.server.blobs import LocalBlobStore  # noqa: E402
from brickyard.server.services import annotation_render, annotation_thumbnails  # noqa: E402

from benchmarks.annotation_flatten import FileStore, shapes  # noqa: E402
from tests.support.media import make_clip  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=96)
    parser.add_argument("--shapes", type=int, default=40)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        clip = make_clip(Path(scratch) / "proxy.mp4", args.frames, width=1920, height=1080, codec="libx264")
        proxy = FileStore(clip)
        kept = LocalBlobStore(Path(scratch) / "blobs")
        kept.prepare()
        media = annotation_render._Media("proxy", "-", 1920, 1080, 24.0, 0)
        drawn = shapes(args.shapes)
        make, serve = [], []
        for run in range(args.runs):
            frame = (run * 37) % args.frames
            t0 = time.perf_counter()
            picture = annotation_render.draw(annotation_render._video_frame(proxy, media, frame), drawn)
            picture.thumbnail((annotation_thumbnails.SIDE, annotation_thumbnails.SIDE))
            data = annotation_render._png(picture)
            t1 = time.perf_counter()
            sha256 = hashlib.sha256(data).hexdigest()
            kept.put_stream(sha256, len(data), [data])
            t2 = time.perf_counter()
            assert annotation_thumbnails.read(kept, sha256) == data
            t3 = time.perf_counter()
            make.append((t1 - t0) * 1000)
            serve.append((t3 - t2) * 1000)
    a, b = statistics.median(make), statistics.median(serve)
    print(f"1920x1080 H.264 proxy, {args.frames} frames, {args.shapes} shapes, {args.runs} runs, 512 px thumbnails")
    print(f"  make the thumbnail (decode+draw+scale+PNG)  median {a:7.1f} ms")
    print(f"  serve the kept thumbnail blob               median {b:7.2f} ms")
    print(f"  ratio make / serve                          {a / b:.0f}x")


if __name__ == "__main__":
    main()
