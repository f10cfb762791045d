"""Find publish plugins: the core's own folder plus a host's, filtered for that host, loaded once.

pyblish keeps plugin paths, plugins and hosts in module-level registries that leak from one run into
the next; Brickyard uses none of them. The plugin list is built here and handed to each run.

    >>> plugins = discover_publish_plugins("blender", [BLENDER_PUBLISH_DIR])
    >>> [p.__name__ for p in plugins.plugins][:2]
    ['CollectInstances', 'CollectLoadedVersions']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyblish.plugin

from ..plugin_files import discover_classes

CORE_PLUGINS = Path(__file__).resolve().parent / "plugins"
_BASES = {pyblish.plugin.Plugin, pyblish.plugin.ContextPlugin, pyblish.plugin.InstancePlugin,
          pyblish.plugin.Collector, pyblish.plugin.Validator, pyblish.plugin.Extractor,
          pyblish.plugin.Integrator}


def serves_host(plugin: type, host_name: str) -> bool:
    hosts = getattr(plugin, "hosts", ["*"])
    return "*" in hosts or host_name in hosts


@dataclass
class PublishPlugins:
    """The ordered plugin classes of one host, and the plugin files that failed to import."""

    plugins: list[type] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> type:
        for plugin in self.plugins:
            if plugin.__name__ == name:
                return plugin
        raise KeyError(f"no publish plugin named {name!r}")


def discover_publish_plugins(host_name: str, paths: Iterable[str | os.PathLike] = (), *,
                             include_core: bool = True, extra: Sequence[type] = ()) -> PublishPlugins:
    """The core plugins (unless ``include_core`` is False), those in ``paths`` and ``extra``, in order.

    A later plugin with the same class name replaces an earlier one, so a host may override a core
    plugin by defining one of the same name.
    """
    folders = ([CORE_PLUGINS] if include_core else []) + [Path(p) for p in paths]
    found = discover_classes(folders, lambda cls: _is_plugin(cls, host_name))
    by_name: dict[str, type] = {}
    for plugin in [*found.classes, *extra]:
        by_name[plugin.__name__] = plugin
    plugins = list(by_name.values())
    pyblish.plugin.sort(plugins)
    return PublishPlugins(plugins, found.failures)


def _is_plugin(cls: type, host_name: str) -> bool:
    return (issubclass(cls, pyblish.plugin.Plugin) and cls not in _BASES
            and pyblish.plugin.plugin_is_valid(cls) and serves_host(cls, host_name))
