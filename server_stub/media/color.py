"""Scene-linear pixels to a display through a project's OCIO config (its display and view), with the
``opencolorio`` wheel. Without a config, ``exr.to_srgb8`` applies the plain sRGB transfer instead."""

from __future__ import annotations

import numpy as np

from .errors import MediaError


def processor(color: dict):
    """OCIO's CPU processor from ``color["colorspace"]`` (default: the scene_linear role) to the display
    and view; a MediaError naming what the config lacks otherwise."""
    import PyOpenColorIO as ocio

    path = color["ocio_config"]
    try:
        config = ocio.Config.CreateFromFile(path)
    except Exception as exc:  # a missing file or a config OCIO cannot parse
        raise MediaError(f"the OCIO config {path} cannot be used: {_first_line(exc)}") from None
    display = color.get("display") or config.getDefaultDisplay()
    displays = list(config.getDisplays())
    if display not in displays:
        raise MediaError(f"the OCIO config {path} has no display {display!r} (it has: {', '.join(displays)})")
    view = color.get("view") or config.getDefaultView(display)
    views = list(config.getViews(display))
    if view not in views:
        raise MediaError(f"display {display!r} of the OCIO config {path} has no view {view!r} "
                         f"(it has: {', '.join(views)})")
    source = color.get("colorspace") or "scene_linear"
    if config.getColorSpace(source) is None:
        raise MediaError(f"the OCIO config {path} has no colour space or role {source!r} for the pixels; "
                         "name one in the project's color.colorspace")
    try:
        return config.getProcessor(source, display, view, ocio.TRANSFORM_DIR_FORWARD).getDefaultCPUProcessor()
    except Exception as exc:
        raise MediaError(f"the OCIO config {path} cannot make its {display}/{view} view: {_first_line(exc)}") \
            from None


def to_display8(linear: np.ndarray, color: dict) -> np.ndarray:
    """(height, width, 3) scene-linear floats → 8-bit display pixels through the config's view."""
    pixels = np.ascontiguousarray(np.nan_to_num(linear, nan=0.0, posinf=1.0, neginf=0.0), dtype=np.float32)
    processor(color).applyRGB(pixels)  # in place
    np.clip(pixels, 0.0, 1.0, out=pixels)
    return (pixels * 255.0 + 0.5).astype(np.uint8)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
