"""Select in the viewport what containers loaded: the Inventory's "select in scene" (main thread only).

A container's datablock is an empty (a collection instance, an import's root, an image) or, once
overridden, the override's root collection. Selecting it selects the empty, what an import put under
it, or every object of the override, in the current view layer only (Blender cannot select elsewhere).
The first container's empty (or first object) becomes active; everything else is deselected, as a
click in the outliner would do.
"""

from __future__ import annotations

from typing import Any

import bpy

from . import index

CONTENT = "brickyard_content"  # on an import's root empty (see loaders/_imported.py)


def select(container_ids: list[str]) -> list[str]:
    """Select the containers' objects in the current view layer; the ids that had nothing left to select
    (deleted, or only in another scene or view layer)."""
    view_layer = bpy.context.view_layer
    chosen: list[bpy.types.Object] = []
    missing = []
    for container_id in container_ids:
        found = [o for o in _objects_of(index.container_block(container_id)) if _select(o, view_layer)]
        if not found:
            missing.append(container_id)
        chosen += [o for o in found if o not in chosen]
    keep = set(chosen)
    for obj in bpy.context.scene.objects:  # the view layer's own list may not be synced yet
        if obj not in keep and obj.select_get(view_layer=view_layer):
            obj.select_set(False, view_layer=view_layer)
    if chosen:
        view_layer.objects.active = chosen[0]
    return missing


def _select(obj: bpy.types.Object, view_layer: bpy.types.ViewLayer) -> bool:
    """Select ``obj``; False when it is not in ``view_layer`` (another scene, an excluded collection)."""
    try:
        obj.select_set(True, view_layer=view_layer)
    except RuntimeError:
        return False
    return True


def _objects_of(idblock: Any) -> list[bpy.types.Object]:
    """The objects a container's datablock stands for, the one to make active first."""
    if idblock is None:
        return []
    if isinstance(idblock, bpy.types.Collection):  # an override root: the rig, the model
        return list(idblock.all_objects)
    if not isinstance(idblock, bpy.types.Object):
        return []
    content = idblock.get(CONTENT)
    imported = [o for o in content.all_objects if o != idblock] if content is not None else []
    return [idblock, *imported]
