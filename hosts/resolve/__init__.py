"""Brickyard for DaVinci Resolve: load approved media into bins and timelines, switch versions in place,
publish timeline renders and media-pool clips.

Importable without Resolve: the application object is injected (``connection.connect()`` finds the
running one; tests pass a fake).

    >>> from brickyard.hosts import resolve
    >>> host = resolve.register()                   # inside Resolve, or Studio with external scripting
    >>> resolve.load_asset(client, host, resolve.resolve_loaders(), "brickyard://film/plates/sh010")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brickyard.core.host_registry import register_host, reset
from brickyard.core.load import LoaderRegistry

from .adapter import ResolveHost
from .connection import ResolveUnavailable, connect
from .loading import load_asset

HERE = Path(__file__).resolve().parent
LOADERS_DIR = HERE / "loaders"
PUBLISH_DIR = HERE / "publish"


def resolve_loaders() -> LoaderRegistry:
    """Resolve's loaders (discovered once per call: keep the registry you get)."""
    return LoaderRegistry(ResolveHost.name, [LOADERS_DIR])


# ``register``/``unregister`` rather than the usual ``install``/``uninstall``: ``install`` is the module
# that installs the menu scripts (``python -m brickyard.hosts.resolve.install``), and importing it would
# replace a function of the same name on this package.
def register(resolve: Any = None, **host_options: Any) -> ResolveHost:
    """Connect (to ``resolve`` when given: the menu scripts' global) and register the Resolve host."""
    host = ResolveHost(connect(resolve), **host_options)
    register_host(host)
    return host


def unregister() -> None:
    reset()


__all__ = ["LOADERS_DIR", "PUBLISH_DIR", "ResolveHost", "ResolveUnavailable", "connect", "load_asset", "register",
           "resolve_loaders", "unregister"]
