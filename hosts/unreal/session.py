"""The editor session: what ``init_unreal.py`` starts once — host, tick pump, menu — and the windows use.

A menu entry is a line of Python with nothing in hand, so the session is the one place it can find
the host, the client and the controllers. It survives ``importlib.reload`` of this module (the editor's
script reload) so a reload never registers a second tick or a second menu. Everything else takes the
host and client as arguments. Tests call ``reset()``.

    >>> session = start(project="film")      # init_unreal.py
    >>> session.controller("inventory").refresh()
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brickyard.core.host_registry import register_host
from brickyard.core.host_registry import reset as reset_host_registry

from .adapter import UnrealHost
from .game_thread import GameThread
from .menu import register_menu, unregister_menu
from .qt_pump import TickPump

HERE = Path(__file__).resolve().parent
LOADERS_DIR = HERE / "loaders"
PUBLISH_DIR = HERE / "publish"


@dataclass
class EditorSession:
    host: UnrealHost
    pump: TickPump
    client_factory: Callable[[], Any]
    windows: dict[str, Any] = field(default_factory=dict)  # kept here so Python does not collect them
    _client: Any = None
    _controllers: dict[str, Any] = field(default_factory=dict)

    def client(self) -> Any:
        """The Brickyard client (settings from BRICKYARD_URL/TOKEN or `brickyard login`), made on first use."""
        if self._client is None:
            self._client = self.client_factory()
        return self._client

    def controller(self, window: str) -> Any:
        """The controller behind ``window`` ("loader", "publisher", "inventory"), made once."""
        if window not in self._controllers:
            self._controllers[window] = _make_controller(window, self.client(), self.host)
        return self._controllers[window]


def _make_controller(window: str, client: Any, host: UnrealHost) -> Any:
    from brickyard.core.controllers import InventoryController, LoaderController, PublisherController
    from brickyard.core.load.registry import LoaderRegistry
    from brickyard.core.publish.discovery import discover_publish_plugins

    from .creators import CREATORS

    if window == "loader":
        return LoaderController(client, host, LoaderRegistry(host.name, [LOADERS_DIR]))
    if window == "inventory":
        return InventoryController(client, host, LoaderRegistry(host.name, [LOADERS_DIR]))
    if window == "publisher":
        return PublisherController(client, host, discover_publish_plugins(host.name, [PUBLISH_DIR]),
                                   [c() for c in CREATORS])
    raise ValueError(f"no Brickyard window {window!r}; choose loader, publisher or inventory")


def _default_client() -> Any:
    from brickyard.core.client import Client

    return Client()


_SESSION: EditorSession | None = globals().get("_SESSION")  # kept across reloads of this module


def current() -> EditorSession:
    if _SESSION is None:
        raise RuntimeError("Brickyard is not started in this editor; init_unreal.py calls "
                           "brickyard.hosts.unreal.start() — is it installed? (brickyard install unreal)")
    return _SESSION


def start(project: str | None = None, *, client_factory: Callable[[], Any] | None = None) -> EditorSession:
    """Start Brickyard in this editor (once; again only re-adds the menu): host, tick pump, menu."""
    global _SESSION
    if _SESSION is None:
        game = GameThread()
        host = UnrealHost(project if project is not None else os.environ.get("BRICKYARD_PROJECT", ""), game=game)
        _SESSION = EditorSession(host, TickPump(game), client_factory or _default_client)
    register_host(_SESSION.host)
    _SESSION.pump.start()
    _SESSION.pump.add_task(register_menu)  # retried each tick until the main menu exists
    return _SESSION


def stop() -> None:
    """Take Brickyard out of the editor: menu, tick, windows, the registered host."""
    global _SESSION
    if _SESSION is None:
        return
    unregister_menu()
    _SESSION.pump.stop()
    for window in _SESSION.windows.values():
        window.close()
    if _SESSION._client is not None:
        _SESSION._client.close()
    _SESSION = None
    reset_host_registry()


def reset() -> None:
    """Forget the session without touching the editor (tests)."""
    global _SESSION
    _SESSION = None
