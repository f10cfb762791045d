"""The installer writes the menu scripts into Resolve's Scripts folder; the scripts start the windows."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from brickyard.hosts.resolve import install
from brickyard.hosts.resolve.ui import command


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


def test_a_menu_script_starts_the_window_in_its_own_process(tmp_path, monkeypatch):
    install.install(tmp_path, python="/opt/brickyard/bin/python")
    started = []
    monkeypatch.setattr(subprocess, "Popen", lambda args, **kwargs: started.append(args))
    script = (tmp_path / "Utility" / "Brickyard Inventory.py").read_text()
    exec(compile(script, "Brickyard Inventory.py", "exec"), {"__name__": "__main__"})  # as Resolve runs it
    assert started == [command("inventory", "/opt/brickyard/bin/python")]


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
