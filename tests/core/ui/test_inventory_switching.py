"""The Inventory as artists meet it (issue 18): switch a container to another asset or representation in
place, select it in the scene, and see what it was made from."""

from __future__ import annotations

import pytest
from brickyard.core.container import parse_container
from brickyard.core.controllers import InventoryController, LoaderController
from brickyard.core.reference_host import reference_loaders
from brickyard.core.ui import open_window

from .conftest import WAIT_MS, screenshot, wait_idle, write

pytestmark = pytest.mark.usefixtures("ui_thread_traffic")


@pytest.fixture
def loaded(library, scene, studio, tmp_path):
    sam = studio.client("sam")
    sam.publish("film", "ink_plate", "render", [write(tmp_path / "plate.txt", "made with the LoRA")],
                folder="shots", inputs=["brickyard://film/ai/loras/ink_style?version=1"])
    loading = LoaderController(sam, scene, reference_loaders())  # not the windows' client
    hero = loading.load("brickyard://film/characters/hero?version=1", "txt", "LoadFile").id
    plate = loading.load("brickyard://film/shots/ink_plate?version=1", "txt", "LoadFile").id
    scene.set_node(hero, colour="red")  # what the artist did to it: a switch keeps it
    return {"hero": hero, "plate": plate}


def open_inventory(qtbot, client, scene):
    window = open_window("inventory", InventoryController(client, scene, reference_loaders()), live=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(window.items) > 0, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    return window


def answer(text):
    def choose(dialog) -> bool:
        dialog.setTextValue(text)
        return True
    return choose


def container(scene, container_id):
    return parse_container(scene.read_container(container_id))


def test_made_from_and_select_in_scene(qtbot, library, scene, loaded):
    window = open_inventory(qtbot, library, scene)
    window.tree.select_ids([loaded["plate"]])
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "made from: ai/loras/ink_style v001" in window.switching.made_from.text(),
                    timeout=WAIT_MS)
    window.switching.select_action.trigger()
    qtbot.waitUntil(lambda: scene.selection() == [loaded["plate"]], timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert "Selected 1 in the scene" in window.status_line.label.text()
    screenshot(window, "inventory-made-from")


def test_select_in_scene_names_containers_whose_nodes_were_deleted(qtbot, library, scene, loaded):
    window = open_inventory(qtbot, library, scene)
    window.tree.select_ids([loaded["plate"], loaded["hero"]])
    wait_idle(qtbot, window)
    gone = window.tree.selected_items()[-1]
    scene.remove_node(gone.container_id)  # the artist deleted it by hand since the last refresh
    window.switching.select_action.trigger()
    qtbot.waitUntil(lambda: "not in the scene any more" in window.status_line.label.text(), timeout=WAIT_MS)
    assert gone.name in window.status_line.label.text() and "Selected 1 in the scene" in window.status_line.label.text()
    assert scene.selection() == [i.container_id for i in window.tree.selected_items() if i is not gone]


def test_switch_representation_then_asset_in_place(qtbot, library, scene, loaded):
    window = open_inventory(qtbot, library, scene)
    window.tree.select_ids([loaded["hero"]])
    wait_idle(qtbot, window)
    window.switching.switch_representation_dialog(choose=answer("png"))
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: container(scene, loaded["hero"]).representation == "png", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert scene.node(loaded["hero"])["paths"][0].endswith(".png")
    assert (container(scene, loaded["hero"]).version, scene.node(loaded["hero"])["colour"]) == (1, "red")

    window.tree.select_ids([loaded["hero"]])
    window.switching.switch_asset_dialog(choose=answer("film/props/cup"))  # short form; approved by default
    qtbot.waitUntil(lambda: container(scene, loaded["hero"]).ref.asset == "cup", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    switched = container(scene, loaded["hero"])
    assert (switched.ref.folder, switched.version, switched.representation) == ("props", 1, "txt")
    assert open(scene.node(loaded["hero"])["paths"][0]).read() == "cup"
    assert scene.node(loaded["hero"])["colour"] == "red"
    assert any(o.ok and "now props/cup v001 (txt)" in o.message for o in window.last_outcomes)

    window.tree.select_ids([loaded["plate"]])
    window.switching.switch_representation_dialog(choose=answer("txt"))  # the only one: nothing changes
    window.tree.select_ids([loaded["plate"]])
    wait_idle(qtbot, window)
