"""Brickyard's Qt windows (qtpy): the Loader, the Publisher and the Inventory, over the controllers.

Importing this package does not import Qt; ``open_window`` does, on first use. The caller builds the
controller with its client, host and registries (or passes a host and a client, and the controller
is built here), so nothing is looked up in a hidden "current" state.

    >>> from brickyard.core.ui import open_window
    >>> window = open_window("loader", LoaderController(client, host, loaders))
    >>> window = open_window("inventory", host, client=client, loaders=loaders)
"""

from __future__ import annotations

from typing import Any

WINDOWS = ("loader", "publisher", "inventory")


def open_window(name: str, controller_or_host: Any, *, parent: Any = None, show: bool = True,
                **options: Any) -> Any:
    """Build the ``name`` window ("loader", "publisher" or "inventory") and show it; the top-level widget.

    ``controller_or_host`` is a ``LoaderController`` / ``PublisherController`` / ``InventoryController``,
    or a host — then pass ``client=`` (and ``loaders=``, or ``plugins=`` and ``creators=``). A
    QApplication is created when the process has none. See docs/ui.md.
    """
    from .app import open_window as _open

    return _open(name, controller_or_host, parent=parent, show=show, **options)


__all__ = ["WINDOWS", "open_window"]
