"""Import a USD file under a root empty; an update re-imports it keeping transform, parent, modifiers."""

from __future__ import annotations

import bpy
from pydantic import BaseModel

from brickyard.hosts.blender.loaders._imported import ImportLoader


class ImportUsd(ImportLoader):
    label = "Import USD"
    kinds = ["model", "rig", "scene", "animation", "camera", "fx"]
    representations = ["usd", "usda", "usdc", "usdz"]
    suffixes = (".usd", ".usda", ".usdc", ".usdz")
    order = 25

    class Options(BaseModel):
        collection: str = ""
        import_materials: bool = True
        scale: float = 1.0

    def run_import(self, path, options, version):
        bpy.ops.wm.usd_import(filepath=str(path), import_materials=options.import_materials, scale=options.scale)
