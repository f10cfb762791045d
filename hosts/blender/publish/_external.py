"""The files outside the .blend that a published collection (or camera) reads: images, sounds, fonts,
Alembic/USD caches, volumes, movie clips.

Found by walking ``bpy.data.user_map()`` upwards from every datablock that reads a file until the
published datablock is reached, so an image inside a node group inside a material, a displace
modifier's texture or a text object's font counts as much as a material's own image node — exactly
what ``bpy.data.libraries.write`` will carry along. One ``user_map`` per call (publish time only).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import bpy

FILE_READERS = ("images", "sounds", "fonts", "cache_files", "volumes", "movieclips")


def reads_file(idblock: Any) -> bool:
    """True for a local datablock whose content comes from a file on disk (linked ones are another file's)."""
    if idblock.library is not None:
        return False
    if isinstance(idblock, bpy.types.Image):
        return idblock.source in ("FILE", "SEQUENCE", "TILED", "MOVIE")
    if isinstance(idblock, bpy.types.VectorFont):
        return idblock.filepath not in ("", "<builtin>")
    return bool(getattr(idblock, "filepath", ""))


def external_datablocks(target: Any) -> list[Any]:
    """Every datablock reading a file that ``target`` (a collection or an object) depends on, by name."""
    candidates = [i for attr in FILE_READERS for i in getattr(bpy.data, attr) if reads_file(i)]
    if not candidates:
        return []
    users = bpy.data.user_map()
    return sorted((c for c in candidates if _reaches(c, target, users)), key=lambda i: (type(i).__name__, i.name))


def _reaches(start: Any, target: Any, users: dict[Any, set[Any]]) -> bool:
    seen, todo = {start}, [start]
    while todo:
        for user in users.get(todo.pop(), ()):
            if user == target:
                return True
            if user not in seen:
                seen.add(user)
                todo.append(user)
    return False


def packable(idblock: Any) -> bool:
    """Whether Blender can pack it into the .blend (single images and UDIM tiles, sounds, fonts)."""
    if isinstance(idblock, bpy.types.Image):
        return idblock.source in ("FILE", "TILED")
    return isinstance(idblock, (bpy.types.Sound, bpy.types.VectorFont))


def is_packed(idblock: Any) -> bool:
    if isinstance(idblock, bpy.types.Image):
        return bool(idblock.packed_files)
    return getattr(idblock, "packed_file", None) is not None


def on_disk(idblock: Any) -> Path:
    """The file it reads (the first UDIM tile for a tiled image), as an absolute path."""
    path = bpy.path.abspath(idblock.filepath, library=idblock.library)
    if isinstance(idblock, bpy.types.Image) and idblock.source == "TILED" and len(idblock.tiles):
        path = path.replace("<UDIM>", str(idblock.tiles[0].number))
    return Path(path)


def is_sequence(idblock: Any) -> bool:
    """Whether it reads numbered files, one per frame (its path names one of them)."""
    if isinstance(idblock, (bpy.types.Image, bpy.types.MovieClip)):
        return idblock.source == "SEQUENCE"
    return bool(getattr(idblock, "is_sequence", False))  # cache files, volumes


def files_on_disk(idblock: Any) -> list[Path]:
    """Every file of a local datablock that exists on disk: each path Blender names for it (a cache
    file's layers too) and, for a sequence, every frame beside it. Absolute paths, sorted."""
    found: set[Path] = set()
    paths = set(bpy.data.file_path_map(subset=[idblock]).get(idblock, ()))
    paths.update(layer.filepath for layer in getattr(idblock, "layers", ()))  # Blender's path walk skips them
    for path in paths:
        first = Path(os.path.normpath(bpy.path.abspath(path)))
        if first.is_file():
            found.add(first)
            if is_sequence(idblock):
                found.update(frames_beside(first))
    return sorted(found)


_LAST_NUMBER = re.compile(r"^(?P<head>.*?)(?P<digits>\d+)(?P<tail>\D*)$")


def frames_beside(path: Path) -> list[Path]:
    """The files in ``path``'s folder that differ from it only by the last number before its extension,
    as Blender numbers the frames of a sequence (``shot.0001.png`` → ``shot.0002.png``, ``shot.10000.png``)."""
    stem = path.name[: len(path.name) - len(path.suffix)]
    match = _LAST_NUMBER.match(stem)
    if match is None:
        return [path]
    frame = re.compile(re.escape(match["head"]) + r"\d+" + re.escape(match["tail"] + path.suffix))
    return sorted(p for p in path.parent.iterdir() if frame.fullmatch(p.name) and p.is_file())


def missing(idblock: Any) -> bool:
    return not is_packed(idblock) and not on_disk(idblock).is_file()


def describe(idblock: Any) -> str:
    return f"{type(idblock).__name__.lower()} {idblock.name!r} ({idblock.filepath})"
