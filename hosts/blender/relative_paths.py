"""Libraries Brickyard linked are saved relative (``//…``) when Blender's Relative Paths preference is on.

Blender names a library relative only if the file was saved when it was linked, and never makes an
absolute one relative on save. A ``save_pre`` handler does: every library a container is tracked on
becomes relative to the file — to its present folder when it has one (Blender's own remap then moves
it to a Save As target), else to the folder it is being saved to.
"""

from __future__ import annotations

import os

import bpy

from . import links


@bpy.app.handlers.persistent
def make_relative(filepath: str = "", *_args) -> None:
    if not bpy.context.preferences.filepaths.use_relative_paths:
        return
    start = os.path.dirname(bpy.data.filepath or filepath)
    if not start:
        return
    for lib in links.libraries():
        if lib.filepath.startswith("//"):
            continue
        try:
            lib.filepath = bpy.path.relpath(bpy.path.abspath(lib.filepath), start=start)
        except ValueError:  # another drive (Windows): it stays absolute
            pass


def register() -> None:
    if make_relative not in bpy.app.handlers.save_pre:
        bpy.app.handlers.save_pre.append(make_relative)


def unregister() -> None:
    while make_relative in bpy.app.handlers.save_pre:
        bpy.app.handlers.save_pre.remove(make_relative)
