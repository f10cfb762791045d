"""The Inventory's right-click menu beyond switching (issue 18): copy the held versions' references, open
the web page of one, download them to a folder, and approve / reject them (supervisors only)."""

from __future__ import annotations

from brickyard.core.controllers import InventoryController, LoaderController
from brickyard.core.reference_host import reference_loaders
from brickyard.core.ui import open_window
from qtpy import QtWidgets

from .conftest import WAIT_MS, wait_idle


def load_two(studio, scene):
    loading = LoaderController(studio.client("sam"), scene, reference_loaders())  # not the windows' client
    hero = loading.load("brickyard://film/characters/hero?version=2", "txt", "LoadFile").id
    cup = loading.load("brickyard://film/props/cup?version=1", "txt", "LoadFile").id
    return hero, cup


def open_inventory(qtbot, client, scene):
    window = open_window("inventory", InventoryController(client, scene, reference_loaders()), live=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(window.items) > 0, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    return window


def test_an_artist_copies_opens_and_downloads_what_the_scene_holds(qtbot, library, studio, scene, tmp_path,
                                                                   ui_thread_traffic):
    hero, cup = load_two(studio, scene)
    window = open_inventory(qtbot, library, scene)
    actions = window.menu_actions
    assert not actions.approve_action.isVisible() and not actions.reject_action.isVisible()  # ana: an artist
    window.tree.select_ids([hero, cup])
    assert actions.copy_action.text() == "Copy references (2)" and not actions.web_action.isEnabled()
    actions.copy_action.trigger()
    assert sorted(QtWidgets.QApplication.clipboard().text().splitlines()) == [
        "brickyard://film/characters/hero?version=2", "brickyard://film/props/cup?version=1"]

    target = tmp_path / "handoff"
    target.mkdir()
    actions.choose = lambda dialog: dialog.selectFile(str(target)) or True
    actions.download_action.trigger()
    qtbot.waitUntil(lambda: len([p for p in target.rglob("*") if p.is_file()]) == 3, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert sorted(p.read_text() for p in target.rglob("*.txt")) == ["cup", "hero v2"]

    window.tree.select_ids([hero])
    opened = []
    actions.open_url = opened.append
    actions.web_action.trigger()
    assert opened == [f"{studio.url}/p/film/asset/characters/hero?v=2"]


def test_a_supervisor_approves_and_rejects_the_versions_held(qtbot, library, studio, scene):
    hero, cup = load_two(studio, scene)
    sam = studio.client("sam")
    window = open_inventory(qtbot, sam, scene)
    actions = window.menu_actions
    qtbot.waitUntil(lambda: actions.approve_action.isVisible(), timeout=WAIT_MS)
    window.tree.select_ids([hero])
    actions.approve_action.trigger()
    qtbot.waitUntil(lambda: library.version("brickyard://film/characters/hero?version=2").status.value
                    == "approved", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    window.tree.select_ids([cup])
    actions.choose = lambda dialog: dialog.setTextValue("wrong scale") or True
    actions.reject_action.trigger()
    qtbot.waitUntil(lambda: library.version("brickyard://film/props/cup?version=1").status.value == "rejected",
                    timeout=WAIT_MS)
    assert library.version("brickyard://film/props/cup?version=1").status_comment == "wrong scale"
    wait_idle(qtbot, window)
