"""The window process: the controller for each window, and the Qt view run until it is closed."""

from __future__ import annotations

import importlib.util
import os

import pytest
from brickyard.core.controllers import LoaderController, PublisherController
from brickyard.core.load import load
from brickyard.hosts.resolve.ui import build_controller, show

from .conftest import media


def test_each_window_gets_its_controller_with_resolves_loaders_and_creators(host, studio):
    client = studio.client("ana")
    loader = build_controller("loader", client, host)
    publisher = build_controller("publisher", client, host)
    assert isinstance(loader, LoaderController) and isinstance(publisher, PublisherController)
    assert {c.name() for c in loader.loaders.all()} == {"AppendToTimeline", "ImportMedia", "OpenTimeline"}
    assert [c.identifier for c in publisher.creators()] == ["RenderCreator", "ClipCreator"]
    assert "ExtractRender" in [p.__name__ for p in publisher.session.plugins.plugins]


@pytest.mark.skipif(importlib.util.find_spec("qtpy") is None, reason="Qt comes with the qt extra")
def test_the_inventory_window_opens_on_the_resolve_host_and_the_process_ends_when_it_closes(host, studio, tmp_path,
                                                                                            monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    from qtpy import QtCore, QtWidgets

    client = studio.client("ana")
    version = client.publish("film", "plate", "video", {"mov": [media(tmp_path / "p.mov")]}, folder="plates")
    host.set_context(project="film")
    controller = build_controller("inventory", client, host)
    load(client, host, controller.loaders.get("ImportMedia"), version, "mov")
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    shown = []

    def close_when_shown():
        shown.extend(w.windowTitle() for w in app.topLevelWidgets() if w.isVisible())
        app.closeAllWindows()

    QtCore.QTimer.singleShot(200, close_when_shown)
    try:
        assert show("inventory", controller) == 0
    finally:
        app.setQuitOnLastWindowClosed(False)  # the process's QApplication is shared with later tests
    assert any("Inventory" in title for title in shown), shown
