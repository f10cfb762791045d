"""The Loader shows the thumbnail the server derived for a version published without one."""

from __future__ import annotations

import time

import pytest

from tests.support.media import make_clip

from .conftest import WAIT_MS, screenshot
from .test_loader_window import open_loader, pick

pytestmark = pytest.mark.usefixtures("ui_thread_traffic")


def test_a_clip_published_without_a_thumbnail_shows_its_derived_one(qtbot, library, scene, studio, tmp_path):
    clip = make_clip(tmp_path / "spin.mov", 12, width=192, height=108)
    setup = studio.client("ana")  # the window's own client must send nothing from this (the UI) thread
    version = setup.publish("film", "spin", "video", [clip], folder="shots")
    assert version.thumbnail is None
    deadline = time.monotonic() + 60
    while setup.previews(version.reference).representations[0].state.value != "ready":
        assert time.monotonic() < deadline, setup.previews(version.reference)
        time.sleep(0.2)
    derived = setup.version(version.reference).thumbnail
    assert derived is not None

    window = open_loader(qtbot, library, scene)
    pick(qtbot, window, "spin", 1)
    qtbot.waitUntil(lambda: window.thumbnails.pending() == 0 and window.panel.thumbnail.pixmap() is not None
                    and not window.panel.thumbnail.pixmap().isNull(), timeout=WAIT_MS)
    image = window.panel.thumbnail.pixmap().toImage()
    # the clip's gradient runs dark to light from left to right, as the panel's picture does
    middle = image.height() // 2 + image.height() // 4
    left, right = image.pixelColor(4, middle).red(), image.pixelColor(image.width() - 5, middle).red()
    assert right - left > 60, (left, right)
    screenshot(window, "loader-derived-thumbnail")
