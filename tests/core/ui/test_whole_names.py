"""Whole names at the default size (issue 18): the Publisher's instances and the Inventory's assets and
containers show realistic long names in full — no "hero_ro…" — without scrolling sideways to read them."""

from __future__ import annotations

import pytest
from brickyard.core.controllers import InventoryController, LoaderController, PublisherController
from brickyard.core.publish import FilesCreator, discover_publish_plugins
from brickyard.core.reference_host import reference_loaders
from brickyard.core.ui import open_window
from qtpy import QtGui, QtWidgets

from .conftest import WAIT_MS, screenshot, wait_idle, write

pytestmark = pytest.mark.usefixtures("ui_thread_traffic")

LONG = ["hero_robot_walk_cycle_turntable", "environment_forest_clearing_dusk_matte", "kitchen_cup"]
FOLDERS = ["characters/robots", "environments/forest/mattes", "props/kitchen"]


def rows(tree: QtWidgets.QTreeWidget):
    """(item, depth) of every visible row."""
    found = []

    def walk(item, depth):
        if item.isHidden():
            return
        found.append((item, depth))
        for j in range(item.childCount()):
            walk(item.child(j), depth + 1)

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i), 0)
    return found


def assert_whole(tree: QtWidgets.QTreeWidget, column: int = 0) -> None:
    """Each row's text fits its column, and the column fits the view (nothing to scroll to)."""
    QtWidgets.QApplication.processEvents()
    width = tree.columnWidth(column)
    assert width >= tree.sizeHintForColumn(column)  # Qt's own measure of the widest row
    right = tree.header().sectionViewportPosition(column) + width
    assert right <= tree.viewport().width(), (right, tree.viewport().width())
    for item, depth in rows(tree):
        metrics = QtGui.QFontMetrics(item.font(column))
        icon = tree.iconSize().width() + 4 if not item.icon(column).isNull() else 0
        check = 0
        if item.data(column, 10) is not None:  # a check box before the text
            check = tree.style().pixelMetric(QtWidgets.QStyle.PixelMetric.PM_IndicatorWidth) + 4
        indent = (depth + (1 if tree.rootIsDecorated() else 0)) * tree.indentation()
        needed = metrics.horizontalAdvance(item.text(column)) + icon + check + indent
        assert needed <= width, (item.text(column), needed, width)


def test_the_publisher_shows_whole_instance_names(qtbot, library, scene, tmp_path):
    controller = PublisherController(library, scene, discover_publish_plugins(scene.name), [FilesCreator()])
    for asset, folder in zip(LONG, FOLDERS):
        controller.create("FilesCreator", asset=asset, folder=folder, kind="render",
                          representations={"txt": [str(write(tmp_path / f"{asset}.txt", asset))]})
    window = open_window("publisher", controller)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.instance_list.topLevelItemCount() == len(LONG), timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert (window.width(), window.height()) == (1180, 680)  # the default size
    assert_whole(window.instance_list)
    assert_whole(window.instance_list, 1)
    screenshot(window, "publisher-whole-names")


def test_the_inventory_shows_whole_asset_and_container_names(qtbot, library, studio, scene, tmp_path):
    ana = studio.client("ana")
    for asset, folder in zip(LONG, FOLDERS):
        ana.publish("film", asset, "render", {"exr": [write(tmp_path / f"{asset}.exr", asset)]}, folder=folder)
    loading = LoaderController(studio.client("sam"), scene, reference_loaders())  # not the window's client
    for asset, folder in zip(LONG, FOLDERS):
        loading.load(f"brickyard://film/{folder}/{asset}?version=1", "exr", "LoadFile")
    window = open_window("inventory", InventoryController(library, scene, reference_loaders()), live=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(window.items) == len(LONG), timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert (window.width(), window.height()) == (1060, 560)  # the default size
    assert_whole(window.tree)
    screenshot(window, "inventory-whole-names")
