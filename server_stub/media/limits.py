"""The documented limits every derivation keeps (docs/previews.md). Settings may change them."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class MediaLimits:
    max_pixels: int = 100_000_000       # per image or frame: 100 Mpx (a 16k × 16k EXR is 268 Mpx)
    max_seconds: float = 3 * 3600.0     # video and audio longer than this get no proxy
    max_frames: int = 100_000           # a frame sequence with more files gets no proxy
    thumbnail_size: int = 512           # longest side
    review_size: int = 2048             # longest side of the still-image review image
    proxy_width: int = 1920             # widest proxy
    memory_bytes: int = 1536 * 1024 * 1024  # address space of the deriving process
    timeout_seconds: float = 1800.0     # one job, wall clock
    # The project's OCIO view for scene-linear pixels ({"ocio_config", "display", "view", "colorspace"}),
    # or None: the plain sRGB transfer. Carried here because it travels with the job to the child process.
    color: dict | None = None

    def to_dict(self) -> dict:
        return asdict(self)
