"""What a derivation made: one file per role, with what the API reports about it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

from PIL import Image

ROLES = ("thumbnail", "review_image", "proxy", "poster", "waveform")


@dataclass
class Output:
    role: str
    path: str
    media_type: str
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    fps: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def save_image(image: Image.Image, path: Path, role: str) -> Output:
    if path.suffix == ".png":
        image.save(path, "PNG", optimize=False)
        media_type = "image/png"
    else:
        image.save(path, "JPEG", quality=88)
        media_type = "image/jpeg"
    return Output(role, str(path), media_type, image.width, image.height)


def video_output(path: Path, role: str, fps: Fraction, seconds: float) -> Output:
    import av

    with av.open(str(path)) as check:  # report what was written, not what was meant
        stream = check.streams.video[0]
        width, height = stream.codec_context.width, stream.codec_context.height
    return Output(role, str(path), "video/mp4", width, height, round(seconds, 3), round(float(fps), 3))
