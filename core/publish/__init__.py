"""Publishing on pyblish-base: creators mark what to publish, plugins check it, the integrator publishes.

    >>> FilesCreator().create(host, asset="hero", kind="model", representations={"blend": ["hero.blend"]})
    >>> report = PublishSession(client, host, discover_publish_plugins(host.name)).publish()
"""

from .creator import Creator, FilesCreator
from .discovery import CORE_PLUGINS, PublishPlugins, discover_publish_plugins
from .instance import INSTANCE_SCHEMA, InstanceSpec, UnreadableInstance, parse_instance
from .repair import RepairAction
from .report import PluginResult, PublishReport
from .session import PublishCancelled, PublishSession
from .workfile import publish_workfile

__all__ = [
    "CORE_PLUGINS",
    "INSTANCE_SCHEMA",
    "Creator",
    "FilesCreator",
    "InstanceSpec",
    "PluginResult",
    "PublishCancelled",
    "PublishPlugins",
    "PublishReport",
    "PublishSession",
    "RepairAction",
    "UnreadableInstance",
    "discover_publish_plugins",
    "parse_instance",
    "publish_workfile",
]
