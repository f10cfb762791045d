"""Frame sequences (EXR, DPX, PNG, JPEG, TIFF): the middle frame's thumbnail and an H.264 proxy at the
sequence's rate. One frame is in memory at a time, reduced to proxy size as it is read."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av

from .encode import Mp4Writer, proxy_size
from .errors import MediaError
from .limits import MediaLimits
from .outputs import Output, save_image, video_output
from .stills import fit, open_still


def derive_sequence(frames: list[Path], fps: float, out: Path, limits: MediaLimits) -> list[Output]:
    if len(frames) > limits.max_frames:
        raise MediaError(f"the sequence has {len(frames)} frames, more than the {limits.max_frames} limit for "
                         "review proxies")
    rate = Fraction(fps).limit_denominator(1001)
    if rate <= 0:
        raise MediaError(f"the sequence's frame rate {fps!r} is not a positive number; set metadata fps")
    middle = len(frames) // 2
    writer: Mp4Writer | None = None
    thumbnail = None
    try:
        for index, path in enumerate(frames):
            try:
                image = open_still(path, limits, limits.proxy_width)
            except MediaError as exc:
                raise MediaError(f"frame {index + 1} of {len(frames)}: {exc}", retry=exc.retry) from None
            if writer is None:
                size = proxy_size(image.width, image.height, limits.proxy_width)
                writer = Mp4Writer(out / "proxy.mp4")
                writer.add_video(*size, rate)
            if index == middle:
                thumbnail = fit(image, limits.thumbnail_size)
            if image.size != (writer.vstream.width, writer.vstream.height):
                image = image.resize((writer.vstream.width, writer.vstream.height))
            writer.video(av.VideoFrame.from_image(image))
        if writer is None:
            raise MediaError("the sequence has no frames")
        writer.close()
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    assert thumbnail is not None
    return [video_output(writer.path, "proxy", rate, float(writer.frames / rate)),
            save_image(thumbnail, out / "thumbnail.jpg", "thumbnail")]
