"""Import a USD layer as assets (not a live stage): its static and skeletal meshes and animation clips land in
the load's directory (the container goes on the main mesh)."""

from __future__ import annotations

from brickyard.hosts.unreal.loaders._import_asset import ImportAsset


class ImportUsd(ImportAsset):
    label = "Import USD"
    kinds = ["model", "rig", "scene", "animation", "mocap"]
    representations = ["usd", "usda", "usdc", "usdz"]
