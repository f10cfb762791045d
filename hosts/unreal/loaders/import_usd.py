"""Import a USD layer as assets (not a live stage): its meshes land in the load's directory."""

from __future__ import annotations

from brickyard.hosts.unreal.loaders._import_asset import ImportAsset


class ImportUsd(ImportAsset):
    label = "Import USD"
    kinds = ["model", "rig", "scene"]
    representations = ["usd", "usda", "usdc", "usdz"]
