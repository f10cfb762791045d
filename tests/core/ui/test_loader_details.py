"""The Loader as artists meet it (issue 18): whole names at the default size, what a version is
(metadata, tags, frames, status note, lineage), multi-select with a context menu, and a supervisor's
approve / reject."""

from __future__ import annotations

import pytest
from brickyard.core.controllers import LoaderController
from brickyard.core.reference_host import reference_loaders
from brickyard.core.ui import open_window
from brickyard.core.ui.widgets.asset_list import ICON_SIZE
from qtpy import QtCore, QtWidgets

from .conftest import WAIT_MS, screenshot, wait_idle, write


def open_loader(qtbot, client, scene):
    window = open_window("loader", LoaderController(client, scene, reference_loaders()))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.asset_list.topLevelItemCount() > 0, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    return window


def pick(qtbot, window, asset: str) -> None:
    assert window.asset_list.select(asset)
    qtbot.waitUntil(lambda: window.panel.version_combo.count() > 0, timeout=WAIT_MS)
    wait_idle(qtbot, window)


@pytest.fixture
def long_names(library, studio, tmp_path):
    """A long asset name, a 12-frame sequence made from the LoRA, and a long project name."""
    frames = [write(tmp_path / "seq" / f"plate.{n}.png", f"frame {n}") for n in range(1001, 1013)]
    library.publish("film", "hero_robot_walk_cycle_turntable", "render", frames, folder="characters",
                    inputs=["brickyard://film/ai/loras/ink_style?version=1"], tags=["turntable", "hero"])
    studio.client("admin").update_project("film", name="The Film of the Long Winter Nights")
    return library


def test_names_whole_and_a_version_told_in_full(qtbot, long_names, scene):
    window = open_loader(qtbot, long_names, scene)
    assert (window.width(), window.height()) == (1180, 640)  # the default size
    metrics = window.asset_list.fontMetrics()
    for name in window.asset_list.names():
        assert metrics.horizontalAdvance(name) + ICON_SIZE <= window.asset_list.columnWidth(0), name
    tree = window.folder_tree
    for item in tree.findItems("", QtCore.Qt.MatchFlag.MatchContains | QtCore.Qt.MatchFlag.MatchRecursive, 0):
        depth = 0
        parent = item.parent()
        while parent is not None:
            depth, parent = depth + 1, parent.parent()
        assert tree.fontMetrics().horizontalAdvance(item.text(0)) + (depth + 1) * tree.indentation() \
            <= tree.columnWidth(0), item.text(0)
    combo = window.project_combo
    assert combo.currentText() == "The Film of the Long Winter Nights (film)"
    assert combo.width() >= combo.fontMetrics().horizontalAdvance(combo.currentText()) + 16

    pick(qtbot, window, "hero_robot_walk_cycle_turntable")
    assert "frames 1001-1012 (12)" in window.panel.representations.item(0).text()
    assert "tags: hero, turntable" in window.panel.notes.text()
    qtbot.waitUntil(lambda: "ink_style v001" in window.panel.lineage.text(), timeout=WAIT_MS)
    assert not window.panel.review.isVisible()  # ana is an artist
    screenshot(window, "loader-details")

    pick(qtbot, window, "ink_style")
    assert "base_model" in window.panel.notes.text() and "sdxl" in window.panel.notes.text()
    qtbot.waitUntil(lambda: "used by: characters/hero_robot_walk_cycle_turntable v001"
                    in window.panel.lineage.text(), timeout=WAIT_MS)


def test_several_assets_selected_and_their_references_copied(qtbot, library, scene):
    window = open_loader(qtbot, library, scene)
    for name in ("cup", "hero"):
        [item] = window.asset_list.findItems(name, QtCore.Qt.MatchFlag.MatchExactly, 0)
        item.setSelected(True)
    assert sorted(a.name for a in window.asset_list.selected_assets()) == ["cup", "hero"]
    [copy] = [a for a in window.asset_list.context_menu().actions() if a.text().startswith("Copy")]
    assert copy.text() == "Copy references (2)"
    copy.trigger()
    assert sorted(QtWidgets.QApplication.clipboard().text().splitlines()) == [
        "brickyard://film/characters/hero?version=latest", "brickyard://film/props/cup?version=latest"]


def test_a_supervisor_rejects_with_a_note_from_the_loader(qtbot, library, studio, scene):
    sam = studio.client("sam")
    window = open_loader(qtbot, sam, scene)
    pick(qtbot, window, "hero")
    assert window.panel.select_version(3)
    assert window.panel.review.isVisible()
    window.panel.review.note.setText("the hands clip the hips")
    window.panel.review.reject.click()
    qtbot.waitUntil(lambda: "rejected</b>: the hands clip the hips" in window.panel.notes.text(), timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert window.panel.current_version().number == 3
    [v3] = [v for v in library.versions("brickyard://film/characters/hero") if v.number == 3]
    assert (v3.status.value, v3.status_comment) == ("rejected", "the hands clip the hips")
    screenshot(window, "loader-review")
