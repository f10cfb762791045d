"""Import an Alembic cache: a geometry cache that plays its animation (or its first frame as a static mesh)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from brickyard.hosts.unreal.loaders._import_asset import ImportAsset


class AlembicOptions(BaseModel):
    spawn: bool = False  # also place it in the current level
    geometry_cache: bool = True  # False: import the first frame as a static mesh


class ImportAlembic(ImportAsset):
    label = "Import Alembic"
    kinds = ["fx", "animation", "model"]
    representations = ["abc"]
    Options = AlembicOptions

    def import_options(self, options: Any) -> Any:
        import unreal

        settings = unreal.AbcImportSettings()
        settings.import_type = (unreal.AlembicImportType.GEOMETRY_CACHE if options is None or options.geometry_cache
                                else unreal.AlembicImportType.STATIC_MESH)
        return settings
