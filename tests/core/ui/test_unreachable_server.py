"""A dead, stopped or silent server: the window says so in words a user can act on, and never freezes."""

from __future__ import annotations

import socket

import pytest
from brickyard.core.client import Client
from brickyard.core.controllers import InventoryController, LoaderController
from brickyard.core.reference_host import reference_loaders
from brickyard.core.ui import open_window
from qtpy import QtCore

from tests.support.server import free_port

from .conftest import WAIT_MS, screenshot, wait_idle


class Ticker:
    """A QTimer on the UI thread: it only ticks while the UI thread is free to run events."""

    def __init__(self):
        self.ticks = 0
        self.timer = QtCore.QTimer(interval=20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self):
        self.ticks += 1


@pytest.fixture
def offline_client(tmp_path):
    client = Client(f"http://127.0.0.1:{free_port()}", "byt_token", retries=2, timeout=5,
                    cache_dir=tmp_path / "cache", library=tmp_path / "library", config_path=tmp_path / "none.json")
    yield client
    client.close()


@pytest.fixture
def silent_server():
    """A socket that accepts connections and never answers: a hung server."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_dead_server_shows_an_error_and_the_ui_keeps_running(qtbot, offline_client, scene):
    ticker = Ticker()
    window = open_window("loader", LoaderController(offline_client, scene, reference_loaders()))
    qtbot.addWidget(window)
    assert window.status_line.error_text == ""  # the window is up before the server is asked anything
    qtbot.waitUntil(lambda: window.status_line.error_text != "", timeout=WAIT_MS)
    text = window.status_line.error_text
    assert "could not be reached" in text and offline_client.url in text and "Retry" in text
    assert ticker.ticks > 0  # the UI thread kept running its timers while the worker waited on the network
    assert window.status_line.retry_button.isVisible()
    screenshot(window, "loader-server-down")
    wait_idle(qtbot, window)


def test_server_stopped_mid_way_then_back(qtbot, library, scene, sqlite_server):
    LoaderController(library, scene, reference_loaders()).load("brickyard://film/props/cup?version=1", "txt",
                                                                 "LoadFile")
    window = open_window("inventory", InventoryController(library, scene, reference_loaders()), live=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(window.items) == 1, timeout=WAIT_MS)
    wait_idle(qtbot, window)

    sqlite_server.stop()
    ticker = Ticker()
    window.refresh_button.click()
    qtbot.waitUntil(lambda: window.status_line.error_text != "", timeout=WAIT_MS)
    assert "could not be reached" in window.status_line.error_text
    assert ticker.ticks > 0
    assert window.tree.row_of(window.items[0].container_id) is not None  # what it showed is still there
    wait_idle(qtbot, window)

    sqlite_server.start()
    window.status_line.retry_button.click()
    qtbot.waitUntil(lambda: window.status_line.error_text == "", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert window.status_line.label.text() == "Up to date with the server"


def test_silent_server_times_out_without_freezing(qtbot, silent_server, scene, tmp_path):
    client = Client(silent_server, "byt_token", retries=0, timeout=1, cache_dir=tmp_path / "cache",
                    library=tmp_path / "library", config_path=tmp_path / "none.json")
    ticker = Ticker()
    window = open_window("inventory", InventoryController(client, scene, reference_loaders()), live=False)
    qtbot.addWidget(window)
    scene.write_container({"schema": "brickyard/container/1", "id": "c1", "asset_id": 1, "version_id": 1,
                           "reference": "brickyard://film/props/cup?version=1&representation=txt",
                           "representation": "txt", "loader": "LoadFile", "name": "cup_txt"})
    window.refresh()
    qtbot.waitUntil(lambda: "did not answer in time" in window.status_line.error_text, timeout=WAIT_MS)
    assert ticker.ticks > 0
    wait_idle(qtbot, window)
    client.close()
