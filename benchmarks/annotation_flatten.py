"""Flattening a drawing onto its frame (the server's PNG of a comment's drawing), on a 1080p H.264 proxy.

    python benchmarks/annotation_flatten.py [--frames 96] [--shapes 40] [--runs 15]

Measured side by side in one run, in-process: (a) decoding the drawing's frame from the proxy alone (copy
to a temporary file, PyAV seek and decode: what any server-side grab of a frame costs), and (b) the whole
flattening — that decode, the shapes drawn with Pillow at twice the size and scaled down, the PNG written.
Printed: the medians and the ratio b / a (what drawing and encoding add on top of getting the frame).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from brickyard.core.annotation_models import Shape  # noqa: E402
from brickyard.server.services import annotation_render  # noqa: E402

from tests.support.media import make_clip  # noqa: E402


class FileStore:
    """Just what the renderer reads of a blob store, over one file (the benchmark has no server)."""

    def __init__(self, path: Path):
        self.data = path.read_bytes()

    def size(self, sha256: str) -> int:
        return len(self.data)

    def iter_range(self, sha256: str, start: int, end: int, chunk: int = 1 << 20):
        for at in range(start, end + 1, chunk):
            yield self.data[at:min(at + chunk, end + 1)]


def shapes(count: int) -> list[Shape]:
    kinds = ["pen", "arrow", "rect", "ellipse", "text"]
    made = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        x, y = (n * 0.037) % 0.8 + 0.05, (n * 0.053) % 0.8 + 0.05
        points = {"pen": [[x + i * 0.002, y + (i % 7) * 0.003] for i in range(100)], "text": [[x, y]]}.get(
            kind, [[x, y], [x + 0.1, y + 0.1]])
        made.append(Shape.model_validate({"id": f"s{n}", "kind": kind, "points": points,
                                          **({"text": "too bright here"} if kind == "text" else {})}))
    return made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=96)
    parser.add_argument("--shapes", type=int, default=40)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        clip = make_clip(Path(scratch) / "proxy.mp4", args.frames, width=1920, height=1080, codec="libx264")
        store = FileStore(clip)
        media = annotation_render._Media("proxy", "-", 1920, 1080, 24.0, 0)
        drawn = shapes(args.shapes)
        decode, flatten = [], []
        for run in range(args.runs):
            frame = (run * 37) % args.frames
            t0 = time.perf_counter()
            annotation_render._video_frame(store, media, frame)
            t1 = time.perf_counter()
            picture = annotation_render._video_frame(store, media, frame)
            annotation_render._png(annotation_render.draw(picture, drawn))
            t2 = time.perf_counter()
            decode.append((t1 - t0) * 1000)
            flatten.append((t2 - t1) * 1000)
    a, b = statistics.median(decode), statistics.median(flatten)
    print(f"1920x1080 H.264 proxy, {args.frames} frames, {args.shapes} shapes, {args.runs} runs")
    print(f"  decode the frame only      median {a:7.1f} ms")
    print(f"  flatten (decode+draw+PNG)  median {b:7.1f} ms")
    print(f"  ratio flatten / decode     {b / a:.2f}x")


if __name__ == "__main__":
    main()
