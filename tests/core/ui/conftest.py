"""Qt windows against a real server: offscreen Qt, a small published library, screenshots as artefacts."""

from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before pytest-qt makes the QApplication

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

pytest.importorskip("qtpy", reason="the Qt windows need qtpy (pip install -e '.[test]')")
pytest.importorskip("pytestqt", reason="the Qt window tests need pytest-qt (pip install -e '.[test]')")

from brickyard.core.reference_host import ReferenceHost  # noqa: E402
from qtpy import QtCore, QtGui, QtWidgets  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts" / "ui"
WAIT_MS = 30_000  # generous: the machine is shared; no test asserts on time


def screenshot(widget, name: str) -> Path:
    """Save what ``widget`` shows to test-artifacts/ui/<name>.png (and return the path)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    for _ in range(3):  # widgets added to a shown window are shown by a posted event; lay out first
        QtWidgets.QApplication.processEvents()
    assert widget.grab().save(str(path)), f"could not write {path}"
    return path


def wait_idle(qtbot, *job_owners) -> None:
    """Wait until every job the windows started was delivered (the UI thread runs meanwhile)."""
    qtbot.waitUntil(lambda: all(o.jobs.pending() == 0 for o in job_owners), timeout=WAIT_MS)


def thumbnail_png(path: Path, colour: str, letter: str) -> Path:
    image = QtGui.QImage(128, 128, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor(colour))
    painter = QtGui.QPainter(image)
    painter.setPen(QtGui.QColor("white"))
    font = painter.font()
    font.setPixelSize(72)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(image.rect(), QtCore.Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path))
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def library(qapp, studio, tmp_path):
    """Project `film`: hero (v1 approved, v2 review, v3 wip; thumbnails), villain, cup (approved, tagged),
    forest (texture), ink_style (lora). Returns ana's client (an artist)."""
    ana, sam = studio.client("ana"), studio.client("sam")
    src = tmp_path / "src"
    colours = {"hero": "#c0504d", "villain": "#4f6228", "cup": "#1f7391", "forest": "#76923c", "ink_style": "#5f497a"}
    for number, status in ((1, "approved"), (2, "review"), (3, "wip")):
        ana.publish("film", "hero", "model", {"txt": [write(src / f"hero{number}.txt", f"hero v{number}")],
                                              "png": [write(src / f"hero{number}.png", "png")]},
                    folder="characters", comment=f"hero pass {number}", status="wip",
                    thumbnail=thumbnail_png(src / f"thumb_hero{number}.png", colours["hero"], f"H{number}"))
        if status != "wip":
            sam.set_status(f"brickyard://film/characters/hero?version={number}", status)
    ana.publish("film", "villain", "rig", {"txt": [write(src / "villain.txt", "villain")]}, folder="characters",
                thumbnail=thumbnail_png(src / "thumb_villain.png", colours["villain"], "V"))
    ana.publish("film", "cup", "model", {"txt": [write(src / "cup.txt", "cup")]}, folder="props", tags=["kitchen"],
                thumbnail=thumbnail_png(src / "thumb_cup.png", colours["cup"], "C"))
    sam.set_status("brickyard://film/props/cup?version=1", "approved")
    ana.publish("film", "forest", "texture", {"txt": [write(src / "forest.txt", "forest")]}, folder="env/outdoor")
    ana.publish("film", "ink_style", "lora", {"safetensors": [write(src / "ink.safetensors", "weights")]},
                folder="ai/loras", metadata={"base_model": "sdxl"},
                thumbnail=thumbnail_png(src / "thumb_ink.png", colours["ink_style"], "L"))
    return ana


class UiThreadTraffic:
    """The requests a client sent from the UI thread (the main thread, where Qt runs): windows send none."""

    def __init__(self, client):
        self.sent: list[str] = []
        client.session.hooks["response"].append(self._record)

    def _record(self, response, *args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            self.sent.append(f"{response.request.method} {response.request.path_url}")


@pytest.fixture
def ui_thread_traffic(library):
    """Fails the test when a window sent any request of ``library`` (ana's client) from the UI thread.

    Installed once the library is published; a test checks the server through another client.
    """
    traffic = UiThreadTraffic(library)
    yield traffic
    assert traffic.sent == [], f"network requests on the UI thread: {traffic.sent}"


@pytest.fixture
def scene(tmp_path) -> ReferenceHost:
    return ReferenceHost(tmp_path / "shot.json", project="film", folder="shots", asset="sh010")
