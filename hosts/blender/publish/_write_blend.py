"""Write a collection (or camera) to its own .blend together with every external file it reads.

Files Blender can pack (single images, UDIM tiles, sounds, fonts) are packed into the .blend. The
others — image sequences, movies, movie clips, Alembic/USD caches, volumes — are put beside it, in
``files/<their folder's name>/`` under their own names (a sequence keeps its frame numbers), hard-linked
where the disk allows, else copied; the written .blend reads them by paths relative to itself
(``//files/…``). Published as one representation (the folder), the .blend and its files keep those
relative places wherever the version is downloaded, so a linked or appended collection finds them.
With nothing to put beside it the .blend is written alone, exactly as before.

The open file is left as it was: what was packed for the write is unpacked, and every path changed
for the write is put back, also when the write fails. Files missing on disk are left to the validator.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bpy

from brickyard.hosts.blender.publish._external import (
    describe, external_datablocks, files_on_disk, is_packed, missing, packable)

FILES_FOLDER = "files"  # beside the .blend, holding what could not be packed
BUNDLE_FOLDER = "blend"  # in the staging folder: the .blend and its files, published as one representation
# Linked datablocks keep their library's paths; the written file only references them.
_VISIT = {"SKIP_LINKED", "SKIP_WEAK_REFERENCES"}


@dataclass
class Written:
    representation: Path  # what to publish: the .blend alone, or the folder holding it and its files
    blend: Path
    packed: list[str] = field(default_factory=list)  # descriptions of what was packed into it
    beside: dict[str, list[str]] = field(default_factory=dict)  # description → its files' paths in the folder


def write_blend(target: Any, staging: Path, filename: str) -> Written:
    """Write ``target`` (and what it uses) as ``filename`` in ``staging``; see the module's description."""
    found = external_datablocks(target)
    to_pack = [i for i in found if packable(i) and not is_packed(i)]
    unpackable = [i for i in found if not packable(i) and not is_packed(i) and not missing(i)]
    files = {i: files_on_disk(i) for i in unpackable}
    places = destinations(sorted({f for fs in files.values() for f in fs}))
    if places:
        bundle = staging / BUNDLE_FOLDER
        written = Written(bundle, bundle / filename)
        for source, relative in places.items():
            place(source, bundle.joinpath(*relative.split("/")))
        written.beside = {describe(i): [places[f] for f in fs] for i, fs in files.items()}
    else:
        written = Written(staging / filename, staging / filename)
    written.packed = [describe(i) for i in to_pack]
    for idblock in to_pack:
        idblock.pack()
    try:
        if places:
            relative = {str(source): f"//{path}" for source, path in places.items()}
            with paths_for_write(relative):
                bpy.data.libraries.write(str(written.blend), {target}, fake_user=True, path_remap="NONE")
        else:
            bpy.data.libraries.write(str(written.blend), {target}, fake_user=True, path_remap="ABSOLUTE")
    finally:
        for idblock in to_pack:
            idblock.unpack(method="REMOVE")  # back to the file on disk, as before
    return written


def destinations(files: list[Path]) -> dict[Path, str]:
    """``{absolute file: its path beside the .blend}``: ``files/<folder name>/<file name>``, folders
    of the same name from different places told apart by ``_2``, ``_3`` …"""
    folders: dict[Path, str] = {}
    taken: set[str] = set()
    for parent in sorted({f.parent for f in files}):
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", parent.name).strip("._") or "files"
        name, n = base, 1
        while name.lower() in taken:  # case-insensitive disks must not merge two folders
            n += 1
            name = f"{base}_{n}"
        taken.add(name.lower())
        folders[parent] = name
    return {f: f"{FILES_FOLDER}/{folders[f.parent]}/{f.name}" for f in files}


def place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # no copy of a large cache where the staging folder is on the same disk
    except OSError:
        shutil.copy2(source, target)


@contextmanager
def paths_for_write(relative: dict[str, str]) -> Iterator[None]:
    """Every path of the open file's local datablocks as the written .blend must hold them, for the
    duration of the ``with``: a file in ``relative`` (keyed by normalised absolute path) by its path
    there, every other relative path made absolute (what ``path_remap="ABSOLUTE"`` does when writing).
    Put back afterwards, whatever happens; nothing is reloaded either way."""
    changed: dict[int, list[tuple[str, str]]] = {}
    layers: list[tuple[Any, str]] = []  # cache file layers: Blender's path walk does not visit them

    def for_write(path):
        absolute = os.path.normpath(bpy.path.abspath(path))
        new = relative.get(absolute) or (absolute if path.startswith("//") else None)
        return None if new == path else new

    def rewrite(idblock, path, _meta):
        new = for_write(path)
        if new is not None:
            changed.setdefault(idblock.as_pointer(), []).append((path, new))
        return new

    def restore(idblock, path, _meta):
        entries = changed.get(idblock.as_pointer(), [])
        for n, (old, new) in enumerate(entries):
            if new == path:
                del entries[n]
                return old
        return None

    try:
        bpy.data.file_path_foreach(rewrite, flags=_VISIT)
        for layer in (layer for cache in bpy.data.cache_files if cache.library is None for layer in cache.layers):
            new = for_write(layer.filepath)
            if new is not None:
                layers.append((layer, layer.filepath))
                layer.filepath = new
        yield
    finally:
        for layer, old in reversed(layers):
            layer.filepath = old
        if changed:
            bpy.data.file_path_foreach(restore, flags=_VISIT)
