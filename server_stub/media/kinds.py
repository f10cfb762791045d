"""Which kind of review media a representation's files call for, from their names alone (no decoding,
no media libraries imported: the publish transaction calls this)."""

from __future__ import annotations

from pathlib import PurePosixPath

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".psd", ".exr", ".dpx", ".bmp", ".tga"}
VIDEO_SUFFIXES = {".mov", ".mp4", ".m4v", ".mxf", ".mkv", ".avi", ".webm", ".mpg", ".mpeg", ".mts", ".ts"}
AUDIO_SUFFIXES = {".wav", ".flac", ".mp3", ".aac", ".m4a", ".ogg", ".opus", ".aif", ".aiff"}


def classify(paths: list[str]) -> str | None:
    """'image', 'sequence', 'video', 'audio', or None: nothing this server previews."""
    suffixes = {PurePosixPath(p).suffix.lower() for p in paths}
    if len(suffixes) != 1:
        return None
    [suffix] = suffixes
    if suffix in IMAGE_SUFFIXES:
        return "sequence" if len(paths) > 1 else "image"
    if len(paths) == 1 and suffix in VIDEO_SUFFIXES:
        return "video"
    if len(paths) == 1 and suffix in AUDIO_SUFFIXES:
        return "audio"
    return None


def why_not(paths: list[str]) -> str:
    suffixes = sorted({PurePosixPath(p).suffix.lower() or "(no extension)" for p in paths})
    if len(suffixes) > 1:
        return f"no preview for a representation mixing {', '.join(suffixes)} files"
    return f"no preview for this kind of file ({suffixes[0]})"
