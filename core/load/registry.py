"""The loaders of one host, discovered from folders once and kept on the object that asks for them.

    >>> loaders = LoaderRegistry("blender", [BLENDER_LOADERS_DIR])
    >>> [l.label for l in loaders.serving(kind="model", representation="blend")]
    ['Link collection', 'Append collection']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import cast

from ..errors import NotFound
from ..plugin_files import discover_classes
from .loader import Loader


class LoaderRegistry:
    """Loader classes for ``host`` from ``paths`` (imported here, once) and ``loaders`` given directly."""

    def __init__(self, host: str, paths: Iterable[str | os.PathLike] = (), loaders: Sequence[type[Loader]] = ()):
        self.host = host
        found = discover_classes(paths, lambda cls: issubclass(cls, Loader) and cls is not Loader)
        self.failures = found.failures  # plugin file → why it could not be imported
        classes = [cast(type[Loader], cls) for cls in found.classes] + list(loaders)
        by_name = {cls.name(): cls for cls in classes if "*" in cls.hosts or host in cls.hosts}
        self._loaders = sorted(by_name.values(), key=lambda cls: (cls.order, cls.label or cls.name()))

    def all(self) -> list[type[Loader]]:
        return list(self._loaders)

    def serving(self, *, kind: str, representation: str) -> list[type[Loader]]:
        """The loaders that can load this kind and representation in this host, best first (a loader that
        names ``kind`` in its ``default_for`` first, then by order)."""
        found = [cls for cls in self._loaders if cls.serves(host=self.host, kind=kind, representation=representation)]
        return sorted(found, key=lambda cls: kind not in cls.default_for)

    def get(self, name: str) -> type[Loader]:
        for cls in self._loaders:
            if cls.name() == name:
                return cls
        raise NotFound(f"no loader {name!r} in host {self.host!r}; it knows {[c.name() for c in self._loaders]}. "
                       "Is the add-on that provides it installed?", detail={"loader": name})
