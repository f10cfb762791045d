"""Import an image as a Texture2D (textures, concept art and reference images)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from brickyard.hosts.unreal.loaders._import_asset import ImportAsset


class ImportTexture(ImportAsset):
    label = "Import texture"
    kinds = ["texture", "image", "concept", "reference"]
    representations = ["png", "jpg", "jpeg", "exr", "tga", "tif", "tiff", "hdr"]
    Options: ClassVar[type[BaseModel] | None] = None  # a texture is not placed in a level
