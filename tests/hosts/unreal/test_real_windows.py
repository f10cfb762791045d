"""The real Qt Inventory window (brickyard.core.ui) in the fake editor: opened from the menu's code path,
parented to Slate, fed by worker jobs whose editor calls run on the editor's ticks, and switching in place."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before pytest-qt makes the QApplication

import pytest  # noqa: E402

pytest.importorskip("qtpy", reason="the Qt windows need qtpy (pip install -e '.[test]')")
pytest.importorskip("pytestqt", reason="the Qt window tests need pytest-qt (pip install -e '.[test]')")

from brickyard.core.load import load  # noqa: E402
from brickyard.hosts.unreal import session, unreal_loaders, windows  # noqa: E402
from qtpy import QtWidgets  # noqa: E402

import tests.fakes.unreal as unreal  # noqa: E402

from .conftest import fbx  # noqa: E402

WAIT_MS = 30_000


def ticking_until(qtbot, condition) -> None:
    """Let the editor run frames (each pumps Qt and runs queued editor calls) until ``condition()``."""
    def frame() -> bool:
        unreal.fake_tick()
        return bool(condition())
    qtbot.waitUntil(frame, timeout=WAIT_MS)


def test_the_inventory_window_switches_an_actor_in_place(ana, editor, qtbot, tmp_path):
    started = session.start("film", client_factory=lambda: ana)
    source = fbx(tmp_path / "work" / "hero.fbx", body="v1")
    v1 = ana.publish("film", "hero", "model", [source], folder="chars")
    container = load(ana, started.host, unreal_loaders().get("ImportFbx"), v1, "fbx", options={"spawn": True})
    ana.publish("film", "hero", "model", [fbx(source, body="v2")], folder="chars")
    [actor] = editor.level.fake_actors

    window = windows.open_window("inventory", app_factory=QtWidgets.QApplication.instance)
    qtbot.addWidget(window)
    assert editor.parented_windows == [(int(window.winId()), unreal.SlateParentWindowSearchMethod.ACTIVE_WINDOW)]
    ticking_until(qtbot, lambda: window.items and window.jobs.pending() == 0)
    row = window.tree.row_of(container.id)
    assert (row.text(1), row.text(7)) == ("v001", "outdated")

    window.tree.select_ids([container.id])
    window.to_latest.trigger()
    ticking_until(qtbot, lambda: window.tree.row_of(container.id).text(1) == "v002" and not window.jobs.pending())
    assert editor.level.fake_actors == [actor]
    assert actor.static_mesh_component.static_mesh.fake_payload.endswith(b"v2")
    assert not window.status_line.error_text
    window.close()
