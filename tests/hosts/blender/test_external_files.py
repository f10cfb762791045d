"""External files of a published collection: a real texture on disk — used by a material and from inside
a node group — is packed into the published .blend (the workfile keeps reading it from disk), and a
texture missing on disk stops the publish with its name."""

from __future__ import annotations

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.core.load import load  # noqa: E402
from brickyard.core.publish import PublishSession, discover_publish_plugins  # noqa: E402
from brickyard.hosts.blender import PUBLISH_DIR  # noqa: E402
from brickyard.hosts.blender.creators import CreateCollection  # noqa: E402

from .scenes import mesh_collection, new_file, save_as  # noqa: E402

RED, BLUE = (1.0, 0.0, 0.0, 1.0), (0.0, 0.0, 1.0, 1.0)


def texture(path, colour):
    """A real 2×2 PNG of one colour on disk, loaded as an image reading that file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = bpy.data.images.new(path.stem, 2, 2)
    image.pixels[:] = colour * 4
    image.filepath_raw, image.file_format = str(path), "PNG"
    image.save()
    bpy.data.images.remove(image)
    return bpy.data.images.load(str(path))


def textured_collection(name, direct, nested):
    """``name`` holding a mesh whose material samples ``direct`` itself and ``nested`` inside a node group."""
    coll = mesh_collection(name, 6)
    material = bpy.data.materials.new(f"{name}_mat")
    material.node_tree.nodes.new("ShaderNodeTexImage").image = direct
    group = bpy.data.node_groups.new(f"{name}_grime", "ShaderNodeTree")
    group.nodes.new("ShaderNodeTexImage").image = nested
    material.node_tree.nodes.new("ShaderNodeGroup").node_tree = group
    bpy.data.objects[f"{name}_geo"].data.materials.append(material)
    return coll


def session(client, host):
    return PublishSession(client, host, discover_publish_plugins(host.name, [PUBLISH_DIR]))


def test_textures_are_packed_into_the_published_blend(connected, host, loaders, tmp_path):
    src = tmp_path / "textures"
    wood, grime = texture(src / "wood.png", RED), texture(src / "grime.png", BLUE)
    textured_collection("barrel", wood, grime)
    save_as(tmp_path / "barrel.blend")
    CreateCollection().create(host, target="barrel", folder="props")
    report = session(connected, host).publish()
    assert report.passed, [r.message for r in report.failures]
    # The workfile still reads its textures from disk: packing was for the written file only.
    assert [(i.name, i.packed_file) for i in (wood, grime)] == [("wood.png", None), ("grime.png", None)]
    assert bpy.path.abspath(wood.filepath) == str(src / "wood.png")

    for png in src.iterdir():  # the published file must need nothing from the artist's disk
        png.unlink()
    new_file(tmp_path / "shot.blend")
    load(connected, host, loaders.get("LinkBlend"), connected.version(report.published[0]), "blend")
    linked = {i.name: i for i in bpy.data.images if i.library is not None}
    assert sorted(linked) == ["grime.png", "wood.png"]
    for name, colour in (("wood.png", RED), ("grime.png", BLUE)):
        assert linked[name].packed_file is not None
        assert tuple(linked[name].pixels[:4]) == pytest.approx(colour)


def test_a_texture_missing_on_disk_stops_the_publish(connected, host, tmp_path):
    wood = texture(tmp_path / "textures" / "wood.png", RED)
    grime = texture(tmp_path / "textures" / "grime.png", BLUE)
    textured_collection("barrel", wood, grime)
    (tmp_path / "textures" / "grime.png").unlink()  # moved away on disk; only a node group uses it
    save_as(tmp_path / "barrel.blend")
    CreateCollection().create(host, target="barrel", folder="props")
    report = session(connected, host).publish()
    [failure] = report.failures
    assert failure.plugin == "ValidateExternalFiles"
    assert "image 'grime.png'" in failure.message and "wood" not in failure.message
    assert "Find Missing Files" in failure.message
    assert [a.name for a in connected.assets("film")] == []


def test_files_of_objects_outside_the_collection_are_not_its_concern(connected, host, tmp_path):
    wood = texture(tmp_path / "textures" / "wood.png", RED)
    ghost = texture(tmp_path / "textures" / "ghost.png", BLUE)
    textured_collection("barrel", wood, wood)
    textured_collection("other", ghost, ghost)  # another collection's texture, missing: not barrel's problem
    (tmp_path / "textures" / "ghost.png").unlink()
    save_as(tmp_path / "barrel.blend")
    CreateCollection().create(host, target="barrel", folder="props")
    assert session(connected, host).validate().passed
