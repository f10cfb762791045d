"""Still images in, 8-bit sRGB Pillow images out: PNG, JPEG, TIFF, WebP, PSD (composite), DPX, EXR."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageFile

from .errors import MediaError
from .limits import MediaLimits

ImageFile.LOAD_TRUNCATED_IMAGES = False  # a truncated file is an error, never a half-grey picture


def open_still(path: Path, limits: MediaLimits, longest: int) -> Image.Image:
    """The image as RGB, at least ``longest`` on its longest side when the source is that large."""
    if path.stat().st_size == 0:
        raise MediaError(f"{path.name} is empty (0 bytes)")
    if path.suffix.lower() == ".exr":
        from .exr import read_exr  # numpy and OpenEXR: imported for the images that need them

        return Image.fromarray(read_exr(path, limits, longest), "RGB")
    if path.suffix.lower() == ".dpx":
        return _via_ffmpeg(path, limits)
    Image.MAX_IMAGE_PIXELS = None  # our own limit below, checked on the header before any decoding
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            width, height = image.size
            if width * height > limits.max_pixels:
                raise MediaError(f"{path.name} is {width} × {height} ({width * height / 1e6:.0f} Mpx), more "
                                 f"than the {limits.max_pixels / 1e6:.0f} Mpx limit for previews")
            image.draft("RGB", (longest, longest))  # JPEG: decode at a reduced scale, much faster
            image.load()
    except MediaError:
        raise
    except Image.UnidentifiedImageError:
        raise MediaError(f"{path.name} is not an image this server can read (corrupt, or an unknown "
                         "format)") from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise MediaError(f"{path.name} is truncated or corrupt: {exc}") from None
    return _to_rgb(image)


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        import numpy as np  # only here: importing it is half of a small image's job

        array = np.asarray(image, dtype=np.float32)
        peak = 65535.0 if image.mode.startswith("I;16") else max(float(array.max()), 1.0)
        image = Image.fromarray((array / peak * 255.0 + 0.5).clip(0, 255).astype(np.uint8), "L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (0, 0, 0))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _via_ffmpeg(path: Path, limits: MediaLimits) -> Image.Image:
    """DPX (and anything else FFmpeg reads as one picture) through PyAV."""
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            if stream.codec_context.width * stream.codec_context.height > limits.max_pixels:
                raise MediaError(f"{path.name} is larger than the {limits.max_pixels / 1e6:.0f} Mpx limit")
            for frame in container.decode(stream):
                return frame.to_image()
    except MediaError:
        raise
    except Exception as exc:
        raise MediaError(f"{path.name} is truncated or corrupt: {exc}") from None
    raise MediaError(f"{path.name} holds no picture")


def fit(image: Image.Image, longest: int) -> Image.Image:
    """A copy no larger than ``longest`` on its longest side (never enlarged)."""
    image = image.copy()
    image.thumbnail((longest, longest), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return image

