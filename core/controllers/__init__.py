"""Controllers: plain Python the Qt views and Blender panels call; they hold client, host and registries."""

from .inventory_controller import InventoryController
from .loader_controller import FolderNode, LoaderController, LoaderInfo
from .publisher_controller import CreatorInfo, PublisherController

__all__ = ["CreatorInfo", "FolderNode", "InventoryController", "LoaderController", "LoaderInfo",
           "PublisherController"]
