"""The real Blender (bpy 5.0.1 as a module), imported once per process, with an empty scene per test."""

from __future__ import annotations

import os
import tempfile

import pytest

# Before bpy is imported: keep Blender's user config and extensions out of the home folder.
os.environ.setdefault("BLENDER_USER_RESOURCES", tempfile.mkdtemp(prefix="brickyard-blender-user-"))

from tests.core.conftest import make_studio  # noqa: E402

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


@pytest.fixture
def studio(sqlite_server, tmp_path):
    studio = make_studio(sqlite_server, tmp_path)
    yield studio
    for client in studio.clients:
        client.close()
