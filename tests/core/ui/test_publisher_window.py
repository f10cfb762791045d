"""The Publisher window against a real server and the reference host: create, validate, repair, publish, cancel."""

from __future__ import annotations

import json
import threading

import pytest
from brickyard.core.controllers import PublisherController
from brickyard.core.errors import NotFound
from brickyard.core.publish import FilesCreator, discover_publish_plugins
from brickyard.core.ui import open_window
from brickyard.core.ui.widgets.create_dialog import CreateDialog
from qtpy import QtCore

from .conftest import WAIT_MS, screenshot, wait_idle, write

pytestmark = pytest.mark.usefixtures("ui_thread_traffic")  # no window sends a request from the UI thread


def open_publisher(qtbot, client, scene):
    controller = PublisherController(client, scene, discover_publish_plugins(scene.name), [FilesCreator()])
    window = open_window("publisher", controller)
    qtbot.addWidget(window)
    wait_idle(qtbot, window)
    return window


def create(qtbot, window, asset: str, kind: str, files) -> None:
    dialog = CreateDialog(window.controller.creators(), ["model", "render"], window.controller.host.context())
    qtbot.addWidget(dialog)
    dialog.asset.setText(asset)
    dialog.kind.setEditText(kind)
    dialog.add_files([str(f) for f in files])
    count = window.instance_list.topLevelItemCount()
    window.new_instance(dialog=dialog)
    qtbot.waitUntil(lambda: window.instance_list.topLevelItemCount() == count + 1, timeout=WAIT_MS)
    wait_idle(qtbot, window)


def click(qtbot, button) -> None:
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)


def click_for_report(qtbot, window, button) -> None:
    """Click Validate / Publish / Cancel and wait until the run's report is in and every job delivered."""
    click(qtbot, button)
    qtbot.waitUntil(lambda: window.report is not None, timeout=WAIT_MS)
    wait_idle(qtbot, window)


def test_validate_shows_failures_and_repair_fixes_them(qtbot, library, scene, tmp_path):
    window = open_publisher(qtbot, library, scene)
    create(qtbot, window, "Hero Model", "model", [write(tmp_path / "hero.txt", "hero")])
    create(qtbot, window, "plate", "render", [write(tmp_path / "plate.exr", "exr")])
    click_for_report(qtbot, window, window.validate_button)

    assert window.results.outcome()["Validate naming"] == "✖ failed"
    assert "Validation failed: 1 problem(s)" in window.report_view.toPlainText()
    assert "Hero Model" in window.report_view.toPlainText()
    repair = window.results.repair_button("ValidateNaming")
    assert repair is not None
    screenshot(window, "publisher-validation-failed")

    window.report = None
    click(qtbot, repair)
    qtbot.waitUntil(lambda: window.report is not None and window.report.passed, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert set(window.results.outcome().values()) == {"✔ passed"}
    assert sorted(window.instance_list.topLevelItem(i).text(0) for i in range(2)) == ["shots/hero_model",
                                                                                       "shots/plate"]
    assert window.report_view.toPlainText().startswith("Validation passed")


def test_publish_with_comment_and_status_reports_progress(qtbot, library, scene, tmp_path, studio):
    window = open_publisher(qtbot, library, scene)
    create(qtbot, window, "hero_model", "model", [write(tmp_path / "hero.txt", "hero"),
                                                  write(tmp_path / "hero.png", "png" * 1000)])
    window.comment.setText("blocking pass, ready for a look")
    window.status.setCurrentIndex(window.status.findData("review"))
    click_for_report(qtbot, window, window.publish_button)

    assert window.report.published == ["brickyard://film/shots/hero_model?version=1"]
    version = studio.client("sam").version(window.report.published[0])
    assert (version.comment, version.status.value) == ("blocking pass, ready for a look", "review")
    assert sorted(r.name for r in version.representations) == ["png", "txt"]
    assert window.progress.value() == 1000 and "files" in window.progress.format()
    assert window.report_view.toPlainText().startswith("Published 1 version(s)")
    assert window.results.outcome()["Publish version"] == "✔ passed"
    saved = json.loads(window.save_report(tmp_path / "report.json").read_text())
    assert saved["published"] == window.report.published
    screenshot(window, "publisher-published")


def test_cancel_mid_upload_creates_no_version(qtbot, library, scene, tmp_path, studio):
    window = open_publisher(qtbot, library, scene)
    create(qtbot, window, "big", "model", [write(tmp_path / "big.bin", "x" * 3_000_000)])
    controller = window.controller
    cancelled = threading.Event()
    real_publish, real_cancel = controller.publish, controller.cancel

    def publish(progress=None, on_step=None):
        def held(event):  # the first upload chunk waits for the artist's click, so the cancel lands mid-upload
            if progress:
                progress(event)
            if event.phase == "upload":
                cancelled.wait(WAIT_MS / 1000)

        return real_publish(progress=held, on_step=on_step)

    def cancel():
        real_cancel()
        cancelled.set()

    controller.publish, controller.cancel = publish, cancel
    click(qtbot, window.publish_button)
    qtbot.waitUntil(lambda: window.progress.format().startswith("upload"), timeout=WAIT_MS)
    click_for_report(qtbot, window, window.cancel_button)

    assert window.report.stopped == "cancelled" and window.report.published == []
    assert window.report_view.toPlainText().startswith("Cancelled")
    with pytest.raises(NotFound):
        studio.client("sam").versions("brickyard://film/shots/big")
    assert not window.cancel_button.isEnabled() and window.publish_button.isEnabled()


def test_unreadable_instance_is_listed_not_lost(qtbot, library, scene):
    scene.save_instance({"schema": "brickyard/instance/9", "id": "future"})
    window = open_publisher(qtbot, library, scene)
    item = window.instance_list.topLevelItem(0)
    assert "cannot be read" in item.text(0) and "newer than this Brickyard" in item.toolTip(0)
    assert scene.list_instances() == [{"schema": "brickyard/instance/9", "id": "future"}]


def test_instance_options_are_saved_and_an_unticked_instance_is_skipped(qtbot, library, scene, tmp_path, studio):
    window = open_publisher(qtbot, library, scene)
    create(qtbot, window, "ink_wash", "lora", [write(tmp_path / "ink_wash.safetensors", "weights")])
    create(qtbot, window, "teapot", "model", [write(tmp_path / "teapot.txt", "teapot")])
    click_for_report(qtbot, window, window.validate_button)
    assert window.results.outcome()["Validate kind and metadata"] == "✖ failed"
    assert "base_model" in window.report_view.toPlainText()

    def item(title):
        return next(window.instance_list.topLevelItem(i) for i in range(window.instance_list.topLevelItemCount())
                    if window.instance_list.topLevelItem(i).text(0) == title)

    def saved(asset):
        return next(i for i in scene.list_instances() if i["asset"] == asset)

    window.instance_list.setCurrentItem(item("shots/ink_wash"))
    window.form.metadata.setPlainText("base_model")  # not KEY=VALUE: said so, nothing saved
    click(qtbot, window.form.save_button)
    assert "must look like KEY=VALUE" in window.status_line.error_text
    assert saved("ink_wash")["metadata"] == {}
    window.status_line.clear_error()
    window.form.metadata.setPlainText("base_model=sdxl\nsteps=2000")
    window.form.tags.setText("style, ink")
    click(qtbot, window.form.save_button)
    qtbot.waitUntil(lambda: saved("ink_wash")["metadata"] == {"base_model": "sdxl", "steps": 2000}, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert saved("ink_wash")["tags"] == ["style", "ink"]
    assert window.form.metadata.toPlainText() == "base_model=sdxl\nsteps=2000"  # shown again as saved

    item("shots/teapot").setCheckState(0, QtCore.Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: saved("teapot")["active"] is False, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    window.report = None
    click_for_report(qtbot, window, window.publish_button)
    assert window.report.published == ["brickyard://film/shots/ink_wash?version=1"]
    sam = studio.client("sam")
    version = sam.version(window.report.published[0])
    assert version.metadata["base_model"] == "sdxl" and version.metadata["steps"] == 2000
    with pytest.raises(NotFound):
        sam.versions("brickyard://film/shots/teapot")


def test_nothing_is_published_when_the_comment_and_status_cannot_be_set(qtbot, library, scene, tmp_path, studio):
    window = open_publisher(qtbot, library, scene)
    create(qtbot, window, "lamp", "model", [write(tmp_path / "lamp.txt", "lamp")])
    create(qtbot, window, "chair", "model", [write(tmp_path / "chair.txt", "chair")])
    lamp = next(i for i in scene.list_instances() if i["asset"] == "lamp")
    scene.remove_instance(lamp["id"])  # gone from the workfile behind the window's back
    window.comment.setText("ready for review")
    window.status.setCurrentIndex(window.status.findData("review"))
    click(qtbot, window.publish_button)
    qtbot.waitUntil(lambda: bool(window.status_line.error_text), timeout=WAIT_MS)
    wait_idle(qtbot, window)

    assert "refresh the instance list" in window.status_line.error_text
    assert window.report is None and window.publish_button.isEnabled() and not window.cancel_button.isEnabled()
    with pytest.raises(NotFound):  # chair was not published as wip with no comment
        studio.client("sam").versions("brickyard://film/shots/chair")
