"""Open the Qt Loader, Publisher and Inventory windows inside the editor: parented to Slate, pumped.

The windows themselves are ``brickyard.core.ui``'s; this is the only module that knows how it is
called (``open_window(name, controller)`` returning a top-level widget), so adapting to it is one edit.
A window is shown, then parented to the editor's active window (it stays above the editor and
minimises with it), kept referenced by the session, and re-used when opened again. Qt's events run
from the session's Slate post-tick pump: ``exec()`` would block the editor.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from . import session as editor_session

WINDOWS = ("loader", "publisher", "inventory")


def qt_application() -> Any:
    """The one QApplication (made if needed), told not to quit when its last window closes."""
    from qtpy import QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    if isinstance(app, QtWidgets.QApplication):
        app.setQuitOnLastWindowClosed(False)
    return app


def core_window_opener() -> Callable[[str, Any], Any]:
    """``brickyard.core.ui.open_window`` (imported by name: the Qt package is optional in the editor)."""
    ui = importlib.import_module("brickyard.core.ui")
    opener: Callable[[str, Any], Any] = ui.open_window
    return opener


def open_window(name: str, *, session: editor_session.EditorSession | None = None,
                opener: Callable[[str, Any], Any] | None = None,
                app_factory: Callable[[], Any] = qt_application) -> Any:
    """Show the ``name`` window (``loader``, ``publisher``, ``inventory``) parented to the editor."""
    import unreal

    if name not in WINDOWS:
        raise ValueError(f"no Brickyard window {name!r}; choose one of {', '.join(WINDOWS)}")
    session = session or editor_session.current()
    existing = session.windows.get(name)
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    if session.pump.qt_app is None:
        session.pump.qt_app = app_factory()
    window = (opener or core_window_opener())(name, session.controller(name))
    window.show()  # a native handle exists only once shown
    unreal.parent_external_window_to_slate(int(window.winId()), unreal.SlateParentWindowSearchMethod.ACTIVE_WINDOW)
    session.windows[name] = window
    return window


def open_from_menu(name: str) -> None:
    """What a menu entry runs: a failure becomes one line in the Output Log, never a traceback."""
    import unreal

    try:
        open_window(name)
    except ImportError as exc:
        unreal.log_error(f"Brickyard: the {name} window needs Qt and Brickyard's windows ({exc.name or exc} is "
                         "missing); install PySide6 and qtpy into the editor's Python")
    except Exception as exc:  # shown to the artist, not raised into the editor
        message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        unreal.log_error(f"Brickyard: could not open the {name} window: {message}")
