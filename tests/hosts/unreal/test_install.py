"""``python -m brickyard.hosts.unreal.install``: the start-up script, plugins, registry tags; safe to re-run."""

from __future__ import annotations

import json

import pytest
from brickyard.hosts.unreal.content import registry_tags
from brickyard.hosts.unreal.install import main


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "MyFilm"
    root.mkdir()
    (root / "MyFilm.uproject").write_text(json.dumps({"FileVersion": 3, "EngineAssociation": "5.6",
                                                       "Plugins": [{"Name": "ModelingToolsEditorMode",
                                                                    "Enabled": True}]}))
    return root


def files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_dry_run_writes_nothing(project, capsys):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert main(["--project", str(project), "--dry-run"]) == 0
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    assert "would write" in capsys.readouterr().out


def test_install_into_content_python_then_again_changes_nothing(project, capsys):
    assert main(["--project", str(project), "--brickyard-project", "film"]) == 0
    script = (project / "Content" / "Python" / "init_unreal.py").read_text()
    assert "PROJECT = 'film'" in script and "SITE_PACKAGES = '/" in script
    compile(script, "init_unreal.py", "exec")
    uproject = json.loads((project / "MyFilm.uproject").read_text())
    assert {p["Name"] for p in uproject["Plugins"] if p["Enabled"]} == {
        "ModelingToolsEditorMode", "PythonScriptPlugin", "EditorScriptingUtilities"}
    ini = (project / "Config" / "DefaultGame.ini").read_text().splitlines()
    assert ini[0] == "[/Script/Engine.AssetManagerSettings]"
    assert [line.split("=", 1)[1] for line in ini[1:]] == registry_tags()

    capsys.readouterr()
    snapshot = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert main(["--project", str(project), "--brickyard-project", "film"]) == 0
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == snapshot
    assert "already installed" in capsys.readouterr().out


def test_install_as_a_plugin(project):
    assert main(["--project", str(project / "MyFilm.uproject"), "--as-plugin"]) == 0
    assert "Plugins/Brickyard/Brickyard.uplugin" in files(project)
    assert "Plugins/Brickyard/Content/Python/init_unreal.py" in files(project)
    assert "Content/Python/init_unreal.py" not in files(project)
    plugin = json.loads((project / "Plugins" / "Brickyard" / "Brickyard.uplugin").read_text())
    assert plugin["CanContainContent"] and {p["Name"] for p in plugin["Plugins"]} >= {"PythonScriptPlugin"}


def test_someone_elses_init_unreal_is_never_overwritten(project, capsys):
    theirs = project / "Content" / "Python" / "init_unreal.py"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("print('studio tools')\n")
    assert main(["--project", str(project)]) == 1
    assert theirs.read_text() == "print('studio tools')\n"
    err = capsys.readouterr().err
    assert "is not Brickyard's" in err and "--as-plugin" in err and "Traceback" not in err


def test_a_folder_without_a_uproject_is_refused(tmp_path, capsys):
    assert main(["--project", str(tmp_path)]) == 1
    assert "not an Unreal project folder" in capsys.readouterr().err


def test_the_installed_start_up_script_starts_brickyard_in_the_editor(project, editor):
    import runpy

    import tests.fakes.unreal as unreal
    from brickyard.core import host_registry
    from brickyard.hosts.unreal import session

    assert main(["--project", str(project), "--brickyard-project", "film"]) == 0
    runpy.run_path(str(project / "Content" / "Python" / "init_unreal.py"))  # what the editor does at start-up
    assert host_registry.registered_host().context().project == "film"
    unreal.fake_tick()
    assert unreal.fake_menu("LevelEditor.MainMenu.Brickyard") is not None
    assert session.current().pump.running
