"""Opening the Loader, Publisher and Inventory windows for Resolve — the one module that knows how.

Resolve's embedded Python has no Qt, and a Qt event loop inside Resolve's script thread is what
freezes it; so the windows run in their own process, with the Python Brickyard is installed in:
``python -m brickyard.hosts.resolve.ui loader|publisher|inventory``. That process reaches Resolve
through external scripting (Studio, with Preferences › System › General › External scripting set
to Local), builds the host and the controller, and hands them to the Qt views of ``brickyard.core.ui``.

    >>> launch("inventory")          # from a menu script or a console: returns at once
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping
from typing import Any

WINDOWS = ("loader", "publisher", "inventory")


def command(window: str, python: str | None = None) -> list[str]:
    """The command line that opens ``window`` in its own process."""
    if window not in WINDOWS:
        raise ValueError(f"unknown window {window!r}; choose one of {', '.join(WINDOWS)}")
    return [python or sys.executable, "-m", "brickyard.hosts.resolve.ui", window]


def launch(window: str, *, python: str | None = None) -> subprocess.Popen:
    """Start ``window`` in a process of its own (detached: closing it never touches Resolve)."""
    extra: dict[str, Any] = {"start_new_session": True}
    if sys.platform == "win32":
        flags = getattr(subprocess, "DETACHED_PROCESS", 0) | getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
        extra = {"creationflags": flags}
    return subprocess.Popen(command(window, python), close_fds=True, **extra)


def build_controller(window: str, client: Any, host: Any) -> Any:
    """The controller the window sits on (plain Python: no Qt here)."""
    from brickyard.core.controllers import InventoryController, LoaderController, PublisherController
    from brickyard.core.publish import discover_publish_plugins

    from . import PUBLISH_DIR, resolve_loaders
    from .creators import ClipCreator, RenderCreator

    if window == "loader":
        return LoaderController(client, host, resolve_loaders())
    if window == "inventory":
        return InventoryController(client, host, resolve_loaders())
    plugins = discover_publish_plugins(host.name, [PUBLISH_DIR])
    return PublisherController(client, host, plugins, [RenderCreator(), ClipCreator()])


def show(window: str, controller: Any) -> int:
    """Open the Qt view on ``controller`` (``brickyard.core.ui.open_window``) and run this process's event
    loop until the window closes — the window owns this process, so closing it ends it."""
    from brickyard.core import ui

    try:
        ui.open_window(window, controller)
        from qtpy import QtWidgets
    except ImportError as exc:
        raise SystemExit(f"Brickyard: the Qt windows are not available in this Python ({exc}); install them with "
                         f"{sys.executable} -m pip install 'brickyard[qt]'") from None
    app = QtWidgets.QApplication.instance()
    assert isinstance(app, QtWidgets.QApplication)  # open_window made it
    app.setQuitOnLastWindowClosed(True)
    return int(app.exec() or 0)


def can_show_windows(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> bool:
    """Whether a window from this process would be seen: a desktop on macOS and Windows; on Linux, a
    display (none under ssh or on a farm), and never Qt's offscreen or minimal platforms."""
    env = os.environ if env is None else env
    if env.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal"):
        return False
    if platform.startswith("linux"):
        return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return True


def tell(message: str) -> None:
    """Say why no window opens: on stderr, and in a message box when one can be seen. Started from
    Resolve's menu, this process's stderr goes nowhere an artist reads — without the box, a menu entry
    that cannot reach Resolve would silently do nothing."""
    print(f"Brickyard: {message}", file=sys.stderr)
    if not can_show_windows():
        return
    try:
        from qtpy import QtWidgets
    except ImportError:
        return
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    assert app is not None
    QtWidgets.QMessageBox.critical(None, "Brickyard", message)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m brickyard.hosts.resolve.ui",
                                     description="Open a Brickyard window on the running DaVinci Resolve.")
    parser.add_argument("window", choices=WINDOWS)
    args = parser.parse_args(argv)

    from brickyard.core.client import Client
    from brickyard.core.errors import BrickyardError
    from brickyard.core.host_registry import register_host

    from .adapter import ResolveHost
    from .connection import connect

    try:
        host = ResolveHost(connect())
        register_host(host)
        host.context()  # the windows work within the Brickyard project the Resolve project is linked to
        client = Client()
    except BrickyardError as exc:
        tell(exc.message)
        return 2
    with client:
        return show(args.window, build_controller(args.window, client, host))


if __name__ == "__main__":
    sys.exit(main())
