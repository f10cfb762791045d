"""``brickyard.core.ui.open_window``: what host menus call; Qt only when a window opens."""

from __future__ import annotations

import subprocess
import sys

import pytest
from brickyard.core.controllers import InventoryController, LoaderController, PublisherController
from brickyard.core.reference_host import reference_loaders
from brickyard.core.ui import open_window
from brickyard.core.ui.inventory_window import InventoryWindow
from brickyard.core.ui.loader_window import LoaderWindow
from brickyard.core.ui.publisher_window import PublisherWindow
from qtpy import QtWidgets

from .conftest import wait_idle


def test_importing_the_core_or_the_ui_package_does_not_import_qt():
    code = ("import sys, brickyard.core, brickyard.core.ui, brickyard.core.controllers; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('qtpy', 'PySide6', 'PyQt5', 'PyQt6')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_open_window_takes_a_controller_or_a_host(qtbot, library, scene):
    loaders = reference_loaders()
    loader = open_window("loader", LoaderController(library, scene, loaders))
    inventory = open_window("inventory", scene, client=library, loaders=loaders, live=False, show=False)
    publisher = open_window("publisher", scene, client=library)
    for window in (loader, inventory, publisher):
        qtbot.addWidget(window)
    assert isinstance(loader, LoaderWindow) and loader.isVisible()
    assert isinstance(inventory, InventoryWindow) and not inventory.isVisible()
    assert isinstance(publisher, PublisherWindow) and isinstance(publisher.controller, PublisherController)
    assert isinstance(inventory.controller, InventoryController) and inventory.controller.host is scene
    wait_idle(qtbot, loader, inventory, publisher)


def test_a_parent_keeps_the_window_a_window(qtbot, library, scene):
    parent = QtWidgets.QMainWindow()
    qtbot.addWidget(parent)
    window = open_window("loader", LoaderController(library, scene, reference_loaders()), parent=parent)
    assert window.parent() is parent and window.isWindow()
    wait_idle(qtbot, window)


def test_open_window_names_what_is_wrong(qapp, library, scene):
    controller = LoaderController(library, scene, reference_loaders())
    with pytest.raises(ValueError, match="choose one of loader, publisher, inventory"):
        open_window("browser", controller)
    with pytest.raises(TypeError, match="needs a controller of type InventoryController, not LoaderController"):
        open_window("inventory", controller)
    with pytest.raises(TypeError, match="needs client="):
        open_window("inventory", scene)
    with pytest.raises(TypeError, match="takes a LoaderController or a host"):
        open_window("loader", "scene.json")
