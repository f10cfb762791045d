"""The real Blender (bpy 5.0.1 as a module), imported once per process, with an empty scene per test."""

from __future__ import annotations

import os
import tempfile

import pytest

# Before bpy is imported: keep Blender's user config and extensions out of the home folder.
os.environ.setdefault("BLENDER_USER_RESOURCES", tempfile.mkdtemp(prefix="brickyard-blender-user-"))


try:
    import bpy  # noqa: E402
except ImportError as exc:  # pragma: no cover - depends on the interpreter
    bpy = None
    SKIP_REASON = (f"bpy is not importable ({exc}): the Blender tests need Python 3.11 with "
                   "`pip install 'bpy==5.0.1' 'numpy<2'` (the test extra installs it there)")
else:
    SKIP_REASON = ""


def pytest_collection_modifyitems(config, items):
    if bpy is not None:
        return
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def pytest_report_header(config):
    return f"blender: {'bpy ' + bpy.app.version_string if bpy else 'skipped — ' + SKIP_REASON}"


@pytest.fixture(autouse=True)
def empty_scene():
    """A new empty file for each test; add-ons stay enabled (read_homefile, not a factory reset)."""
    if bpy is not None:
        bpy.ops.wm.read_homefile(use_empty=True)
    yield


@pytest.fixture(scope="session")
def addon():
    """The add-on, enabled the way Blender enables a legacy add-on (once per process)."""
    import addon_utils

    from brickyard.hosts.blender import ADDON_ID

    if ADDON_ID not in bpy.context.preferences.addons:
        addon_utils.enable(ADDON_ID, default_set=True, persistent=True)
    yield bpy.context.preferences.addons[ADDON_ID].preferences
    addon_utils.disable(ADDON_ID, default_set=True)  # also forgets the registered host


@pytest.fixture
def connected(addon, studio, tmp_path, monkeypatch):
    """The add-on's preferences pointing at a real server as the artist ana; ana's own client."""
    monkeypatch.setenv("BRICKYARD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("BRICKYARD_CONFIG", str(tmp_path / "no-config.json"))
    addon.url, addon.token, addon.project = studio.url, studio.tokens["ana"], "film"
    addon.library = str(tmp_path / "library")
    yield studio.client("ana", library=tmp_path / "library", cache_dir=tmp_path / "cache")
    addon.url = addon.token = addon.project = addon.library = ""


@pytest.fixture
def host(addon):
    from brickyard.hosts.blender.ui.state import current

    host = current().host
    host.project = "film"  # what connecting the add-on to project "film" sets
    return host


@pytest.fixture
def loaders(addon):
    from brickyard.hosts.blender.ui.state import current

    return current().loaders
