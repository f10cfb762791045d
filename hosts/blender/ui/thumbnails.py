"""The Load panel's version thumbnails: fetched off the UI thread by ``list_versions``, kept here as
Blender image previews (``bpy.utils.previews``) keyed by the thumbnail's sha256. One collection for
the add-on; ``reset`` (called on unregister) frees it."""

from __future__ import annotations

import bpy
import bpy.utils.previews

_collection = None  # the add-on's one preview collection, made on first use


def add(sha256: str, path: str) -> None:
    """Make the image at ``path`` showable under ``sha256`` (once: a sha256 names one image for ever)."""
    global _collection
    if _collection is None:
        _collection = bpy.utils.previews.new()
    if sha256 not in _collection:
        _collection.load(sha256, path, "IMAGE")


def get(sha256: str):
    """The ``ImagePreview`` of a thumbnail fetched before, else None."""
    if not sha256 or _collection is None:
        return None
    return _collection.get(sha256)


def reset() -> None:
    global _collection
    if _collection is not None:
        bpy.utils.previews.remove(_collection)
        _collection = None
