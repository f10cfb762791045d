"""Shared by the .blend loaders: which collection a published file holds, and its library in this file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import bpy

COLLECTION_KEY = "blend_collection"  # version metadata: the published root collection's name


def file_with_suffix(paths: list[Path], *suffixes: str) -> Path:
    """The first of ``paths`` with one of ``suffixes``; ``ValueError`` naming what was there otherwise."""
    for path in paths:
        if path.suffix.lower() in suffixes:
            return path
    raise ValueError(f"no {'/'.join(suffixes)} file among {[p.name for p in paths]}; "
                     "the representation is not what this loader reads")


def wanted_collection(version: Any, available: list[str]) -> str:
    """The published root collection: named in the version's metadata, else the asset's name, else the first."""
    for name in (version.metadata.get(COLLECTION_KEY), version.asset):
        if name and name in available:
            return name
    if not available:
        raise ValueError(f"{version.reference} has no collection in its .blend; it cannot be linked or appended")
    return available[0]


def library_for(path: Path) -> bpy.types.Library | None:
    """The library already reading ``path`` (compared by absolute path: ``lib.name`` goes stale on switch)."""
    wanted = os.path.normpath(str(path))
    for lib in bpy.data.libraries:
        if os.path.normpath(bpy.path.abspath(lib.filepath)) == wanted:
            return lib
    return None


def read_collection(path: Path, version: Any, *, link: bool) -> bpy.types.Collection:
    """Link (or append) the published root collection of ``path``; reuses what is already linked."""
    if link:  # already linked from this file (another container): reuse it without reading the file
        lib = library_for(path)
        for name in filter(None, (version.metadata.get(COLLECTION_KEY), version.asset)) if lib else ():
            linked = bpy.data.collections.get((name, lib.filepath))  # keyed by library: no scan of every ID
            if linked is not None:
                return linked
    relative = link and library_path(path).startswith("//")
    with bpy.data.libraries.load(str(path), link=link, relative=relative) as (source, target):
        name = wanted_collection(version, list(source.collections))
        target.collections = [name]
    coll = target.collections[0]
    if coll is None:
        raise ValueError(f"could not read collection {name!r} from {path}")
    return coll


def unused(lib: bpy.types.Library, still_used: bpy.types.ID | None = None) -> bool:
    """True when nothing in this file uses anything linked directly from ``lib`` any more.

    ``still_used`` is an ID from ``lib`` the caller knows of: while it has users the answer is False
    without walking every ID (what keeps a batch of switches on one shared library linear).
    """
    if still_used is not None and still_used.users > 0:
        return False
    return all(i.users == 0 for i in lib.users_id if not i.is_library_indirect)


def target_collection(name: str) -> bpy.types.Collection:
    """The collection new things go into: ``name`` if given (created under the scene's if new), else the scene's."""
    scene_coll = bpy.context.scene.collection
    if not name:
        return scene_coll
    coll = bpy.data.collections.get(name)
    if coll is None or coll.library is not None:
        coll = bpy.data.collections.new(name)
        scene_coll.children.link(coll)
    return coll


def library_path(path: Path) -> str:
    """How a library should name ``path``: relative (``//…``) when Blender's Relative Paths preference is on
    and this file is saved somewhere (a path can only be relative to a saved file), else absolute."""
    if bpy.context.preferences.filepaths.use_relative_paths and bpy.data.filepath:
        try:
            return bpy.path.relpath(str(path))
        except ValueError:  # another drive (Windows): no relative path exists
            pass
    return str(path)
