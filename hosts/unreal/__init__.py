"""Brickyard in Unreal Engine 5: import published assets, switch versions in place, publish exports.

``import brickyard.hosts.unreal`` works without the editor; ``unreal`` is imported only inside the
functions that use it. ``init_unreal.py`` (installed by ``python -m brickyard.hosts.unreal.install``)
calls ``start()`` at editor start-up.

    >>> from brickyard.hosts.unreal import UnrealHost, unreal_loaders
    >>> loaders = unreal_loaders()
"""

from __future__ import annotations

from typing import Any

from brickyard.core.load.registry import LoaderRegistry

from .adapter import UnrealHost
from .session import LOADERS_DIR, PUBLISH_DIR


def unreal_loaders() -> LoaderRegistry:
    """The Unreal loaders (discovered once per call: keep the registry you get)."""
    return LoaderRegistry(UnrealHost.name, [LOADERS_DIR])


def start(project: str | None = None) -> Any:
    """Start Brickyard in this editor: the host, the Slate tick pump, the Brickyard menu (idempotent).

    (Named ``start``, not ``install``: ``install`` is the installer module, ``python -m …unreal.install``.)
    """
    from . import session

    return session.start(project)


def stop() -> None:
    """Take Brickyard out of this editor: menu, tick, windows, the registered host."""
    from . import session

    session.stop()


__all__ = ["LOADERS_DIR", "PUBLISH_DIR", "UnrealHost", "start", "stop", "unreal_loaders"]
