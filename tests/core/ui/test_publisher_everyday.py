"""The Publisher as artists meet it (issue 18): an idle bar that says it is idle, files dropped on the
window, and a thumbnail per instance."""

from __future__ import annotations

import pytest
from brickyard.core.controllers import PublisherController
from brickyard.core.publish import FilesCreator, discover_publish_plugins
from brickyard.core.ui import open_window
from brickyard.core.ui.widgets.create_dialog import CreateDialog
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

    def accept_the_dialog() -> None:  # the drop opens New with the files listed; the artist names it
        dialog = QtWidgets.QApplication.activeModalWidget()
        assert isinstance(dialog, CreateDialog), dialog
        assert dialog.files.count() == 1 and dialog.files.item(0).text().endswith("prop_cup.txt")
        dialog.asset.setText("cup")
        dialog.kind.setEditText("model")
        dialog.accept()

    QtCore.QTimer.singleShot(300, accept_the_dialog)
    dropped = QtGui.QDropEvent(QtCore.QPointF(20, 20), QtCore.Qt.DropAction.CopyAction, mime,
                               QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    QtWidgets.QApplication.sendEvent(window, dropped)
    qtbot.waitUntil(lambda: window.instance_list.topLevelItemCount() == 1, timeout=WAIT_MS)
    wait_idle(qtbot, window)

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
    [version] = studio.client("sam").versions("brickyard://film/shots/cup")  # another client: checks from this thread
    assert version.thumbnail is not None
