"""A dead, stopped or silent server: the window says so in words a user can act on, and never freezes."""

from __future__ import annotations

import socket
import threading

import pytest
from brickyard.core.client import Client
from brickyard.core.controllers import InventoryController, LoaderController, PublisherController
from brickyard.core.publish import FilesCreator, discover_publish_plugins
from brickyard.core.reference_host import reference_loaders
from brickyard.core.ui import open_window
from brickyard.core.ui.workers import thread_pool
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


class SilentServer:
    """Accepts connections and reads what is asked, never answers; ``close`` drops every connection."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.asked: list[str] = []  # request lines ("GET /api/v1/projects HTTP/1.1")
        self.connections: list[socket.socket] = []
        self.closed = False
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                if self.closed:
                    _drop(connection)
                    return
                self.connections.append(connection)
            threading.Thread(target=self._read, args=(connection,), daemon=True).start()

    def _read(self, connection):
        while True:
            try:
                data = connection.recv(65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.asked += [line.split(" ?")[0] for line in data.decode("latin-1").split("\r\n")
                               if line.endswith(" HTTP/1.1")]

    def asked_for(self, fragment: str) -> bool:
        with self._lock:
            return any(fragment in line for line in self.asked)

    def close(self):
        with self._lock:
            self.closed = True
            for connection in self.connections:
                _drop(connection)
        self.listener.close()


def _drop(connection: socket.socket) -> None:
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    connection.close()


def test_dead_server_shows_an_error_and_the_ui_keeps_running(qtbot, offline_client, scene):
    window = open_window("loader", LoaderController(offline_client, scene, reference_loaders()))
    qtbot.addWidget(window)
    assert window.status_line.error_text == ""  # the window is up before the server is asked anything
    qtbot.waitUntil(lambda: window.status_line.error_text != "", timeout=WAIT_MS)
    text = window.status_line.error_text
    assert "could not be reached" in text and offline_client.url in text and "Press Retry" in text
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
    window.refresh_button.click()
    assert window.status_line.error_text == ""  # the click returned before the server was asked
    qtbot.waitUntil(lambda: window.status_line.error_text != "", timeout=WAIT_MS)
    assert "could not be reached" in window.status_line.error_text
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
    window = open_window("inventory", InventoryController(client, scene, reference_loaders()), live=False)
    qtbot.addWidget(window)
    scene.write_container({"schema": "brickyard/container/1", "id": "c1", "asset_id": 1, "version_id": 1,
                           "reference": "brickyard://film/props/cup?version=1&representation=txt",
                           "representation": "txt", "loader": "LoadFile", "name": "cup_txt"})
    window.refresh()
    assert window.status_line.error_text == ""  # refresh returned at once; the worker waits for the timeout
    qtbot.waitUntil(lambda: "did not answer in time" in window.status_line.error_text, timeout=WAIT_MS)
    assert window.status_line.retry_button.isVisibleTo(window)
    wait_idle(qtbot, window)
    client.close()


def test_a_server_that_never_answers_freezes_no_window(qtbot, scene, tmp_path):
    """Every window opens, keeps drawing and takes input while each of its requests hangs; when the
    server then drops the connections, each says so in words with what to do."""
    server = SilentServer()
    client = Client(server.url, "byt_token", retries=0, timeout=2 * WAIT_MS / 1000, cache_dir=tmp_path / "cache",
                    library=tmp_path / "library", config_path=tmp_path / "none.json")
    scene.write_container({"schema": "brickyard/container/1", "id": "c1", "asset_id": 1, "version_id": 1,
                           "reference": "brickyard://film/props/cup?version=1&representation=txt",
                           "representation": "txt", "loader": "LoadFile", "name": "cup_txt"})
    ticker = Ticker()
    try:
        loader = open_window("loader", LoaderController(client, scene, reference_loaders()))
        publisher = open_window("publisher", PublisherController(client, scene, discover_publish_plugins(scene.name),
                                                                 [FilesCreator()]))
        inventory = open_window("inventory", InventoryController(client, scene, reference_loaders()))
        windows = (loader, publisher, inventory)
        for window in windows:
            qtbot.addWidget(window)
        qtbot.waitUntil(lambda: all(server.asked_for(path) for path in (
            "GET /api/v1/projects", "GET /api/v1/projects/film", "POST /api/v1/resolve")), timeout=WAIT_MS)

        # every window is waiting on the server, and the UI thread runs its timers and takes input meanwhile
        assert all(window.jobs.pending() for window in windows)
        # no window's scene work waits behind a hung request: the host's lane is free for the others
        qtbot.waitUntil(lambda: not any(window.jobs.working for window in windows), timeout=WAIT_MS)
        ticks = ticker.ticks
        qtbot.waitUntil(lambda: ticker.ticks >= ticks + 5, timeout=WAIT_MS)
        qtbot.keyClicks(loader.search, "hero")
        inventory.only_outdated.click()
        loader.refresh_button.click()  # asks again, in a worker: the click returns at once
        assert loader.search.text() == "hero" and inventory.only_outdated.isChecked()
        assert all(window.jobs.pending() for window in windows)  # still nothing from the server
        assert all(window.status_line.error_text == "" for window in windows)

        server.close()  # the server goes away: each window says so, and offers Retry where it can
        for window in windows:
            qtbot.waitUntil(lambda w=window: w.status_line.error_text != "", timeout=WAIT_MS)
            text = window.status_line.error_text
            assert server.url in text and "Traceback" not in text
            if window.status_line.retry_button.isVisibleTo(window):
                assert "Press Retry" in text
            else:
                assert "Retry" not in text, text
        assert loader.status_line.retry_button.isVisibleTo(loader)
        assert inventory.status_line.retry_button.isVisibleTo(inventory)
        screenshot(publisher, "publisher-server-gone")
        wait_idle(qtbot, *windows)
        for window in windows:
            window.close()
    finally:
        server.close()
        qtbot.waitUntil(lambda: thread_pool().activeThreadCount() == 0, timeout=WAIT_MS)
        client.close()
