"""The Publisher as artists meet it (issue 18): an idle bar that says it is idle, files dropped on the
window, and a thumbnail per instance."""

from __future__ import annotations

import pytest
from brickyard.core.controllers import PublisherController
from brickyard.core.publish import FilesCreator, discover_publish_plugins
from brickyard.core.ui import open_window
from qtpy import QtCore, QtGui, QtWidgets

from .conftest import WAIT_MS, screenshot, thumbnail_png, wait_idle, write

pytestmark = pytest.mark.usefixtures("ui_thread_traffic")


def open_publisher(qtbot, client, scene):
    controller = PublisherController(client, scene, discover_publish_plugins(scene.name), [FilesCreator()])
    window = open_window("publisher", controller)
    qtbot.addWidget(window)
    wait_idle(qtbot, window)
    return window


def file_urls(paths) -> QtCore.QMimeData:
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(p)) for p in paths])
    return mime  # keep it referenced while its events live: Qt does not own it


def test_idle_bar_drop_and_thumbnail(qtbot, library, studio, scene, tmp_path):
    window = open_publisher(qtbot, library, scene)
    assert not window.progress.isEnabled() and window.progress.text().startswith("ready")
    assert window.acceptDrops()

    files = [write(tmp_path / "drop" / "prop_cup.txt", "cup")]
    mime = file_urls(files)
    enter = QtGui.QDragEnterEvent(QtCore.QPoint(20, 20), QtCore.Qt.DropAction.CopyAction, mime,
                                  QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    QtWidgets.QApplication.sendEvent(window, enter)
    assert enter.isAccepted()

    dropped = QtGui.QDropEvent(QtCore.QPointF(20, 20), QtCore.Qt.DropAction.CopyAction, mime,
                               QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    QtWidgets.QApplication.sendEvent(window, dropped)  # the instance is made at once, no dialog
    qtbot.waitUntil(lambda: window.instance_list.topLevelItemCount() == 1, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert window.form.asset.text() == "prop_cup"  # shown for editing
    assert (scene.list_instances()[0]["asset"], scene.list_instances()[0]["kind"]) == ("prop_cup", "prompt")

    window.instance_list.setCurrentItem(window.instance_list.topLevelItem(0))
    window.form.thumbnail.setText(str(thumbnail_png(tmp_path / "thumb.png", "#1f7391", "C")))
    window.form.save_button.click()
    qtbot.waitUntil(lambda: scene.list_instances()[0].get("thumbnail", "").endswith("thumb.png"), timeout=WAIT_MS)
    wait_idle(qtbot, window)
    screenshot(window, "publisher-idle-thumbnail")

    window.publish_button.click()
    qtbot.waitUntil(lambda: window.report is not None, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert window.report.published, window.report_view.toPlainText()
    assert window.progress.value() == 1000 and "files" in window.progress.text()
    # another client: checks from this thread
    [version] = studio.client("sam").versions("brickyard://film/shots/prop_cup")
    assert version.thumbnail is not None


def drop(window, paths) -> None:
    """What a drag from the file manager delivers: enter (accepted), then the drop."""
    mime = file_urls(paths)
    enter = QtGui.QDragEnterEvent(QtCore.QPoint(20, 20), QtCore.Qt.DropAction.CopyAction, mime,
                                  QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    QtWidgets.QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QtGui.QDropEvent(QtCore.QPointF(20, 20), QtCore.Qt.DropAction.CopyAction, mime,
                             QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    QtWidgets.QApplication.sendEvent(window, event)


def instances(scene):
    return sorted((i["asset"], i["kind"], sum(len(p) for p in i["representations"].values()))
                  for i in scene.list_instances())


def test_a_drop_of_several_files_makes_an_instance_each_named_by_the_rules(qtbot, library, scene, tmp_path):
    window = open_publisher(qtbot, library, scene)
    window.ask_dialog = lambda dialog: pytest.fail(f"no dialog expected: {dialog.reason.text()}")
    first = thumbnail_png(tmp_path / "drop" / "Hero Robot.png", "#c0504d", "H")
    drop(window, [first])
    qtbot.waitUntil(lambda: len(scene.list_instances()) == 1, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    plates = [write(tmp_path / "drop" / f"plate.{n}.exr", f"frame {n}") for n in (1001, 1002, 1003)]
    again = thumbnail_png(tmp_path / "other" / "hero-robot.png", "#4f6228", "R")
    drop(window, [*plates, again])
    qtbot.waitUntil(lambda: len(scene.list_instances()) == 3, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert instances(scene) == [("hero_robot", "image", 1), ("hero_robot_2", "image", 1), ("plate", "render", 3)]
    assert window.form.asset.text() == "hero_robot_2"  # the last made, selected for editing
    assert "Created 2 instance(s)" in window.status_line.label.text()


def test_a_drop_that_cannot_be_named_or_kinded_opens_new_saying_why(qtbot, library, studio, scene, tmp_path):
    from brickyard.core.models import NamingRules

    rules = NamingRules(name_pattern="[a-z]+_[a-z0-9_]+", description="prefix_name, e.g. prp_cup")
    studio.client("admin").update_project("film", naming=rules)
    window = open_publisher(qtbot, library, scene)
    qtbot.waitUntil(lambda: window.project is not None and window.project.naming == rules, timeout=WAIT_MS)
    asked = []

    def answer(dialog) -> bool:
        asked.append((dialog.asset.text(), dialog.kind.currentText(), dialog.files.count(), dialog.reason.text()))
        if dialog.asset.text() == "cup":
            dialog.asset.setText("prp_cup")  # the artist fixes the name
            return True
        return False  # and gives up on the other

    window.ask_dialog = answer
    drop(window, [thumbnail_png(tmp_path / "cup.png", "#1f7391", "C"), write(tmp_path / "misc_notes.xyz", "?"),
                  thumbnail_png(tmp_path / "env_sky.png", "#76923c", "S")])
    qtbot.waitUntil(lambda: len(scene.list_instances()) == 2, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert instances(scene) == [("env_sky", "image", 1), ("prp_cup", "image", 1)]
    [(name, kind, files, why), (other, _, _, why_other)] = asked
    assert (name, kind, files) == ("cup", "image", 1)
    assert "cup.png gives no legal asset name" in why and "prefix_name" in why
    assert other == "misc_notes" and "nothing tells the kind of misc_notes.xyz" in why_other
