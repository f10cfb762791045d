"""``brickyard ui`` / ``python -m brickyard.core.ui``: a window standalone on the reference host."""

from __future__ import annotations

import subprocess
import sys

from brickyard.core.reference_host import ReferenceHost
from brickyard.core.ui.launch import main
from qtpy import QtGui

from tests.support.server import free_port


def test_main_opens_each_window_on_a_new_scene(qapp, library, studio, tmp_path, capsys):
    scene = tmp_path / "try.json"
    for window in ("loader", "publisher", "inventory"):
        shot = tmp_path / f"{window}.png"
        status = main([window, "--scene", str(scene), "--url", studio.url, "--token", studio.tokens["ana"],
                       "--folder", "shots", "--asset", "sh010", "--screenshot", str(shot)])
        assert status == 0, capsys.readouterr().err
        assert not QtGui.QImage(str(shot)).isNull()
    assert ReferenceHost(scene).context().project == "film"  # the user's only project
    assert "created scene" in capsys.readouterr().err


def test_main_reports_a_dead_server_in_one_line(qapp, tmp_path, capsys):
    status = main(["inventory", "--scene", str(tmp_path / "new.json"), "--url", f"http://127.0.0.1:{free_port()}",
                   "--token", "byt_x"])
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith("brickyard ui: the Brickyard server at") and "Traceback" not in err


def test_module_entry_point_prints_usage_without_qt():
    done = subprocess.run([sys.executable, "-m", "brickyard.core.ui", "--help"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and "loader" in done.stdout and "--scene" in done.stdout
