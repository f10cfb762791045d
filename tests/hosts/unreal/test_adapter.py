"""The Unreal host without a server: containers as saved string tags, instances on the level, imports."""

from __future__ import annotations

import pytest
from brickyard.core.container import Container
from brickyard.core.errors import InvalidInput
from brickyard.hosts.unreal import importing
from brickyard.hosts.unreal.loaders._import_asset import remove_load

import tests.fakes.unreal as unreal

from .conftest import fbx


def imported(tmp_path, name="hero", kind="static_mesh", directory="/Game/Brickyard/chars/hero"):
    source = fbx(tmp_path / "lib" / f"{name}_v001.fbx", kind, body=f"{name} v1")
    return importing.run(importing.ImportRequest([source], directory, name))


def container_data(directory="/Game/Brickyard/chars/hero", name="hero") -> dict:
    return Container(reference="brickyard://film/chars/hero?version=1&representation=fbx", asset_id=7,
                     version_id=11, representation="fbx", loader="ImportFbx", name=name,
                     namespace=directory).to_data()


def test_containers_are_saved_string_tags_listed_without_loading(host, editor, tmp_path):
    imported(tmp_path)
    data = container_data()
    host.write_container(data)
    asset = editor.assets["/Game/Brickyard/chars/hero/hero.hero"]
    assert asset.fake_saved_metadata["brickyard_container_version_id"] == "11"  # saved, as a string
    unreal.fake_restart()
    [found] = host.list_containers()
    assert Container.model_validate(found) == Container.model_validate(data)
    assert editor.loads == []


def test_without_registered_tags_only_brickyard_main_assets_are_loaded(host, editor, tmp_path):
    editor.registry_metadata_tags.clear()  # the project never got the installer's ini setting
    imported(tmp_path, kind="skeletal_mesh")
    host.write_container(container_data())
    unreal.fake_restart()
    [found] = host.list_containers()
    assert (found["name"], found["version_id"]) == ("hero", "11")
    assert editor.loads == ["/Game/Brickyard/chars/hero/hero.hero"]  # not the skeleton, not the physics asset


def side_assets(editor, directory="/Game/Brickyard/chars/hero"):
    """What importers leave beside a load's main asset (textures of a glTF, a mesh a switch kept), saved."""
    for cls, name in ((unreal.Texture2D, "T_hero_albedo"), (unreal.StaticMesh, "hero_old")):
        unreal.EditorAssetLibrary.save_loaded_asset(cls(None, name).fake_register(f"{directory}/{name}"), False)


def test_registered_tags_answer_for_every_load_so_no_side_asset_is_loaded(host, editor, tmp_path):
    imported(tmp_path)
    host.write_container(container_data())
    side_assets(editor)
    unreal.fake_restart()
    assert len(host.list_containers()) == 1
    assert editor.loads == []


def test_while_the_registry_still_gathers_brickyards_folder_is_scanned_first(host, editor, tmp_path):
    imported(tmp_path)
    host.write_container(container_data())
    unreal.fake_restart()  # a fresh editor: the registry gathers what is on disk in the background
    assert unreal.AssetRegistryHelpers.get_asset_registry().is_loading_assets()
    [found] = host.list_containers()
    assert found["name"] == "hero" and editor.loads == []


def test_without_registered_tags_one_asset_is_loaded_per_load(host, editor, tmp_path):
    editor.registry_metadata_tags.clear()
    imported(tmp_path)
    host.write_container(container_data())
    side_assets(editor)
    imported(tmp_path, name="crate", directory="/Game/Brickyard/props/crate")
    host.write_container(container_data("/Game/Brickyard/props/crate", "crate"))
    side_assets(editor, "/Game/Brickyard/props/crate")
    unreal.fake_restart()
    assert sorted(c["name"] for c in host.list_containers()) == ["crate", "hero"]
    assert sorted(editor.loads) == ["/Game/Brickyard/chars/hero/hero.hero", "/Game/Brickyard/props/crate/crate.crate"]


def test_interchange_names_after_the_file_so_the_file_is_presented_under_the_asset_name(editor, tmp_path):
    result = imported(tmp_path)  # FBX through Interchange (UE 5.5+ default) from hero_v001.fbx
    assert result.importer == "interchange" and result.main == "/Game/Brickyard/chars/hero/hero.hero"
    assert editor.assets[result.main].asset_import_data.get_first_filename().endswith("/hero.fbx")


def test_an_animation_goes_through_the_legacy_importer_and_the_setting_is_restored(editor, tmp_path):
    rig = imported(tmp_path, kind="skeletal_mesh")
    skeleton = next(p for p in rig.object_paths if p.endswith("_Skeleton"))
    from brickyard.hosts.unreal.loaders.import_fbx import FbxOptions, ImportFbx

    loader = ImportFbx(None)  # type: ignore[arg-type]
    options = FbxOptions(skeleton=skeleton)
    source = fbx(tmp_path / "lib" / "walk_v001.fbx", "animation", body="walk cycle")
    result = importing.run(importing.ImportRequest([source], "/Game/Brickyard/anims/walk", "walk",
                                                   options=loader.import_options(options),
                                                   legacy_fbx=loader.legacy_fbx(options)))
    assert result.importer == "legacy" and result.main == "/Game/Brickyard/anims/walk/walk.walk"
    assert type(editor.assets[result.main]).__name__ == "AnimSequence"
    assert editor.console["Interchange.FeatureFlags.Import.FBX"] == "True"


def test_a_missing_skeleton_is_named(tmp_path):
    from brickyard.hosts.unreal.loaders.import_fbx import FbxOptions, ImportFbx

    with pytest.raises(InvalidInput, match="/Game/Rigs/nobody_Skeleton is not in the project"):
        ImportFbx(None).import_options(FbxOptions(skeleton="/Game/Rigs/nobody_Skeleton"))  # type: ignore[arg-type]


def test_instances_and_context_live_on_the_saved_level(host, editor):
    host.set_context(folder="shots", asset="sh010")
    host.save_instance({"id": "abc", "schema": "brickyard/instance/1", "asset": "sh010"})
    unreal.fake_restart()
    assert host.context().folder == "shots"
    assert host.list_instances() == [{"id": "abc", "schema": "brickyard/instance/1", "asset": "sh010"}]
    host.remove_instance("abc")
    assert host.list_instances() == []
    assert host.workfile() == editor.project_dir / "Content" / "Maps" / "Main.umap"


def test_the_workfile_is_absolute_though_unreal_answers_its_folders_relative(host, editor):
    assert unreal.Paths.project_content_dir().startswith("../")  # relative to the engine's binaries, as UE does
    workfile = host.workfile()
    assert workfile is not None and workfile.is_absolute() and ".." not in workfile.parts
    assert workfile == editor.project_dir / "Content" / "Maps" / "Main.umap"


def test_an_untitled_level_cannot_keep_instances_and_says_so(host, editor):
    unreal.fake_new_level("/Temp/Untitled_1")
    assert host.workfile() is None
    with pytest.raises(InvalidInput, match="never saved"):
        host.save_instance({"id": "abc"})


def test_remove_refuses_while_another_asset_uses_it(host, editor, tmp_path):
    imported(tmp_path)
    mesh = editor.assets["/Game/Brickyard/chars/hero/hero.hero"]
    material_user = unreal.Material(None, "M_Uses").fake_register("/Game/Env/M_Uses")
    material_user.fake_references = [mesh]
    unreal.EditorAssetLibrary.save_loaded_asset(material_user)  # the registry knows saved packages only
    container = Container.model_validate(container_data())
    with pytest.raises(InvalidInput, match="still used by /Game/Env/M_Uses"):
        remove_load(container)
    assert mesh.get_path_name() in editor.assets
    material_user.fake_references = []
    unreal.EditorAssetLibrary.save_loaded_asset(material_user, False)
    unreal.get_editor_subsystem(unreal.EditorActorSubsystem).spawn_actor_from_object(mesh, unreal.Vector())
    remove_load(container)
    assert editor.level.fake_actors == [] and "/Game/Brickyard/chars/hero/hero.hero" not in editor.assets
