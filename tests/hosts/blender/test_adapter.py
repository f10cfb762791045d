"""The Blender host adapter: containers found through the index survive renames, saving and reopening;
deleted ones disappear; instances keep pointing at their collection after a rename."""

from __future__ import annotations

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.core.host import Host  # noqa: E402
from brickyard.hosts.blender.adapter import BlenderHost  # noqa: E402
from brickyard.hosts.blender.creators import CreateCamera, CreateCollection  # noqa: E402

from .scenes import mesh_collection, save_as  # noqa: E402

DATA = {"schema": "brickyard/container/1", "reference": "brickyard://film/chars/hero?version=1&representation=blend",
        "asset_id": 1, "version_id": 1, "representation": "blend", "loader": "LinkBlend", "namespace": "chars"}


def contained(host, name="hero", container_id="c1"):
    empty = bpy.data.objects.new(name, None)
    bpy.context.scene.collection.objects.link(empty)
    host.adopt(container_id, empty)
    host.write_container({**DATA, "id": container_id, "name": name})
    return empty


def test_is_a_host():
    assert isinstance(BlenderHost("film"), Host)


def test_containers_survive_rename_save_and_reopen(tmp_path):
    host = BlenderHost("film")
    empty = contained(host)
    empty.name = "hero_left"
    [data] = host.list_containers()
    assert data["name"] == "hero_left" and data["reference"] == DATA["reference"]
    save_as(tmp_path / "shot.blend")
    bpy.ops.wm.read_homefile(use_empty=True)
    assert host.list_containers() == []
    bpy.ops.wm.open_mainfile(filepath=str(tmp_path / "shot.blend"))
    assert host.read_container("c1")["name"] == "hero_left"
    assert host.workfile() == tmp_path / "shot.blend"


def test_deleted_containers_disappear_and_are_forgotten():
    host = BlenderHost("film")
    keep, gone = contained(host, "keep", "c1"), contained(host, "gone", "c2")
    bpy.context.scene.collection.objects.unlink(gone)  # what deleting it in the viewport does
    assert [c["id"] for c in host.list_containers()] == ["c1"] and host.read_container("c2") is None
    bpy.data.objects.remove(keep)
    assert host.list_containers() == []
    host.remove_container("c1")
    assert "c1" not in bpy.context.scene["brickyard_containers"]


def test_write_without_adopt_names_the_fix():
    with pytest.raises(LookupError, match="must call host.adopt"):
        BlenderHost("film").write_container({**DATA, "id": "nope", "name": "x"})


def test_instances_follow_their_collection_through_a_rename(tmp_path):
    host = BlenderHost("film")
    coll = mesh_collection("crate", 4)
    spec = CreateCollection().create(host, target="crate", folder="props", formats=["blend", "glb"])
    assert spec.asset == "crate" and spec.host_data["formats"] == ["blend", "glb"]
    coll.name = "crate_renamed"
    save_as(tmp_path / "props.blend")
    bpy.ops.wm.open_mainfile(filepath=str(tmp_path / "props.blend"))
    [data] = host.list_instances()
    assert data["id"] == spec.id and host.instance_target(spec.id).name == "crate_renamed"
    host.remove_instance(spec.id)
    assert host.list_instances() == []


def test_creators_refuse_what_is_not_there():
    host = BlenderHost("film")
    with pytest.raises(ValueError, match="no local collection 'ghost'"):
        CreateCollection().create(host, target="ghost")
    with pytest.raises(ValueError, match="no camera object"):
        CreateCamera().create(host, target="")
    mesh_collection("crate", 4)
    with pytest.raises(ValueError, match="can write"):
        CreateCollection().create(host, target="crate", formats=["mov"])


def test_workfile_copy_leaves_the_open_file(tmp_path):
    host = BlenderHost("film")
    save_as(tmp_path / "a.blend")
    copy = host.save_workfile_copy(tmp_path / "copies" / "b.blend")
    assert copy.is_file() and host.workfile() == tmp_path / "a.blend"
