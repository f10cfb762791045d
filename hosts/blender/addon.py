"""Register and unregister the add-on: preferences, window-manager state, operators, panels, the host.

    >>> addon.register("brickyard.hosts.blender")   # or the extension's ``__package__``
"""

from __future__ import annotations

import bpy
from brickyard.core import host_registry

from . import relative_paths
from .ui import ops_inventory, ops_load, ops_publish, panels, props, state, thumbnails
from .ui.preferences import BrickyardPreferences

_registered: list[type] = []


def classes() -> list[type]:
    return [BrickyardPreferences, *props.CLASSES, *ops_publish.CLASSES, *ops_load.CLASSES,
            *ops_inventory.CLASSES, *panels.CLASSES]


def register(addon_id: str) -> None:
    """Idempotent: registering again first unregisters what is there."""
    unregister()
    BrickyardPreferences.bl_idname = addon_id
    for cls in classes():
        bpy.utils.register_class(cls)
        _registered.append(cls)
    bpy.types.WindowManager.brickyard = bpy.props.PointerProperty(type=props.BrickyardState)
    relative_paths.register()
    addon = state.start(addon_id)
    host_registry.register_host(addon.host)


def unregister() -> None:
    if hasattr(bpy.types.WindowManager, "brickyard"):
        del bpy.types.WindowManager.brickyard
    while _registered:
        cls = _registered.pop()
        try:
            bpy.utils.unregister_class(cls)
        except RuntimeError:  # already gone (a factory reset unregisters add-on classes)
            pass
    relative_paths.unregister()
    state.stop()
    host_registry.reset()
    thumbnails.reset()
