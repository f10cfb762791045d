"""Bringing a version's files into its bin: single files and image sequences (with their frame range)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickyard.core.errors import BrickyardError
from brickyard.core.load import LoadContext
from brickyard.core.naming import split_frame

from .bins import bin_path, current_folder, ensure_bin

if TYPE_CHECKING:
    from fusionscript import MediaPoolItem

    from .adapter import ResolveHost


def import_entry(paths: list[Path], frame_start: int | None = None, frame_end: int | None = None) -> Any:
    """What ``ImportMedia`` takes for these files: a path, or a sequence's ``{FilePath, StartIndex, EndIndex}``."""
    if len(paths) == 1 and frame_start is None:
        return str(paths[0])
    ordered = sorted(paths)
    parts = split_frame(ordered[0].name)
    if parts is None:
        raise BrickyardError(f"{ordered[0].name} has no frame number: Resolve takes several files only as an "
                             "image sequence (name.1001.exr, name.1002.exr…)")
    stem, first, digits, ext = parts
    frames = [p[1] for p in (split_frame(path.name) for path in ordered) if p]
    start = frame_start if frame_start is not None else min(frames)
    end = frame_end if frame_end is not None else max(frames)
    return {"FilePath": str(ordered[0].parent / f"{stem}%0{digits}d.{ext}"), "StartIndex": start, "EndIndex": end}


def import_version(host: ResolveHost, context: LoadContext) -> tuple[MediaPoolItem, list[str]]:
    """Import the context's files into ``Brickyard/<folder>/<asset>``; the clip and the bin's path.

    The artist's current bin is put back afterwards.
    """
    version, rep = context.version, context.representation
    entry = import_entry(context.paths, rep.frame_start, rep.frame_end)
    pool = host.media_pool()
    path = bin_path(version.folder, version.asset)
    with current_folder(pool, ensure_bin(pool, path)):
        clips = pool.ImportMedia([entry])
    if not clips:
        shown = entry["FilePath"] if isinstance(entry, dict) else entry
        raise BrickyardError(f"Resolve could not import {shown} ({version.reference}, {rep.name}): is the file "
                             "readable here and a format this Resolve decodes? Check the Media page's browser.",
                             detail={"path": shown})
    return clips[0], path


def replacement_path(paths: list[Path]) -> str:
    """The file ``ReplaceClip`` takes: the file itself, or a sequence's first frame."""
    return str(sorted(paths)[0])
