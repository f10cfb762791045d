"""Switching without a server: what a switch touches is saved, whichever way the references moved."""

from __future__ import annotations

import dataclasses

import pytest

from brickyard.core.container import Container
from brickyard.hosts.unreal import content, importing, switching, unreal_loaders

import tests.fakes.unreal as unreal

from .conftest import fbx

DIRECTORY = "/Game/Brickyard/props/crate"
OLD = f"{DIRECTORY}/crate.crate"


def loaded_crate(tmp_path) -> tuple[Container, unreal.StaticMesh]:
    source = fbx(tmp_path / "lib" / "crate_v001.fbx", body="crate v1")
    result = importing.run(importing.ImportRequest([source], DIRECTORY, "crate"))
    assert result.main == OLD
    container = Container(reference="brickyard://film/props/crate?version=1&representation=fbx", asset_id=3,
                          version_id=5, representation="fbx", loader="ImportFbx", name="crate",
                          namespace=DIRECTORY)
    return container, unreal.EditorAssetLibrary.load_asset(OLD)


def used_by_a_material_and_an_actor(editor, mesh) -> tuple[unreal.Material, unreal.Actor]:
    material = unreal.Material(None, "M_Crate_Dirt").fake_register("/Game/Env/M_Crate_Dirt")
    material.fake_references = [mesh]
    unreal.EditorAssetLibrary.save_loaded_asset(material, False)
    actor = unreal.get_editor_subsystem(unreal.EditorActorSubsystem).spawn_actor_from_object(mesh, unreal.Vector())
    unreal.LevelEditorSubsystem().save_current_level()
    return material, actor


def test_consolidated_references_are_saved(editor, tmp_path, monkeypatch):
    container, old = loaded_crate(tmp_path)
    material, actor = used_by_a_material_and_an_actor(editor, old)
    saves = editor.level.fake_saves
    real_run = importing.run

    def refused_in_place(request):  # e.g. the old package is checked out by someone else
        if request.name == "crate":
            return importing.ImportResult([], None, "interchange")
        return real_run(request)

    monkeypatch.setattr(importing, "run", refused_in_place)
    report = switching.switch(container, [fbx(tmp_path / "lib" / "crate_v002.fbx", body="crate v2")],
                              asset="crate", version=2)

    new_path = f"{DIRECTORY}/crate_v002.crate_v002"
    assert (report.in_place, report.consolidated, report.new_path) == (False, True, new_path)
    new = editor.assets[new_path]
    assert material.fake_references == [new] and not material.fake_dirty  # repointed and saved
    assert material.fake_saved_metadata is not None
    assert actor.static_mesh_component.static_mesh is new and editor.level.fake_saves == saves + 1
    assert OLD not in editor.assets and report.unsaved == []


def test_a_new_version_the_importer_put_beside_is_kept_and_used(editor, tmp_path, monkeypatch):
    container, old = loaded_crate(tmp_path)
    _, actor = used_by_a_material_and_an_actor(editor, old)
    real_run = importing.run

    def renamed_beside(request):  # an importer that would not replace and named the new one itself
        if request.name == "crate":
            return real_run(dataclasses.replace(request, name="crate_1", replace=False))
        return real_run(request)

    monkeypatch.setattr(importing, "run", renamed_beside)
    report = switching.switch(container, [fbx(tmp_path / "lib" / "crate_v002.fbx", body="crate v2")],
                              asset="crate", version=2)

    assert report.new_path == f"{DIRECTORY}/crate_1.crate_1" and report.consolidated
    assert actor.static_mesh_component.static_mesh is editor.assets[report.new_path]
    assert editor.assets[report.new_path].fake_payload.endswith(b"crate v2")


@pytest.mark.parametrize("suffix", [".glb", ".usda"])
def test_a_gltf_or_usd_animation_comes_with_its_skeleton_and_switches_in_place(editor, tmp_path, suffix):
    loader = unreal_loaders().serving(kind="animation", representation=suffix[1:])
    assert [c.name() for c in loader] == [{".glb": "ImportGltf", ".usda": "ImportUsd"}[suffix]]
    directory = "/Game/Brickyard/anims/walk"
    source = tmp_path / "lib" / f"walk_v001{suffix}"
    source.parent.mkdir(parents=True)
    source.write_text("gltf skeletal_mesh animation\nwalk v1")
    result = importing.run(importing.ImportRequest([source], directory, "walk"))
    assert result.main == f"{directory}/walk.walk"
    clip = editor.assets[f"{directory}/walk_Anim.walk_Anim"]
    assert type(clip).__name__ == "AnimSequence"
    assert clip.fake_references == [editor.assets[f"{directory}/walk_Skeleton.walk_Skeleton"]]

    container = Container(reference="brickyard://film/anims/walk?version=1&representation=glb", asset_id=4,
                          version_id=6, representation=suffix[1:], loader=loader[0].name(), name="walk",
                          namespace=directory)
    v2 = tmp_path / "lib" / f"walk_v002{suffix}"
    v2.write_text("gltf skeletal_mesh animation\nwalk v2")
    report = switching.switch(container, [v2], asset="crate", version=2)
    assert report.in_place
    assert editor.assets[f"{directory}/walk_Anim.walk_Anim"] is clip and clip.fake_payload.endswith(b"walk v2")


def test_a_clip_v2_no_longer_brings_is_deleted_and_the_skeleton_it_used_stays(editor, tmp_path):
    directory = "/Game/Brickyard/anims/walk"
    v1, v2 = tmp_path / "lib" / "walk_v001.glb", tmp_path / "lib" / "walk_v002.glb"
    v1.parent.mkdir(parents=True)
    v1.write_text("gltf skeletal_mesh animation\nwalk v1")
    v2.write_text("gltf skeletal_mesh\nwalk v2, no clip")
    loader = unreal_loaders().get("ImportGltf")
    result = importing.run(importing.ImportRequest([v1], directory, "walk"))
    content.write_imported(editor.assets[f"{directory}/walk.walk"], result.object_paths)  # as a load records
    container = Container(reference="brickyard://film/anims/walk?version=1&representation=glb", asset_id=4,
                          version_id=6, representation="glb", loader=loader.name(), name="walk", namespace=directory)

    report = switching.switch(container, [v2], asset="crate", version=2)

    assert report.in_place and report.deleted == [f"{directory}/walk_Anim.walk_Anim"]
    assert sorted(unreal.EditorAssetLibrary.list_assets(directory)) == [
        f"{directory}/walk.walk", f"{directory}/walk_PhysicsAsset.walk_PhysicsAsset",
        f"{directory}/walk_Skeleton.walk_Skeleton"]
    assert editor.broken == []


def test_beside_a_changed_type_the_old_mesh_and_what_it_used_go_together(editor, tmp_path):
    source = fbx(tmp_path / "lib" / "crate_v001.fbx", "static_mesh material=M_Crate texture=T_Crate", body="v1")
    result = importing.run(importing.ImportRequest([source], DIRECTORY, "crate"))
    content.write_imported(editor.assets[OLD], result.object_paths)
    container = Container(reference="brickyard://film/props/crate?version=1&representation=fbx", asset_id=3,
                          version_id=5, representation="fbx", loader="ImportFbx", name="crate", namespace=DIRECTORY)
    unreal.get_editor_subsystem(unreal.EditorActorSubsystem).spawn_actor_from_object(editor.assets[OLD],
                                                                                      unreal.Vector())

    report = switching.switch(container, [fbx(tmp_path / "lib" / "crate_v002.fbx", "skeletal_mesh")],
                              asset="crate", version=2)

    assert not report.in_place and report.replaced_actors
    assert sorted(report.deleted) == [f"{DIRECTORY}/M_Crate.M_Crate", f"{DIRECTORY}/T_Crate.T_Crate", OLD]
    made = sorted(unreal.EditorAssetLibrary.list_assets(DIRECTORY))
    assert made == sorted(f"{DIRECTORY}/crate_v002{s}.crate_v002{s}" for s in ("", "_PhysicsAsset", "_Skeleton"))
    assert content.read_imported(editor.assets[report.new_path]) == made
    assert editor.broken == []


def test_a_load_made_before_the_record_counts_its_whole_folder_as_its_own(editor, tmp_path):
    source = fbx(tmp_path / "lib" / "crate_v001.fbx", "static_mesh material=M_Crate", body="v1")
    importing.run(importing.ImportRequest([source], DIRECTORY, "crate"))  # nothing recorded
    container = Container(reference="brickyard://film/props/crate?version=1&representation=fbx", asset_id=3,
                          version_id=5, representation="fbx", loader="ImportFbx", name="crate", namespace=DIRECTORY)
    assert content.read_imported(editor.assets[OLD]) is None

    report = switching.switch(container, [fbx(tmp_path / "lib" / "crate_v002.fbx", body="v2")],
                              asset="crate", version=2)

    assert report.deleted == [f"{DIRECTORY}/M_Crate.M_Crate"]
    assert list(unreal.EditorAssetLibrary.list_assets(DIRECTORY)) == [OLD]
    assert content.read_imported(editor.assets[OLD]) == [OLD]


def test_a_leftover_unreal_will_not_delete_is_named(editor, tmp_path, monkeypatch):
    source = fbx(tmp_path / "lib" / "crate_v001.fbx", "static_mesh material=M_Crate", body="v1")
    result = importing.run(importing.ImportRequest([source], DIRECTORY, "crate"))
    content.write_imported(editor.assets[OLD], result.object_paths)
    container = Container(reference="brickyard://film/props/crate?version=1&representation=fbx", asset_id=3,
                          version_id=5, representation="fbx", loader="ImportFbx", name="crate", namespace=DIRECTORY)
    monkeypatch.setattr(unreal.EditorAssetLibrary, "delete_asset", classmethod(lambda cls, path: False))

    report = switching.switch(container, [fbx(tmp_path / "lib" / "crate_v002.fbx", body="v2")],
                              asset="crate", version=2)

    material = f"{DIRECTORY}/M_Crate.M_Crate"
    assert report.undeleted == [material] and report.needs_attention
    assert f"Unreal would not delete {material}" in report.summary()
    assert content.read_imported(editor.assets[OLD]) == [material, OLD]  # tried again next time


def test_a_version_imported_beside_is_named_by_what_it_is_not_by_the_name_before(editor, tmp_path, monkeypatch):
    """Two type changes in a row: v2 lands beside as crate_v002, then v1 as crate_v001 (not crate_v002_v001)."""
    container, _ = loaded_crate(tmp_path)
    real_run = importing.run

    def never_in_place(request):  # every in-place re-import refused, as after a type change
        if request.name == container_now.name:
            return importing.ImportResult([], None, "interchange")
        return real_run(request)

    container_now = container
    monkeypatch.setattr(importing, "run", never_in_place)
    first = switching.switch(container, [fbx(tmp_path / "lib" / "crate_v002.fbx", body="v2")], asset="crate",
                             version=2)
    assert first.new_path == f"{DIRECTORY}/crate_v002.crate_v002"
    container_now = container.model_copy(update={"name": "crate_v002"})  # what the loader's update records

    second = switching.switch(container_now, [fbx(tmp_path / "lib" / "crate_v001.fbx", body="v1 again")],
                              asset="crate", version=1)

    assert second.new_path == f"{DIRECTORY}/crate_v001.crate_v001"
    assert not any("_v002_v001" in path for path in editor.assets)
