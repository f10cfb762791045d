"""Loading: loaders bring published files into a scene and leave a container on what they loaded."""

from .loader import LoadContext, Loader
from .operations import find_representation, load, materialise, remove, update
from .registry import LoaderRegistry

__all__ = ["LoadContext", "Loader", "LoaderRegistry", "find_representation", "load", "materialise",
           "remove", "update"]
