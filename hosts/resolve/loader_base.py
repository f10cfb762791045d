"""The base of Resolve's loaders: a core ``Loader`` whose host is known to be the Resolve host."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brickyard.core.load import Loader

if TYPE_CHECKING:
    from .adapter import ResolveHost


class ResolveLoader(Loader):
    hosts = ["resolve"]
    host: ResolveHost
