"""Import a WAV as a SoundWave; optionally place it in the level as an ambient sound."""

from __future__ import annotations

from brickyard.hosts.unreal.loaders._import_asset import ImportAsset


class ImportSound(ImportAsset):
    label = "Import sound"
    kinds = ["audio"]
    representations = ["wav"]
