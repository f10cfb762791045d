"""Make a window for a controller (or a host), in whatever QApplication the process has.

Hosts call ``brickyard.core.ui.open_window``; it lands here, where Qt is imported.
"""

from __future__ import annotations

from typing import Any

from qtpy import QtCore, QtWidgets

from ..controllers import InventoryController, LoaderController, PublisherController

CONTROLLERS = {"loader": LoaderController, "publisher": PublisherController, "inventory": InventoryController}


def qt_application() -> QtWidgets.QApplication:
    """The process's QApplication, created when there is none (it then survives its last window)."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication([])
        app.setQuitOnLastWindowClosed(False)
    return app  # type: ignore[return-value]


def build_controller(name: str, host: Any, *, client: Any, loaders: Any = None, plugins: Any = None,
                     creators: Any = None) -> Any:
    """The controller behind window ``name`` for ``host``; registries default to the core's own."""
    if client is None:
        raise TypeError(f"open_window({name!r}, host) needs client=: the window talks to the server through it")
    if name == "publisher":
        from ..publish.creator import FilesCreator
        from ..publish.discovery import discover_publish_plugins

        plugins = plugins if plugins is not None else discover_publish_plugins(host.name)
        return PublisherController(client, host, plugins, creators if creators is not None else [FilesCreator()])
    if loaders is None:
        raise TypeError(f"open_window({name!r}, host) needs loaders=: the host's LoaderRegistry")
    return CONTROLLERS[name](client, host, loaders)


def make_window(name: str, controller: Any, parent: QtWidgets.QWidget | None = None,
                **options: Any) -> QtWidgets.QWidget:
    if name == "loader":
        from .loader_window import LoaderWindow

        return LoaderWindow(controller, parent, **options)
    if name == "publisher":
        from .publisher_window import PublisherWindow

        return PublisherWindow(controller, parent, **options)
    from .inventory_window import InventoryWindow

    return InventoryWindow(controller, parent, **options)


def open_window(name: str, controller_or_host: Any, *, parent: QtWidgets.QWidget | None = None, show: bool = True,
                client: Any = None, loaders: Any = None, plugins: Any = None, creators: Any = None,
                **options: Any) -> QtWidgets.QWidget:
    if name not in CONTROLLERS:
        raise ValueError(f"no Brickyard window {name!r}; choose one of {', '.join(CONTROLLERS)}")
    qt_application()
    controller = controller_or_host
    if not isinstance(controller, tuple(CONTROLLERS.values())):
        if not hasattr(controller, "list_containers"):
            raise TypeError(f"open_window({name!r}, …) takes a {CONTROLLERS[name].__name__} or a host, "
                            f"not {type(controller).__name__}")
        controller = build_controller(name, controller, client=client, loaders=loaders, plugins=plugins,
                                      creators=creators)
    elif not isinstance(controller, CONTROLLERS[name]):
        raise TypeError(f"the {name} window needs a controller of type {CONTROLLERS[name].__name__}, "
                        f"not {type(controller).__name__}")
    window = make_window(name, controller, parent, **options)
    if parent is not None:  # parented for lifetime and stacking, still its own window
        window.setWindowFlags(window.windowFlags() | QtCore.Qt.WindowType.Window)
    if show:
        window.show()
        window.raise_()
    return window
