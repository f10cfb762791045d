"""The H.264/AAC MP4 writer every proxy goes through: yuv420p, even dimensions, ≤ the proxy width,
fast-start (the index first, so a browser plays and seeks before the whole file arrives)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av

PRESET = "veryfast"  # the benchmark compares against `ffmpeg -c:v libx264 -preset veryfast -crf 23`
CRF = "23"


def proxy_size(width: int, height: int, max_width: int) -> tuple[int, int]:
    if width > max_width:
        height, width = round(height * max_width / width), max_width
    return max(2, width // 2 * 2), max(2, height // 2 * 2)


class Mp4Writer:
    """``add_video``/``add_audio``, then ``video(frame)``/``audio(frame)``, then ``close()``."""

    def __init__(self, path: Path):
        self.path = path
        self.container = av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"})
        self.vstream = self.astream = None
        self.resampler: av.AudioResampler | None = None
        self.frames = 0

    def add_video(self, width: int, height: int, fps: Fraction) -> None:
        stream = self.container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": PRESET, "crf": CRF}
        stream.codec_context.time_base = Fraction(fps.denominator, fps.numerator)
        self.vstream, self.fps = stream, fps

    def add_audio(self, rate: int = 48000) -> None:
        self.astream = self.container.add_stream("aac", rate=rate)
        self.astream.bit_rate = 192_000
        self.resampler = av.AudioResampler(format="fltp", layout="stereo", rate=rate)

    def video(self, frame: av.VideoFrame) -> None:
        assert self.vstream is not None
        if (frame.width, frame.height, frame.format.name) != (self.vstream.width, self.vstream.height, "yuv420p"):
            frame = frame.reformat(width=self.vstream.width, height=self.vstream.height, format="yuv420p",
                                   interpolation="BICUBIC")
        frame.pts, frame.time_base = self.frames, self.vstream.codec_context.time_base
        self.frames += 1
        self.container.mux(self.vstream.encode(frame))

    def audio(self, frame: av.AudioFrame) -> None:
        assert self.astream is not None and self.resampler is not None
        frame.pts = None  # the resampler and encoder count samples themselves
        for out in self.resampler.resample(frame):
            self.container.mux(self.astream.encode(out))

    def close(self) -> None:
        if self.vstream is not None:
            self.container.mux(self.vstream.encode(None))
        if self.astream is not None and self.resampler is not None:
            for out in self.resampler.resample(None):
                self.container.mux(self.astream.encode(out))
            self.container.mux(self.astream.encode(None))
        self.container.close()

    def abandon(self) -> None:
        try:
            self.container.close()
        except Exception:  # closing a half-written file may fail: it is deleted anyway
            pass
        self.path.unlink(missing_ok=True)
