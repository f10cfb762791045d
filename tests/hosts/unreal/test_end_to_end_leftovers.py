"""After a switch the load's folder holds what the new version made: what v1's import brought along and v2's
no longer does goes, unless something still uses it. Removing a load clears its folder the same way.
The real server, the fake editor."""

from __future__ import annotations

from brickyard.core.inventory import inventory, remove_containers, update_containers
from brickyard.core.load import load
from brickyard.hosts.unreal import content, unreal_loaders

import tests.fakes.unreal as unreal

from .conftest import dangling, fbx

FOLDER = "/Game/Brickyard/chars/hero"
MESH = f"{FOLDER}/hero.hero"
MATERIAL = f"{FOLDER}/M_Hero.M_Hero"
TEXTURE = f"{FOLDER}/T_Hero_D.T_Hero_D"


def in_folder(editor) -> list[str]:
    return sorted(p for p in editor.assets if p.startswith(FOLDER + "/"))


def loaded_hero(ana, host, editor, tmp_path):
    """hero v1 (a mesh with its material and texture) loaded and placed; v2 (the mesh alone) published."""
    source = fbx(tmp_path / "work" / "hero.fbx", "static_mesh material=M_Hero texture=T_Hero_D", body="v1")
    v1 = ana.publish("film", "hero", "model", [source], folder="chars")
    loaders = unreal_loaders()
    container = load(ana, host, loaders.get("ImportFbx"), v1, "fbx", options={"spawn": True})
    assert in_folder(editor) == [MATERIAL, TEXTURE, MESH]
    mesh = editor.assets[MESH]
    assert mesh.fake_references == [editor.assets[MATERIAL]]
    assert editor.assets[MATERIAL].fake_references == [editor.assets[TEXTURE]]
    fbx(source, "static_mesh", body="v2, untextured")
    ana.publish("film", "hero", "model", [source], folder="chars")
    return loaders, container, mesh


def test_what_v2_no_longer_makes_is_deleted_and_the_mesh_stays_where_it_was(ana, host, editor, tmp_path):
    loaders, container, mesh = loaded_hero(ana, host, editor, tmp_path)
    [actor] = editor.level.fake_actors

    [outcome] = update_containers(ana, host, loaders, [container.id], "latest")
    assert outcome.ok, outcome.message

    assert in_folder(editor) == [MESH]  # the material and texture v2 no longer carries are gone
    assert editor.assets[MESH] is mesh and mesh.fake_payload.endswith(b"v2, untextured")
    assert editor.level.fake_actors == [actor] and actor.static_mesh_component.static_mesh is mesh
    assert dangling(editor) == [] and editor.broken == []  # nothing pointed at what was deleted
    [report] = host.switch_reports
    assert report.in_place and sorted(report.deleted) == [MATERIAL, TEXTURE] and report.kept == {}
    assert outcome.message == ""  # nothing to do: the Inventory says nothing more
    assert "deleted, unused" in report.summary()
    assert content.read_imported(mesh) == [MESH]

    unreal.fake_restart()  # all of it saved: the folder and the container read back as they are now
    assert in_folder(editor) == [MESH]
    [item] = inventory(ana, host)
    assert item.loaded == 2 and editor.loads == []


def test_a_texture_another_asset_still_uses_is_kept_named_and_cleared_once_free(ana, host, editor, tmp_path):
    loaders, container, mesh = loaded_hero(ana, host, editor, tmp_path)
    wet = unreal.Material(None, "M_Wet").fake_register("/Game/Env/M_Wet")  # the artist's, on v1's texture
    wet.fake_references = [editor.assets[TEXTURE]]
    unreal.EditorAssetLibrary.save_loaded_asset(wet, False)

    [outcome] = update_containers(ana, host, loaders, [container.id], "latest")
    assert outcome.ok, outcome.message

    assert in_folder(editor) == [TEXTURE, MESH]  # the material went; the texture M_Wet uses stayed
    assert wet.fake_references == [editor.assets[TEXTURE]] and editor.broken == [] and dangling(editor) == []
    [report] = host.switch_reports
    assert report.deleted == [MATERIAL] and report.kept == {TEXTURE: ["/Game/Env/M_Wet"]}
    assert f"{TEXTURE} (used by /Game/Env/M_Wet)" in report.summary()
    assert ("warning", f"Brickyard: {report.summary()}") in editor.log  # the Output Log says it
    assert outcome.message == report.summary()  # and so does the Inventory, beside the container
    assert content.read_imported(mesh) == [TEXTURE, MESH]  # still the load's: the next switch tries again

    wet.fake_references = []  # the artist repoints M_Wet; the next switch clears the texture
    unreal.EditorAssetLibrary.save_loaded_asset(wet, False)
    fbx(tmp_path / "work" / "hero.fbx", "static_mesh", body="v3")
    ana.publish("film", "hero", "model", [tmp_path / "work" / "hero.fbx"], folder="chars")
    [outcome] = update_containers(ana, host, loaders, [container.id], "latest")
    assert outcome.ok, outcome.message
    assert in_folder(editor) == [MESH] and host.switch_reports[-1].deleted == [TEXTURE]
    assert editor.broken == []


def test_a_material_a_level_actor_overrides_with_is_kept_with_its_texture(ana, host, editor, tmp_path):
    loaders, container, mesh = loaded_hero(ana, host, editor, tmp_path)
    [actor] = editor.level.fake_actors
    material = editor.assets[MATERIAL]
    actor.static_mesh_component.set_material(0, material)  # the artist dragged v1's material onto the actor
    unreal.LevelEditorSubsystem().save_current_level()

    [outcome] = update_containers(ana, host, loaders, [container.id], "latest")
    assert outcome.ok, outcome.message

    assert in_folder(editor) == [MATERIAL, TEXTURE, MESH]
    assert list(actor.static_mesh_component.get_materials()) == [material]
    assert actor.static_mesh_component.static_mesh is mesh and mesh.fake_payload.endswith(b"v2, untextured")
    [report] = host.switch_reports
    assert report.deleted == [] and report.kept == {MATERIAL: ["/Game/Maps/Main"],
                                                    TEXTURE: [f"{FOLDER}/M_Hero"]}
    assert editor.broken == [] and dangling(editor) == []


def test_removing_a_load_deletes_its_folder_but_what_others_use(ana, host, editor, tmp_path):
    loaders, container, mesh = loaded_hero(ana, host, editor, tmp_path)
    wet = unreal.Material(None, "M_Wet").fake_register("/Game/Env/M_Wet")
    wet.fake_references = [editor.assets[TEXTURE]]
    unreal.EditorAssetLibrary.save_loaded_asset(wet)  # the registry knows saved packages only

    [outcome] = remove_containers(host, loaders, [container.id])
    assert outcome.ok, outcome.message
    assert editor.level.fake_actors == [] and in_folder(editor) == [TEXTURE]  # kept for M_Wet, said so
    assert editor.broken == [] and host.list_containers() == []
    assert any(level == "warning" and f"{TEXTURE} (used by /Game/Env/M_Wet)" in text for level, text in editor.log)

    second = load(ana, host, loaders.get("ImportFbx"), ana.version("brickyard://film/chars/hero?version=1"), "fbx")
    assert second.namespace == "/Game/Brickyard/chars/hero_2"  # the kept texture holds the old folder
    [outcome] = remove_containers(host, loaders, [second.id])
    assert outcome.ok and not unreal.EditorAssetLibrary.does_directory_exist(second.namespace)  # all of it went
    assert editor.broken == []
