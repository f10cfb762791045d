"""What the add-on holds while it is enabled: the host, the job runner, and the controllers for the
current connection settings (rebuilt when they change). Created by ``register``, dropped by
``unregister``; operators reach it through ``current()`` — the add-on's one entry-point registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from brickyard.core.client import Client
from brickyard.core.config import ConfigError
from brickyard.core.controllers import InventoryController, LoaderController, PublisherController
from brickyard.core.load.registry import LoaderRegistry
from brickyard.core.publish import discover_publish_plugins

from .. import LOADERS_DIR, PUBLISH_DIR
from ..adapter import BlenderHost
from ..creators import blender_creators
from ..main_thread import MainThread
from .jobs import Jobs
from .preferences import Settings


@dataclass
class Connection:
    settings: Settings
    client: Client
    publisher: PublisherController
    loader: LoaderController
    inventory: InventoryController


@dataclass
class AddonState:
    addon_id: str
    main: MainThread = field(default_factory=MainThread)
    jobs: Jobs | None = None
    host: BlenderHost | None = None
    loaders: LoaderRegistry | None = None
    _connection: Connection | None = None

    def __post_init__(self) -> None:
        self.jobs = Jobs(self.main)
        self.host = BlenderHost(main=self.main)
        self.loaders = LoaderRegistry(BlenderHost.name, [LOADERS_DIR])

    def connection(self, settings: Settings) -> Connection:
        """Controllers for ``settings``; a clear error naming what to fill in when something is missing."""
        missing = settings.missing()
        if missing:
            raise ConfigError(f"Brickyard is not connected: fill in {', '.join(missing)} in Edit › Preferences "
                              f"› Add-ons › Brickyard")
        if self._connection is None or self._connection.settings != settings:
            if self._connection is not None:
                self._connection.client.close()
            self.host.project = settings.project
            client = Client(settings.url, settings.token, library=settings.library or None)
            plugins = discover_publish_plugins(BlenderHost.name, [PUBLISH_DIR])
            if plugins.failures:
                raise RuntimeError("Brickyard publish plugins failed to load: " +
                                   "; ".join(f"{k}: {v}" for k, v in plugins.failures.items()))
            self._connection = Connection(
                settings, client, PublisherController(client, self.host, plugins, blender_creators()),
                LoaderController(client, self.host, self.loaders),
                InventoryController(client, self.host, self.loaders))
        return self._connection

    def close(self) -> None:
        self.jobs.shutdown()
        if self._connection is not None:
            self._connection.client.close()
            self._connection = None


_state: list[AddonState] = []


def start(addon_id: str) -> AddonState:
    stop()
    _state.append(AddonState(addon_id))
    return _state[0]


def current() -> AddonState:
    if not _state:
        raise RuntimeError("the Brickyard add-on is not enabled; enable it in Edit › Preferences › Add-ons")
    return _state[0]


def stop() -> None:
    while _state:
        _state.pop().close()
