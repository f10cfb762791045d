"""The Inventory window against a real server and the reference host: states, filter, update, set, remove, live."""

from __future__ import annotations

import pytest
from brickyard.core.controllers import InventoryController, LoaderController
from brickyard.core.reference_host import reference_loaders
from brickyard.core.ui import open_window
from brickyard.core.ui.colours import STATE_COLOURS
from brickyard.core.ui.widgets.inventory_tree import ITEM_ROLE
from qtpy import QtCore, QtWidgets

from tests.support.studio import watch

from .conftest import WAIT_MS, screenshot, wait_idle, write

pytestmark = pytest.mark.usefixtures("ui_thread_traffic")  # no window sends a request from the UI thread


@pytest.fixture
def loaded(library, scene, studio):
    """hero v1 (outdated) and v3 (newest, wip), cup v1 (approved), villain v1 (wip), a missing and an unreadable one."""
    loading = LoaderController(studio.client("ana"), scene, reference_loaders())  # not the windows' client
    ids = {
        "hero_old": loading.load("brickyard://film/characters/hero?version=1", "txt", "LoadFile").id,
        "hero_new": loading.load("brickyard://film/characters/hero?version=3", "png", "LoadFile").id,
        "cup": loading.load("brickyard://film/props/cup?version=1", "txt", "LoadFile").id,
        "villain": loading.load("brickyard://film/characters/villain?version=1", "txt", "LoadFile").id,
    }
    gone = dict(scene.read_container(ids["villain"]), id="gone", name="ghost",
                reference="brickyard://film/characters/ghost?version=1&representation=txt")
    scene.write_container(gone)
    scene.write_container({"schema": "brickyard/container/7", "id": "future", "name": "from a newer Brickyard"})
    return ids


def open_inventory(qtbot, client, scene, **options):
    window = open_window("inventory", InventoryController(client, scene, reference_loaders()), **options)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(window.items) > 0, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    return window


def state_of(window, container_id: str) -> tuple[str, str]:
    row = window.tree.row_of(container_id)
    return row.text(1), row.text(7)


def test_states_colours_and_filter(qtbot, library, scene, loaded):
    traffic = watch(library)
    window = open_inventory(qtbot, library, scene, live=False)
    assert traffic.count("POST", "/api/v1/resolve") == 1  # one request for every container
    assert state_of(window, loaded["hero_old"]) == ("v001", "outdated")
    assert state_of(window, loaded["hero_new"]) == ("v003", "not approved")
    assert state_of(window, loaded["cup"]) == ("v001", "up to date")
    assert state_of(window, "gone") == ("v001", "missing")
    assert state_of(window, "future")[1] == "unreadable"
    assert "newer than this Brickyard" in window.tree.row_of("future").toolTip(0)
    colours = {key: window.tree.row_of(cid).foreground(7).color().name()
                for key, cid in (("outdated", loaded["hero_old"]), ("not_approved", loaded["hero_new"]),
                                 ("missing", "gone"), ("current", loaded["cup"]))}
    assert colours == {state: STATE_COLOURS[state] for state in colours}
    assert len(set(colours.values())) == 4  # each state its own colour
    groups = {window.tree.topLevelItem(i).text(0): [window.tree.topLevelItem(i).child(j).data(0, ITEM_ROLE).container_id
                                                    for j in range(window.tree.topLevelItem(i).childCount())]
              for i in range(window.tree.topLevelItemCount())}
    assert sorted(groups["characters/hero  (2)"]) == sorted([loaded["hero_old"], loaded["hero_new"]])
    assert len(groups) == 5 and groups["props/cup  (1)"] == [loaded["cup"]]
    hero_group = window.tree.row_of(loaded["hero_old"]).parent()
    assert (hero_group.text(3), hero_group.text(4), hero_group.text(7)) == ("v003", "v001", "outdated")  # its worst
    assert window.summary.text().startswith("6 loaded")
    window.tree.select_ids([loaded["cup"]])
    screenshot(window, "inventory")

    window.only_outdated.setChecked(True)
    assert [i.container_id for i in window.tree.visible_items()] == [loaded["hero_old"]]
    window.only_outdated.setChecked(False)
    window.filter.setText("cup")
    assert [i.container_id for i in window.tree.visible_items()] == [loaded["cup"]]


def test_what_a_loader_notes_on_an_update_stays_in_the_window(qtbot, library, scene, loaded):
    from brickyard.core.load import LoaderRegistry
    from brickyard.core.reference_host.loaders.load_file import LoadFile as PlainLoadFile

    class LoadFile(PlainLoadFile):  # same name: the containers name their loader
        def update(self, container, context):
            context.note("kept T_hero_old: used by M_villain; repoint it, then update again")
            return super().update(container, context)

    controller = InventoryController(library, scene, LoaderRegistry("reference", loaders=[LoadFile]))
    window = open_window("inventory", controller, live=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(window.items) > 0, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    window.tree.select_ids([loaded["hero_old"]])
    window.to_latest.trigger()
    qtbot.waitUntil(lambda: state_of(window, loaded["hero_old"])[0] == "v003", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert window.status_line.error_text == \
        "hero_txt: kept T_hero_old: used by M_villain; repoint it, then update again"


def test_update_selected_all_and_set_version(qtbot, library, scene, loaded):
    window = open_inventory(qtbot, library, scene, live=False)
    window.tree.select_ids([loaded["hero_old"]])
    assert window.update_selected_button.isEnabled()
    window.to_latest.trigger()
    qtbot.waitUntil(lambda: state_of(window, loaded["hero_old"])[0] == "v003", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert scene.node(loaded["hero_old"])["paths"][0].endswith("hero_v003.txt")

    window.all_to_approved.trigger()  # every container whose asset has an approved version elsewhere
    qtbot.waitUntil(lambda: state_of(window, loaded["hero_new"])[0] == "v001", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert state_of(window, loaded["hero_old"]) == ("v001", "outdated")
    assert state_of(window, loaded["cup"]) == ("v001", "up to date")

    window.tree.select_ids([loaded["hero_old"], loaded["hero_new"]])

    def choose(dialog):
        labels = [dialog.combo.itemText(i) for i in range(dialog.combo.count())]
        assert labels == ["v003 · wip · latest", "v002 · review", "v001 · approved · latest approved · in scene"]
        assert dialog.combo.itemData(2, QtCore.Qt.ItemDataRole.FontRole).bold()  # approved stands out
        dialog.combo.setCurrentIndex(1)
        return True

    window.set_version_dialog(choose=choose)
    qtbot.waitUntil(lambda: state_of(window, loaded["hero_new"])[0] == "v002", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert state_of(window, loaded["hero_old"])[0] == "v002"
    assert all(o.ok for o in window.last_outcomes)

    window.all_to_latest.trigger()  # every outdated container to its asset's latest
    qtbot.waitUntil(lambda: state_of(window, loaded["hero_old"])[0] == "v003", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert state_of(window, loaded["hero_new"]) == ("v003", "not approved")
    assert state_of(window, loaded["cup"]) == ("v001", "up to date")  # not outdated: left alone

    window.tree.select_ids([loaded["hero_new"]])
    window.to_approved.trigger()  # the selected one only, to the latest approved
    qtbot.waitUntil(lambda: state_of(window, loaded["hero_new"])[0] == "v001", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert state_of(window, loaded["hero_old"])[0] == "v003"


def test_set_version_needs_one_asset_and_failures_are_reported(qtbot, library, scene, loaded):
    window = open_inventory(qtbot, library, scene, live=False)
    window.tree.select_ids([loaded["hero_old"], loaded["cup"]])
    window.set_version_dialog(choose=lambda dialog: True)
    assert "containers of one asset" in window.status_line.error_text

    window.status_line.clear_error()
    window.tree.select_ids(["gone", loaded["cup"]])
    window.to_latest.trigger()
    qtbot.waitUntil(lambda: bool(window.status_line.error_text), timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert window.status_line.error_text.startswith("ghost: ")
    assert [o.ok for o in sorted(window.last_outcomes, key=lambda o: o.container_id)] == [True, False]


def test_remove_asks_then_removes(qtbot, library, scene, loaded):
    window = open_inventory(qtbot, library, scene, live=False)
    window.tree.select_ids([loaded["villain"]])

    def answer_yes():
        box = QtWidgets.QApplication.activeModalWidget()
        box.button(QtWidgets.QMessageBox.StandardButton.Yes).click()

    QtCore.QTimer.singleShot(0, answer_yes)
    window.remove_button.click()
    qtbot.waitUntil(lambda: window.tree.row_of(loaded["villain"]) is None, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert scene.read_container(loaded["villain"]) is None and loaded["villain"] not in scene.nodes()


def test_live_refresh_when_a_new_version_is_published(qtbot, library, scene, loaded, studio, tmp_path):
    window = open_inventory(qtbot, library, scene)
    qtbot.waitUntil(lambda: window.live_label.text() == "● live", timeout=WAIT_MS)
    assert window.tree.row_of(loaded["cup"]).text(3) == "v001"

    studio.client("sam").publish("film", "cup", "model", {"txt": [write(tmp_path / "cup2.txt", "cup 2")]},
                                 folder="props")
    qtbot.waitUntil(lambda: window.tree.row_of(loaded["cup"]).text(3) == "v002", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert state_of(window, loaded["cup"]) == ("v001", "outdated")
    assert "props/cup: v002 was published by sam" in window.status_line.label.text() or \
        window.status_line.label.text() == "Up to date with the server"

    studio.client("sam").set_status("brickyard://film/props/cup?version=2", "approved")  # a status change, too
    qtbot.waitUntil(lambda: window.tree.row_of(loaded["cup"]).text(4) == "v002", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    window.close()
    qtbot.waitUntil(lambda: not window.live.running, timeout=WAIT_MS)  # the feed's thread ended with the window
