"""The installer writes the menu scripts into Resolve's Scripts folder; the scripts start the windows."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from brickyard.hosts.resolve import install, ui
from brickyard.hosts.resolve.ui import can_show_windows, command

from tests.fakes.resolve import FakeResolve, script_module


def test_install_writes_three_menu_scripts_and_explains_the_requirements(tmp_path, capsys):
    assert install.main(["--target", str(tmp_path)]) == 0
    names = sorted(p.name for p in (tmp_path / "Utility").iterdir())
    assert names == ["Brickyard Inventory.py", "Brickyard Loader.py", "Brickyard Publisher.py"]
    out = capsys.readouterr().out
    assert "DaVinci Resolve Studio" in out and '"External scripting using": Local' in out
    assert install.main(["--target", str(tmp_path)]) == 0  # reinstalling replaces its own files


def test_dry_run_writes_nothing(tmp_path, capsys):
    assert install.main(["--target", str(tmp_path), "--dry-run"]) == 0
    assert not (tmp_path / "Utility").exists()
    assert "would write" in capsys.readouterr().out


def test_a_file_brickyard_did_not_write_is_left_alone(tmp_path, capsys):
    theirs = tmp_path / "Utility" / "Brickyard Loader.py"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("print('my own tool')\n")
    assert install.main(["--target", str(tmp_path)]) == 1
    assert theirs.read_text() == "print('my own tool')\n"
    assert "not written by Brickyard" in capsys.readouterr().err
    assert install.main(["--target", str(tmp_path), "--uninstall"]) == 1
    assert theirs.exists() and not (tmp_path / "Utility" / "Brickyard Inventory.py").exists()


def run_menu_script(tmp_path, monkeypatch, **resolve_globals):
    """Run the installed Inventory script as Resolve runs it (with its ``resolve`` global, when given);
    the commands it started."""
    install.install(tmp_path, python="/opt/brickyard/bin/python")
    started = []
    monkeypatch.setattr(subprocess, "Popen", lambda args, **kwargs: started.append(args))
    script = (tmp_path / "Utility" / "Brickyard Inventory.py").read_text()
    exec(compile(script, "Brickyard Inventory.py", "exec"), {"__name__": "__main__", **resolve_globals})
    return started


@pytest.mark.parametrize("resolve_globals", [{}, {"resolve": FakeResolve(studio=True)}])
def test_a_menu_script_starts_the_window_in_its_own_process(tmp_path, monkeypatch, resolve_globals):
    assert run_menu_script(tmp_path, monkeypatch, **resolve_globals) == \
        [command("inventory", "/opt/brickyard/bin/python")]


def test_a_menu_script_in_the_free_edition_says_so_in_the_console_instead(tmp_path, monkeypatch, capsys):
    assert run_menu_script(tmp_path, monkeypatch, resolve=FakeResolve(studio=False)) == []
    said = capsys.readouterr().out
    assert said.startswith("Brickyard: the Inventory window needs DaVinci Resolve Studio")
    assert "DaVinci Resolve refuses" in said and "External scripting using: Local" in said


@pytest.mark.parametrize("platform, env, expected", [
    ("linux", {}, "home/.local/share/DaVinciResolve/Fusion/Scripts"),
    ("darwin", {}, "home/Library/Application Support/Blackmagic Design/DaVinci Resolve/Fusion/Scripts"),
    ("win32", {"APPDATA": "C:/Users/ana/AppData/Roaming"},
     "C:/Users/ana/AppData/Roaming/Blackmagic Design/DaVinci Resolve/Support/Fusion/Scripts"),
])
def test_the_scripts_folder_per_os(platform, env, expected):
    folder = install.scripts_folder(platform=platform, env=env, home=Path("home"))
    assert folder.as_posix() == expected


def test_the_window_process_says_plainly_when_resolve_does_not_answer(tmp_path):
    """The real child process, with a scripting module whose scriptapp answers None (Resolve not running)."""
    modules = tmp_path / "Scripting" / "Modules"
    modules.mkdir(parents=True)
    (modules / "DaVinciResolveScript.py").write_text("def scriptapp(name, ip=None):\n    return None\n")
    env = {"RESOLVE_SCRIPT_API": str(tmp_path / "Scripting"), "PATH": "", "HOME": str(tmp_path)}
    result = subprocess.run(command("loader"), capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("Brickyard: DaVinci Resolve did not answer.")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("platform, env, shown", [
    ("linux", {}, False),  # ssh, a farm: nobody would see a window
    ("linux", {"DISPLAY": ":0"}, True),
    ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, True),
    ("linux", {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
    ("darwin", {}, True),
    ("win32", {"QT_QPA_PLATFORM": "minimal"}, False),
])
def test_a_message_box_only_where_someone_can_see_it(platform, env, shown):
    assert can_show_windows(env, platform) is shown


@pytest.mark.skipif(importlib.util.find_spec("qtpy") is None, reason="Qt comes with the qt extra")
def test_a_window_started_from_the_menu_shows_why_it_cannot_reach_resolve(monkeypatch, capsys):
    """From the menu, stderr is read by no one: the reason comes up in a message box."""
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    from qtpy import QtWidgets

    app = FakeResolve()
    app.external_scripting = "None"
    monkeypatch.setitem(sys.modules, "DaVinciResolveScript", script_module(app))
    monkeypatch.setattr(ui, "can_show_windows", lambda: True)
    boxes = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "critical", lambda parent, title, text: boxes.append((title, text)))

    assert ui.main(["loader"]) == 2

    [(title, text)] = boxes
    assert title == "Brickyard" and text.startswith("DaVinci Resolve did not answer.")
    assert '"External scripting using" is set to Local' in text
    assert capsys.readouterr().err.startswith("Brickyard: DaVinci Resolve did not answer.")
