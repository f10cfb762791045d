"""Brickyard for Blender: publish, load and switch versions from a "Brickyard" tab in the 3D View sidebar.

Importable without Blender (bpy is imported only when the add-on registers or a module that needs it
is imported). As a legacy add-on this package is enabled as ``brickyard.hosts.blender``; as an
extension, the zip's ``__init__.py`` calls ``addon.register(__package__)``.

    >>> import addon_utils; addon_utils.enable("brickyard.hosts.blender")
    >>> bpy.ops.brickyard.publish(comment="first pass")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ADDON_ID = __name__
HERE = Path(__file__).resolve().parent
LOADERS_DIR = HERE / "loaders"
PUBLISH_DIR = HERE / "publish"

bl_info = {
    "name": "Brickyard",
    "author": "Brickyard",
    "version": (0, 1, 0),
    "blender": (4, 2, 0),
    "location": "3D View › Sidebar › Brickyard",
    "description": "Publish, load and switch versions of production assets",
    "category": "Pipeline",
}


def register() -> None:
    from . import addon
    addon.register(ADDON_ID)


def unregister() -> None:
    from . import addon
    addon.unregister()


def install(addon_id: str = ADDON_ID) -> None:
    """Register the panels, operators and preferences, and the Blender host (what ``register`` does)."""
    from . import addon
    addon.register(addon_id)


def uninstall() -> None:
    from . import addon
    addon.unregister()


def __getattr__(name: str) -> Any:
    if name == "BlenderHost":  # lazily: importing it imports bpy
        from .adapter import BlenderHost
        return BlenderHost
    raise AttributeError(name)


__all__ = ["ADDON_ID", "LOADERS_DIR", "PUBLISH_DIR", "BlenderHost", "install", "uninstall"]
