"""The Loader window against a real server and the reference host: browse, filter, pick, load."""

from __future__ import annotations

from typing import Literal

import pytest
from brickyard.core.controllers import LoaderController
from brickyard.core.load import Loader
from brickyard.core.load.registry import LoaderRegistry
from brickyard.core.reference_host import LOADERS_DIR, reference_loaders
from brickyard.core.ui import open_window
from pydantic import BaseModel
from qtpy import QtCore

from tests.support.studio import watch

from .conftest import WAIT_MS, screenshot, thumbnail_png, wait_idle, write

pytestmark = pytest.mark.usefixtures("ui_thread_traffic")  # no window sends a request from the UI thread


class LoadFileTagged(Loader):
    """A loader with options, declared here for the options form."""

    label = "Load file with a colour space"
    hosts = ["reference"]

    class Options(BaseModel):
        colour_space: Literal["sRGB", "ACEScg", "raw"] = "sRGB"
        frame_offset: int = 0
        locked: bool = False

    def load(self, context):
        name = f"{context.version.asset}_tagged"
        self.host.add_node(context.container_id, name, [str(p) for p in context.paths],
                           **context.options.model_dump())
        return context.make_container(name=name)


def open_loader(qtbot, client, scene, loaders=None, **options):
    window = open_window("loader", LoaderController(client, scene, loaders or reference_loaders()), **options)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.asset_list.topLevelItemCount() > 0, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    return window


def pick(qtbot, window, asset: str, versions: int) -> None:
    assert window.asset_list.select(asset)
    qtbot.waitUntil(lambda: window.panel.version_combo.count() == versions, timeout=WAIT_MS)
    wait_idle(qtbot, window)


def shown(qtbot, window) -> list[str]:
    wait_idle(qtbot, window)
    return sorted(window.asset_list.names())


def test_filters_narrow_the_list_with_one_request_each(qtbot, library, scene):
    window = open_loader(qtbot, library, scene)
    assert window.current_project() == "film"
    assert shown(qtbot, window) == ["cup", "forest", "hero", "ink_style", "villain"]
    traffic = watch(library)

    window.kind_combo.setCurrentIndex(window.kind_combo.findData("rig"))
    assert shown(qtbot, window) == ["villain"]
    assert traffic.count("GET", "/api/v1/projects/film/assets") == 1
    window.kind_combo.setCurrentIndex(0)
    window.status_combo.setCurrentIndex(window.status_combo.findData("approved"))
    assert shown(qtbot, window) == ["cup"]
    window.status_combo.setCurrentIndex(0)
    qtbot.keyClicks(window.search, "her")
    qtbot.waitUntil(lambda: window.asset_list.names() == ["hero"], timeout=WAIT_MS)
    window.search.clear()
    window.tag_combo.setEditText("kitchen")
    window.tag_combo.lineEdit().editingFinished.emit()
    qtbot.waitUntil(lambda: window.asset_list.names() == ["cup"], timeout=WAIT_MS)
    window.tag_combo.setEditText("")
    window.tag_combo.lineEdit().editingFinished.emit()
    qtbot.waitUntil(lambda: len(window.asset_list.names()) == 5, timeout=WAIT_MS)

    characters = window.folder_tree.findItems("characters", QtCore.Qt.MatchFlag.MatchStartsWith
                                              | QtCore.Qt.MatchFlag.MatchRecursive)[0]
    traffic.clear()
    window.folder_tree.setCurrentItem(characters)
    assert shown(qtbot, window) == ["hero", "villain"]
    assert traffic.count("GET", "/api/v1/projects/film/assets") == 1  # one listing for one click


def test_version_picker_defaults_to_latest_approved_and_marks_statuses(qtbot, library, scene):
    window = open_loader(qtbot, library, scene)
    pick(qtbot, window, "hero", 3)
    combo = window.panel.version_combo
    assert window.panel.current_version().number == 1  # the latest approved, not the newest (v3 wip)
    assert [combo.itemText(i) for i in range(3)] == ["v003 · wip · latest", "v002 · review",
                                                     "v001 · approved · latest approved"]
    assert combo.itemData(2, QtCore.Qt.ItemDataRole.FontRole).bold()
    qtbot.waitUntil(lambda: window.panel.loader_combo.count() == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.thumbnails.pending() == 0 and window.panel.thumbnail.pixmap() is not None
                    and not window.panel.thumbnail.pixmap().isNull(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.asset_list._rows[window.asset_list.selected_asset().id]
                    .icon(0).pixmap(40, 40).toImage().pixelColor(20, 20).name() == "#d9dce1", timeout=WAIT_MS)
    screenshot(window, "loader-browse")

    newest = open_loader(qtbot, library, scene, version_default="latest")
    pick(qtbot, newest, "hero", 3)
    assert newest.panel.current_version().number == 3


def test_load_marks_the_asset_in_scene(qtbot, library, scene):
    window = open_loader(qtbot, library, scene)
    pick(qtbot, window, "hero", 3)
    assert window.panel.select_version(2)
    rows = window.panel.representations
    rows.setCurrentRow([rows.item(i).data(QtCore.Qt.ItemDataRole.UserRole) for i in range(rows.count())].index("png"))
    qtbot.waitUntil(lambda: window.panel.loader_combo.count() == 1 and window.panel.load_button.isEnabled(),
                    timeout=WAIT_MS)
    qtbot.mouseClick(window.panel.load_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Loaded hero v002 (png)" in window.status_line.label.text(), timeout=WAIT_MS)
    wait_idle(qtbot, window)

    [container] = scene.list_containers()
    assert container["reference"] == "brickyard://film/characters/hero?version=2&representation=png"
    assert window.asset_list.currentItem().text(5) == "●"
    pick(qtbot, window, "villain", 1)
    pick(qtbot, window, "hero", 3)
    assert window.panel.version_combo.itemText(1) == "v002 · review · in scene"
    screenshot(window, "loader-loaded")


def test_loader_options_form_reaches_the_loader(qtbot, library, scene):
    loaders = LoaderRegistry("reference", [LOADERS_DIR], loaders=[LoadFileTagged])
    window = open_loader(qtbot, library, scene, loaders=loaders)
    pick(qtbot, window, "ink_style", 1)
    panel = window.panel
    qtbot.waitUntil(lambda: panel.loader_combo.count() == 2, timeout=WAIT_MS)
    panel.loader_combo.setCurrentIndex(panel.loader_combo.findData("LoadFileTagged"))
    panel.options.editor("colour_space").setCurrentText("ACEScg")
    panel.options.editor("frame_offset").setValue(1001)
    panel.options.editor("locked").setChecked(True)
    screenshot(window, "loader-options")
    qtbot.mouseClick(panel.load_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(scene.list_containers()) == 1, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    node = scene.node(scene.list_containers()[0]["id"])
    assert (node["colour_space"], node["frame_offset"], node["locked"]) == ("ACEScg", 1001, True)


def test_thumbnails_are_fetched_for_the_rows_on_screen_only(qtbot, library, scene, studio, tmp_path):
    ana = studio.client("ana")  # not the window's client
    for n in range(12):
        ana.publish("film", f"prop_{n:02d}", "model", {"txt": [write(tmp_path / f"prop_{n}.txt", str(n))]},
                    folder="props", thumbnail=thumbnail_png(tmp_path / f"thumb_{n}.png", f"#{40 + 15 * n:02x}6080",
                                                            f"{n}"))
    window = open_window("loader", LoaderController(library, scene, reference_loaders()), show=False)
    qtbot.addWidget(window)
    asked: list[str] = []
    request = window.thumbnails.request

    def recording(sha256):
        asked.append(sha256)
        return request(sha256)

    window.thumbnails.request = recording  # before the first answer comes in: nothing was asked yet
    window.resize(1180, window.minimumSizeHint().height())
    window.show()
    qtbot.waitUntil(lambda: len(window.asset_list.names()) == 17 and bool(asked), timeout=WAIT_MS)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.thumbnails.pending() == 0, timeout=WAIT_MS)
    on_screen = window.asset_list.visible_thumbnails()
    assert set(asked) == set(on_screen) and 0 < len(on_screen) < 16  # 16 assets have one; the rest wait

    window.asset_list.scrollToBottom()
    last = window.asset_list.topLevelItem(16).data(0, QtCore.Qt.ItemDataRole.UserRole)
    assert last.name == "villain"
    qtbot.waitUntil(lambda: window.thumbnails.pending() == 0 and len(set(asked)) > len(on_screen), timeout=WAIT_MS)
    assert set(asked) == set(on_screen) | set(window.asset_list.visible_thumbnails())
    icon = window.asset_list.topLevelItem(16).icon(0).pixmap(40, 40).toImage()
    assert icon.pixelColor(3, 3).name() != "#d9dce1"  # villain's own image, not the grey placeholder


def test_project_picker_switches_the_tree_the_kinds_and_the_list(qtbot, library, scene, studio, tmp_path):
    admin = studio.client("admin")
    admin.create_project("ads", "Commercials")
    admin.add_member("ads", "ana", "artist")
    studio.client("ana").publish("ads", "bottle", "model", {"txt": [write(tmp_path / "bottle.txt", "b")]},
                                 folder="packshots")
    window = open_loader(qtbot, library, scene)
    combo = window.project_combo
    assert sorted(combo.itemData(i) for i in range(combo.count())) == ["ads", "film"]
    assert window.current_project() == "film"  # the scene's project first

    combo.setCurrentIndex(combo.findData("ads"))
    qtbot.waitUntil(lambda: window.asset_list.names() == ["bottle"], timeout=WAIT_MS)
    wait_idle(qtbot, window)
    tree = window.folder_tree
    assert [tree.topLevelItem(0).child(i).text(0) for i in range(tree.topLevelItem(0).childCount())] == [
        "packshots (1)"]
    assert window.kind_combo.findData("lora") >= 0  # the kinds filter is filled from the picked project


def test_an_approval_elsewhere_reaches_the_open_loader_live(qtbot, library, scene, studio):
    """A supervisor approves (from the web app, the CLI — here the API); the artist's open Loader follows
    the event stream: the picker re-lists the versions and starts on the newly approved one, no click."""
    window = open_loader(qtbot, library, scene)
    pick(qtbot, window, "hero", 3)
    assert window.panel.current_version().number == 1  # the latest approved so far
    qtbot.waitUntil(lambda: window.live is not None and window.live.running, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    sam = studio.client("sam")
    sam.set_status("brickyard://film/characters/hero?version=2", "approved", comment="approved from the browser")
    qtbot.waitUntil(lambda: window.panel.current_version() is not None
                    and window.panel.current_version().number == 2, timeout=WAIT_MS)
    assert window.panel.current_version().status.value == "approved"
    screenshot(window, "loader-live-approval")
