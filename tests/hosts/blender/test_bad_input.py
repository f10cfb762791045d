"""Bad input gives a clear report from the operator (and in the panel's message), and nothing is published."""

from __future__ import annotations

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.hosts.blender.ui.props import ui_state  # noqa: E402
from brickyard.hosts.blender.ui.state import current  # noqa: E402
from tests.support.server import free_port  # noqa: E402

from .scenes import mesh_collection, save_as  # noqa: E402


def published_assets(client) -> list[str]:
    return [a.name for a in client.assets("film")]


def test_empty_collection_is_refused(connected, tmp_path):
    bpy.data.collections.new("empty_set")
    bpy.context.scene.collection.children.link(bpy.data.collections["empty_set"])
    save_as(tmp_path / "set.blend")
    bpy.ops.brickyard.create_instance(creator="CreateCollection", target="empty_set", kind="scene")
    with pytest.raises(RuntimeError, match="the collection 'empty_set' is empty"):
        bpy.ops.brickyard.publish()
    state = ui_state()
    assert state.message_is_error and "nothing was published" in state.message
    assert any("empty_set" in r.name and not r.passed for r in state.results)
    assert published_assets(connected) == []


def test_name_breaking_the_rules_is_refused_and_repairable(connected, tmp_path):
    mesh_collection("Hero Model", 5, obj="hero geo")
    save_as(tmp_path / "hero.blend")
    bpy.ops.brickyard.create_instance(creator="CreateCollection", target="Hero Model", asset="Hero Model")
    with pytest.raises(RuntimeError, match="does not match the project's naming rule"):
        bpy.ops.brickyard.publish()
    assert published_assets(connected) == []
    repairs = {r.plugin for r in ui_state().results if r.repair}
    assert repairs == {"ValidateNaming", "ValidateObjectNames"}
    for plugin in sorted(repairs):
        bpy.ops.brickyard.repair(plugin=plugin)
    assert bpy.data.objects.get("hero_geo") is not None
    assert bpy.ops.brickyard.publish() == {"FINISHED"}
    assert published_assets(connected) == ["hero_model"]


def test_server_down_is_reported_and_nothing_breaks(connected, addon, tmp_path):
    mesh_collection("cup", 4)
    save_as(tmp_path / "cup.blend")
    bpy.ops.brickyard.create_instance(creator="CreateCollection", target="cup", folder="props")
    addon.url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(RuntimeError, match="could not be reached.*Preferences › Add-ons › Brickyard"):
        bpy.ops.brickyard.publish()
    assert ui_state().message_is_error
    with pytest.raises(RuntimeError, match="could not be reached.*Preferences › Add-ons › Brickyard"):
        bpy.ops.brickyard.check_connection()
    assert [i["asset"] for i in current().host.list_instances()] == ["cup"]  # the instance is kept


def test_missing_settings_say_what_to_fill_in(addon):
    addon.url, addon.token, addon.project = "http://127.0.0.1:1", "", ""
    with pytest.raises(RuntimeError, match="fill in token, project in Edit › Preferences"):
        bpy.ops.brickyard.refresh_inventory()
    addon.url = ""


def test_a_never_saved_workfile_is_refused(connected):
    mesh_collection("cup", 4)  # in a new file, never saved
    bpy.ops.brickyard.create_instance(creator="CreateCollection", target="cup", folder="props")
    with pytest.raises(RuntimeError, match="this file was never saved; save it"):
        bpy.ops.brickyard.publish()
    assert "nothing was published" in ui_state().message
    assert any(r.plugin == "ValidateWorkfileSaved" and not r.passed for r in ui_state().results)
    assert published_assets(connected) == []
    with pytest.raises(RuntimeError, match="could not repair.*use File › Save As once"):
        bpy.ops.brickyard.repair(plugin="ValidateWorkfileSaved")  # Repair cannot choose where to save


def test_the_login_token_is_used_rather_than_the_one_in_userpref(connected, addon, studio, tmp_path, monkeypatch):
    from brickyard.core.config import save_config

    config = tmp_path / "login.json"
    monkeypatch.setenv("BRICKYARD_CONFIG", str(config))
    save_config(studio.url, studio.tokens["ana"], config_path=config)  # what `brickyard login` writes (0600)
    addon.token = ""  # nothing in userpref.blend
    assert bpy.ops.brickyard.check_connection() == {"FINISHED"}
    assert "connected as ana" in ui_state().message
    addon.token = "stale-token"  # both exist: the login's wins
    assert bpy.ops.brickyard.check_connection() == {"FINISHED"}
    assert (config.stat().st_mode & 0o777) == 0o600
