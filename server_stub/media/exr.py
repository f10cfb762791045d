"""OpenEXR stills: the first RGB(A) layer of the first part that has one, reduced, then viewed in sRGB
(or through the project's OCIO view, ``color``)."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from .errors import MediaError
from .limits import MediaLimits


def exr_size(path: Path) -> tuple[int, int]:
    """(width, height) from the header alone, so a huge image is refused before its pixels are read."""
    import OpenEXR

    try:
        header = OpenEXR.File(str(path), header_only=True).header()
    except Exception as exc:  # the bindings raise plain RuntimeError for any damage
        raise MediaError(f"corrupt or truncated EXR: {_first_line(exc)}") from None
    low, high = header["dataWindow"]
    return int(high[0] - low[0] + 1), int(high[1] - low[1] + 1)


def read_exr(path: Path, limits: MediaLimits, longest: int) -> np.ndarray:
    """8-bit sRGB pixels (height, width, 3), box-reduced so the longest side is about ``longest`` or more."""
    import OpenEXR

    width, height = exr_size(path)
    if width * height > limits.max_pixels:
        raise MediaError(f"the EXR is {width} × {height} ({width * height / 1e6:.0f} Mpx), more than the "
                         f"{limits.max_pixels / 1e6:.0f} Mpx limit for previews")
    try:
        exr = OpenEXR.File(str(path), separate_channels=True, num_threads=os.cpu_count() or 1)
        rgb = _first_layer(exr)
    except MediaError:
        raise
    except Exception as exc:
        raise MediaError(f"corrupt or truncated EXR: {_first_line(exc)}") from None
    factor = max(1, min(width, height, math.floor(max(width, height) / longest)))
    # EXR colour is premultiplied by its alpha: RGB alone is the image over black.
    linear = np.stack([_reduce(c, factor) for c in rgb], axis=-1)
    if limits.color:  # the project names an OCIO config: its view
        from .color import to_display8

        return to_display8(linear, limits.color)
    return to_srgb8(linear)


def _first_layer(exr) -> list[np.ndarray]:
    for part in exr.parts:
        channels = {name: channel.pixels for name, channel in part.channels.items()}
        prefixes = sorted({name[: -1] for name in channels if name.endswith(("R", "G", "B"))}, key=len)
        for prefix in prefixes:
            if all(prefix + c in channels for c in "RGB"):
                return [channels[prefix + c] for c in "RGB"]
        for name in ("Y", "L"):
            if name in channels:
                return [channels[name]] * 3
    names = sorted(name for part in exr.parts for name in part.channels)
    if not names:  # the header names channels, but their pixels did not read
        raise MediaError("corrupt or truncated EXR: its pixels could not be read")
    raise MediaError(f"the EXR has no RGB or luminance layer to show (channels: {', '.join(names[:8])})")


def _reduce(channel: np.ndarray, factor: int) -> np.ndarray:
    """Shrink by ``factor``: every (factor/2)-th pixel, then 2 × 2 box averages (float32), dropping the
    ragged edge. A full box filter over a 4K frame costs more than reading it; for a picture that is
    then resampled again to its final size, sampled 2 × 2 boxes look the same."""
    if channel.dtype.kind not in "fiu":
        raise MediaError(f"unsupported EXR pixel type {channel.dtype}")
    if factor == 1:
        return channel.astype(np.float32)
    step = max(1, factor // 2)
    channel, factor = channel[::step, ::step], factor // step
    h, w = channel.shape[0] // factor * factor, channel.shape[1] // factor * factor
    blocks = channel[:h, :w].reshape(h // factor, factor, w // factor, factor)
    return blocks.mean(axis=(1, 3), dtype=np.float32)


def to_srgb8(linear: np.ndarray) -> np.ndarray:
    """Scene-linear (Rec.709 primaries) → the sRGB display transfer, clipped, 8-bit."""
    x = np.nan_to_num(linear, nan=0.0, posinf=1.0, neginf=0.0)
    np.clip(x, 0.0, 1.0, out=x)
    srgb = np.where(x <= 0.0031308, x * 12.92, 1.055 * np.power(x, 1 / 2.4) - 0.055)
    return (srgb * 255.0 + 0.5).astype(np.uint8)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
