"""Append a published collection (local, editable copy) under a root empty; an update appends it anew."""

from __future__ import annotations

import bpy
from pydantic import BaseModel

from brickyard.hosts.blender.loaders._blend import read_collection
from brickyard.hosts.blender.loaders._imported import ImportLoader


class AppendBlend(ImportLoader):
    label = "Append collection"
    kinds = ["model", "rig", "scene", "camera", "animation", "fx", "material"]
    representations = ["blend"]
    suffixes = (".blend",)
    order = 5

    class Options(BaseModel):
        collection: str = ""

    def run_import(self, path, options, version):
        appended = read_collection(path, version, link=False)
        bpy.context.view_layer.active_layer_collection.collection.children.link(appended)
