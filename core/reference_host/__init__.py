"""The reference host: a scene in a JSON file, a loader for any file, the core publish plugins.

    >>> host = ReferenceHost("shot.json", project="film")
    >>> loaders = reference_loaders()
"""

from pathlib import Path

from ..load.registry import LoaderRegistry
from .host import ReferenceHost

LOADERS_DIR = Path(__file__).resolve().parent / "loaders"


def reference_loaders() -> LoaderRegistry:
    """The reference host's loaders (discovered once per call: keep the registry you get)."""
    return LoaderRegistry(ReferenceHost.name, [LOADERS_DIR])


__all__ = ["LOADERS_DIR", "ReferenceHost", "reference_loaders"]
