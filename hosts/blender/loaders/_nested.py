"""Libraries a published .blend links itself (a set linking a published prop) found on this machine.

The published file names them by the path they had where it was published — another machine's
library root. After a load or switch, every library whose file is missing is matched by file name
against the version's inputs (the versions it was made from, recorded at publish); a match is fetched
here and the library pointed at it. What matches no input is named in the notes, never passed over.
"""

from __future__ import annotations

import os

import bpy

from brickyard.hosts.blender.loaders._blend import file_with_suffix, library_for, library_path


def remap_missing(context) -> None:
    """Point the missing libraries under the one reading ``context``'s file at this machine's copies."""
    own = library_for(file_with_suffix(context.paths, ".blend"))
    missing = [lib for lib in bpy.data.libraries
               if own is not None and _under(lib, own) and not os.path.exists(_abspath(lib))]
    if not missing:
        return
    if context.fetch is None:
        context.note(f"{', '.join(os.path.basename(_abspath(lib)) for lib in missing)} not on this machine")
        return
    local: dict[str, str] = {}
    for reference in context.version.inputs:
        if not missing:
            break
        try:
            files = context.fetch(reference)
        except Exception as exc:  # noqa: BLE001 - one input that cannot be fetched must not fail the load
            context.note(f"could not fetch {reference}: {exc}")
            continue
        local.update({p.name: str(p) for p in files})
        for lib in [lib for lib in missing if os.path.basename(_abspath(lib)) in local]:
            lib.filepath = library_path(local[os.path.basename(_abspath(lib))])
            lib.reload()
            missing.remove(lib)
    for lib in missing:
        context.note(f"{os.path.basename(_abspath(lib))} (linked by {context.version.asset}) is not on this "
                     "machine and is none of the version's inputs: what it holds stays missing")


def _under(lib: bpy.types.Library, own: bpy.types.Library) -> bool:
    parent = lib.parent
    while parent is not None:
        if parent == own:
            return True
        parent = parent.parent
    return False


def _abspath(lib: bpy.types.Library) -> str:
    return os.path.normpath(bpy.path.abspath(lib.filepath, library=lib.parent))
