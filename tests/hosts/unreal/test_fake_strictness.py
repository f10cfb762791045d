"""The fake editor is no kinder than the real one where an integration can trip: wrapper types that are
not Python's, folders answered relative, dead objects after a delete, redirectors after a consolidate,
the Asset Registry's saved-only view, refused content paths, missing subsystems, typed properties and
game-thread-only calls — and the host copes with each."""

from __future__ import annotations

import threading

import pytest

from brickyard.core.errors import InvalidInput
from brickyard.hosts.unreal import content, importing

import tests.fakes.unreal as unreal

from .conftest import fbx


def test_names_texts_arrays_and_maps_are_not_pythons_own_types():
    name = unreal.Name("Brickyard.Container.id")
    assert not isinstance(name, str) and str(name) == "Brickyard.Container.id"
    assert name == "brickyard.container.ID" and hash(name) == hash(unreal.Name("BRICKYARD.container.id"))
    assert not isinstance(unreal.Text("x"), str)
    array = unreal.Array.cast(unreal.Name, ["a", "b"])
    assert not isinstance(array, list) and all(isinstance(n, unreal.Name) for n in array)
    with pytest.raises(TypeError):
        unreal.Array(str).append(3)
    tags = unreal.Map.cast(unreal.Name, str, {"Brickyard.Options": "{}"})
    assert not isinstance(tags, dict) and tags["brickyard.options"] == "{}" and "BRICKYARD.OPTIONS" in tags


def test_metadata_comes_back_as_a_map_of_names_and_the_host_reads_it(editor, tmp_path):
    result = importing.run(importing.ImportRequest([fbx(tmp_path / "crate.fbx")], "/Game/Brickyard/props/crate",
                                                   "crate"))
    asset = unreal.EditorAssetLibrary.load_asset(result.main)
    content.write_load_options(asset, {"spawn": True})
    values = unreal.EditorAssetLibrary.get_metadata_tag_values(asset)
    assert isinstance(values, unreal.Map) and all(isinstance(k, unreal.Name) for k in values)
    assert content.read_load_options(asset) == {"spawn": True}


def test_paths_are_relative_to_the_engine_and_made_full_by_the_editor(editor):
    relative = unreal.Paths.project_content_dir()
    assert relative.startswith("../") and relative.endswith("/")
    assert unreal.Paths.convert_relative_path_to_full(relative) == f"{editor.project_dir}/Content/"


def test_a_deleted_assets_python_object_is_dead(editor, tmp_path):
    result = importing.run(importing.ImportRequest([fbx(tmp_path / "crate.fbx")], "/Game/Props/crate", "crate"))
    asset = unreal.EditorAssetLibrary.load_asset(result.main)
    assert unreal.EditorAssetLibrary.delete_asset(result.main)
    with pytest.raises(RuntimeError, match="was deleted"):
        asset.get_path_name()


def test_consolidating_leaves_a_redirector_in_the_old_package(editor):
    old = unreal.StaticMesh(None, "old").fake_register("/Game/A/old")
    new = unreal.StaticMesh(None, "new").fake_register("/Game/A/new")
    assert unreal.EditorAssetLibrary.consolidate_assets(new, unreal.Array.cast(unreal.Object, [old]))
    redirector = editor.assets["/Game/A/old.old"]
    assert redirector.get_class().get_name() == "ObjectRedirector" and redirector.fake_references == [new]


def test_the_registry_knows_referencers_only_once_they_are_saved(editor):
    mesh = unreal.StaticMesh(None, "mesh").fake_register("/Game/A/mesh")
    material = unreal.Material(None, "M").fake_register("/Game/A/M")
    material.fake_references = [mesh]
    assert list(unreal.EditorAssetLibrary.find_package_referencers_for_asset("/Game/A/mesh")) == []
    unreal.EditorAssetLibrary.save_loaded_asset(material)
    assert list(unreal.EditorAssetLibrary.find_package_referencers_for_asset("/Game/A/mesh")) == ["/Game/A/M"]


def test_content_paths_with_spaces_or_ampersands_are_refused_and_the_host_never_makes_one(editor, tmp_path):
    assert not unreal.EditorAssetLibrary.make_directory("/Game/My Props & Co")
    editor.make_directory_fails = True
    assert not unreal.EditorAssetLibrary.make_directory("/Game/Props")
    refused = importing.run(importing.ImportRequest([fbx(tmp_path / "c.fbx")], "/Game/My Props", "crate"))
    assert refused.main is None
    directory = content.load_directory("sets/Town & Country", "old crate #2")
    assert directory == "/Game/Brickyard/sets/Town___Country/old_crate__2"
    assert importing.run(importing.ImportRequest([fbx(tmp_path / "c.fbx")], directory, "crate")).main is not None


def test_a_missing_level_editor_is_said_plainly(editor, host):
    editor.missing_subsystems.add(unreal.LevelEditorSubsystem)
    with pytest.raises(InvalidInput, match="no level editor here"):
        host.save_instance({"id": "abc"})


def test_property_writes_are_type_checked():
    task = unreal.AssetImportTask()
    task.set_editor_property("automated", True)
    with pytest.raises(TypeError):
        task.set_editor_property("automated", "yes")
    with pytest.raises(TypeError):
        task.set_editor_property("destination_path", 3)


def test_an_editor_call_off_the_game_thread_is_caught(editor):
    errors = []

    def worker():
        try:
            unreal.EditorAssetLibrary.does_asset_exist("/Game/A/mesh")
        except RuntimeError as exc:
            errors.append(str(exc))

    thread = threading.Thread(target=worker, name="worker")
    thread.start()
    thread.join()
    assert errors and "off the game thread" in errors[0]
    assert editor.off_thread_calls == ["EditorAssetLibrary.does_asset_exist"]
    editor.off_thread_calls.clear()  # seen here on purpose; any other test that makes one fails
