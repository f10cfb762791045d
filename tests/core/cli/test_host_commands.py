"""``brickyard install APP`` and ``brickyard ui``: the CLI finds the hosts' commands by name and hands over."""

from __future__ import annotations

import importlib.util

import pytest

from brickyard.core.cli.host_commands import run_host_demos
from tests.support.cli import assert_clean_failure, run_cli


def test_install_hands_the_options_to_the_app_installer(tmp_path):
    target = tmp_path / "Fusion" / "Scripts"
    result = run_cli("install", "resolve", "--target", str(target), "--dry-run", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "Brickyard Loader.py" in result.out + result.err
    assert not target.exists()  # a dry run writes nothing

    result = run_cli("install", "resolve", "--target", str(target), cwd=tmp_path)
    assert result.code == 0, result.err
    assert sorted(p.name for p in (target / "Utility").iterdir()) == [
        "Brickyard Inventory.py", "Brickyard Loader.py", "Brickyard Publisher.py"]


def test_install_names_the_apps_it_knows(tmp_path):
    assert_clean_failure(run_cli("install", "nuke", cwd=tmp_path), "no installer for 'nuke'",
                         "blender, resolve, unreal")


def test_an_installer_failure_exits_non_zero_without_a_traceback(tmp_path):
    result = run_cli("install", "unreal", "--project", str(tmp_path), "--dry-run", cwd=tmp_path)
    assert result.code != 0 and "Traceback" not in result.err
    assert ".uproject" in result.err


def test_ui_passes_the_connection_to_the_window_launcher(tmp_path):
    if importlib.util.find_spec("qtpy") is None:
        pytest.skip("the windows need the qt extra")
    result = run_cli("--url", "http://127.0.0.1:9", "--token", "x", "ui", "inventory",
                     "--scene", str(tmp_path / "new.json"), cwd=tmp_path, env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.code == 1 and "Traceback" not in result.err
    assert "127.0.0.1:9" in result.err and not (tmp_path / "new.json").exists()


def test_ui_refuses_an_unknown_window(tmp_path):
    result = run_cli("ui", "outliner", cwd=tmp_path)
    assert result.code == 2 and "invalid choice: 'outliner'" in result.err


def test_a_host_demo_that_fails_is_reported_in_one_line(tmp_path):
    said: list[str] = []
    ok = run_host_demos("http://127.0.0.1:9", "x", "film", tmp_path, said.append)
    if importlib.util.find_spec("bpy") is None:
        assert ok and said[-1] == "Blender: skipped: bpy is not installed (needs Python 3.11)"
        return
    assert not ok
    assert said[0] == "Blender: starting a headless Blender in its own process"
    assert said[-1].startswith("Blender: failed — ") and "could not be reached" in said[-1]
