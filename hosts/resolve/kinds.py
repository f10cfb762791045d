"""What can go into Resolve: the kinds and representations its loaders take, and the refusal for the rest."""

from __future__ import annotations

from brickyard.core.errors import InvalidInput

VIDEO = ["mov", "mp4", "mxf", "avi", "mkv"]
AUDIO = ["wav", "aif", "aiff", "mp3", "flac"]
IMAGE = ["png", "jpg", "jpeg", "tif", "tiff", "exr", "dpx", "bmp"]
TIMELINE = ["otio", "edl", "fcpxml", "xml", "aaf", "drt"]
MEDIA_KINDS = ["video", "audio", "image", "render", "reference", "concept"]
TIMELINE_KINDS = ["timeline"]


def refusal(kind: str, representations: list[str]) -> InvalidInput:
    """The message for a version no Resolve loader takes."""
    return InvalidInput(
        f"a {kind!r} asset ({', '.join(representations) or 'no files'}) cannot go into DaVinci Resolve: it loads "
        f"{', '.join(MEDIA_KINDS)} media ({', '.join(VIDEO + AUDIO + IMAGE)}, image sequences too) and "
        f"timelines ({', '.join(TIMELINE)}). Load it in Blender or Unreal, or publish a render of it as video.",
        detail={"kind": kind, "representations": representations})
