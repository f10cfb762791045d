"""Files Blender cannot pack are published beside the .blend: a material's image SEQUENCE (PNG frames
written here) and a MeshSequenceCache reading an Alembic file Blender exported go into the same
representation, the .blend reads them relative to itself, and once the artist's files are gone a
linked or appended collection still reads them from the downloaded version. The workfile is left as
it was, also when the write fails; with nothing unpackable the .blend is published alone as before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.core.inventory import update_containers  # noqa: E402
from brickyard.core.load import load  # noqa: E402
from brickyard.core.publish import PublishSession, discover_publish_plugins  # noqa: E402
from brickyard.hosts.blender import PUBLISH_DIR  # noqa: E402
from brickyard.hosts.blender.creators import CreateCollection  # noqa: E402
from brickyard.hosts.blender.publish._write_blend import destinations, write_blend  # noqa: E402

from .scenes import mesh_collection, new_file, save_as  # noqa: E402

COLOURS = [(1.0, 0.0, 0.0, 1.0), (0.0, 1.0, 0.0, 1.0), (0.0, 0.0, 1.0, 1.0)]  # frames 1, 2, 3
SEQUENCE_FILES = ["files/seq/frame.0001.png", "files/seq/frame.0002.png", "files/seq/frame.0003.png"]


def png_frames(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for frame, colour in enumerate(COLOURS, start=1):
        image = bpy.data.images.new("frame", 2, 2)
        image.pixels[:] = colour * 4
        image.filepath_raw, image.file_format = str(folder / f"frame.{frame:04d}.png"), "PNG"
        image.save()
        bpy.data.images.remove(image)


def alembic_cube(path: Path) -> bpy.types.CacheFile:
    """A cube exported by Blender's own Alembic exporter, then opened as a cache file (the import's
    objects are dropped: only the CacheFile datablock stays)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    bpy.ops.mesh.primitive_cube_add()
    cube = bpy.context.active_object
    bpy.ops.wm.alembic_export(filepath=str(path), selected=True, start=1, end=1)
    bpy.data.objects.remove(cube)
    before = set(bpy.data.objects)
    bpy.ops.wm.alembic_import(filepath=str(path), as_background_job=False)
    for obj in set(bpy.data.objects) - before:
        bpy.data.objects.remove(obj)
    [cache] = bpy.data.cache_files
    return cache


def barrel_with_external_files(src: Path) -> bpy.types.Collection:
    """``barrel``: a 3-vertex mesh whose material samples an image sequence and whose geometry comes
    from a MeshSequenceCache (the cube's 8 vertices once the cache is read). Paths relative to the workfile."""
    save_as(src.parent / "work" / "barrel.blend")  # first, so the paths below are relative like an artist's
    png_frames(src / "seq")
    sequence = bpy.data.images.load(str(src / "seq" / "frame.0001.png"))
    sequence.source = "SEQUENCE"
    sequence.filepath = bpy.path.relpath(sequence.filepath)
    cache = alembic_cube(src / "cache" / "anim.abc")
    coll = mesh_collection("barrel", 3)
    geo = bpy.data.objects["barrel_geo"]
    modifier = geo.modifiers.new("cache", "MESH_SEQUENCE_CACHE")
    modifier.cache_file, modifier.object_path = cache, "/Cube/Cube"
    material = bpy.data.materials.new("barrel_mat")
    material.node_tree.nodes.new("ShaderNodeTexImage").image = sequence
    geo.data.materials.append(material)
    bpy.ops.wm.save_mainfile()
    return coll


def path_map() -> dict[str, set[str]]:
    return {f"{type(i).__name__}:{i.name}": paths for i, paths in bpy.data.file_path_map().items() if paths}


def session(client, host):
    return PublishSession(client, host, discover_publish_plugins(host.name, [PUBLISH_DIR]))


def evaluated_vertices(obj) -> int:
    return len(obj.evaluated_get(bpy.context.evaluated_depsgraph_get()).data.vertices)


def under(path: str, root: Path) -> bool:
    return Path(path).resolve().is_relative_to(root.resolve())


@pytest.mark.parametrize("loader", ["LinkBlend", "AppendBlend"])
def test_a_sequence_and_a_cache_travel_with_the_published_blend(connected, host, loaders, tmp_path, loader):
    src = tmp_path / "src"
    barrel_with_external_files(src)
    assert evaluated_vertices(bpy.data.objects["barrel_geo"]) == 8  # the cache is read in the workfile
    before = path_map()
    CreateCollection().create(host, target="barrel", folder="props")
    report = session(connected, host).publish()
    assert report.passed, [r.message for r in report.failures]

    # The workfile reads its files where it did: every path as before, nothing packed.
    assert path_map() == before
    assert before == {"CacheFile:anim.abc": {"//../src/cache/anim.abc"},
                      "Image:frame.0001.png": {"//../src/seq/frame.0001.png"}}
    assert not any(i.packed_files for i in bpy.data.images)

    version = connected.version(report.published[0])
    [blend] = [r for r in version.representations if r.name == "blend"]
    assert sorted(f.path for f in blend.files) == ["barrel.blend", "files/cache/anim.abc", *SEQUENCE_FILES]

    shutil.rmtree(src)  # the artist's files are gone: only the published version can serve them
    new_file(tmp_path / "shot.blend")
    load(connected, host, loaders.get(loader), version, "blend")
    library_root = tmp_path / "library"

    [cache] = bpy.data.cache_files
    cache_path = bpy.path.abspath(cache.filepath, library=cache.library)
    assert Path(cache_path).is_file() and under(cache_path, library_root)
    geo = next(o for o in bpy.data.objects if o.name.startswith("barrel_geo"))
    assert evaluated_vertices(geo) == 8  # Blender read the cube from the downloaded cache

    [sequence] = bpy.data.images
    assert sequence.source == "SEQUENCE" and (sequence.library is not None) == (loader == "LinkBlend")
    viewer = bpy.data.objects.new("viewer", None)  # an image empty: an image user whose frame we can set
    viewer.empty_display_type, viewer.data = "IMAGE", sequence
    bpy.context.scene.collection.objects.link(viewer)
    for frame, colour in enumerate(COLOURS, start=1):
        viewer.image_user.frame_current = frame
        path = sequence.filepath_from_user(image_user=viewer.image_user)
        assert Path(path).name == f"frame.{frame:04d}.png" and under(path, library_root)
        pixels = bpy.data.images.load(path, check_existing=False).pixels[:4]
        assert tuple(pixels) == pytest.approx(colour)


def test_with_nothing_unpackable_the_blend_is_published_alone(connected, host, tmp_path):
    mesh_collection("crate", 8)
    save_as(tmp_path / "crate.blend")
    CreateCollection().create(host, target="crate", folder="props")
    report = session(connected, host).publish()
    assert report.passed, [r.message for r in report.failures]
    [blend] = [r for r in connected.version(report.published[0]).representations if r.name == "blend"]
    assert [f.path for f in blend.files] == ["crate.blend"]
    [placed] = connected.download(report.published[0], representation="blend")
    assert placed.name == "crate_v001.blend"


def test_the_workfile_keeps_its_paths_when_the_write_fails(tmp_path):
    src = tmp_path / "src"
    coll = barrel_with_external_files(src)
    before = path_map()
    staging = tmp_path / "staging"
    (staging / "blend" / "barrel.blend").mkdir(parents=True)  # a folder where the file should go
    with pytest.raises(Exception):  # noqa: B017 - whatever Blender raises, the paths must come back
        write_blend(coll, staging, "barrel.blend")
    assert path_map() == before


def test_a_cache_files_layers_are_published_beside_it_too(tmp_path):
    coll = barrel_with_external_files(tmp_path / "src")
    [cache] = bpy.data.cache_files
    (tmp_path / "src" / "fixes").mkdir()
    bpy.ops.mesh.primitive_cube_add()
    bpy.ops.wm.alembic_export(filepath=str(tmp_path / "src" / "fixes" / "over.abc"), selected=True, start=1, end=1)
    bpy.data.objects.remove(bpy.context.active_object)
    layer = cache.layers.new(str(tmp_path / "src" / "fixes" / "over.abc"))
    before = path_map()

    written = write_blend(coll, tmp_path / "staging", "barrel.blend")
    assert layer.filepath == str(tmp_path / "src" / "fixes" / "over.abc") and path_map() == before
    assert sorted(p.relative_to(written.representation).as_posix()
                  for p in written.representation.rglob("*") if p.is_file()) == [
        "barrel.blend", "files/cache/anim.abc", "files/fixes/over.abc", *SEQUENCE_FILES]

    bpy.ops.wm.open_mainfile(filepath=str(written.blend))
    [cache] = bpy.data.cache_files
    assert (cache.filepath, [la.filepath for la in cache.layers]) == (
        "//files/cache/anim.abc", ["//files/fixes/over.abc"])


def test_folders_of_the_same_name_are_told_apart():
    files = [Path("/a/cache/x.abc"), Path("/b/Cache/x.abc"), Path("/b/my seq/f.0001.png")]
    assert destinations(files) == {Path("/a/cache/x.abc"): "files/cache/x.abc",
                                   Path("/b/Cache/x.abc"): "files/Cache_2/x.abc",
                                   Path("/b/my seq/f.0001.png"): "files/my_seq/f.0001.png"}


def test_switching_a_linked_container_reads_the_new_versions_files(connected, host, loaders, tmp_path):
    src = tmp_path / "src"
    barrel_with_external_files(src)
    workfile = bpy.data.filepath
    CreateCollection().create(host, target="barrel", folder="props")
    first = session(connected, host).publish()
    assert first.passed, [r.message for r in first.failures]
    for frame in (1, 2, 3):  # v2: every frame white
        image = bpy.data.images.load(str(src / "seq" / f"frame.{frame:04d}.png"), check_existing=False)
        image.pixels[:] = (1.0,) * 16
        image.save()
    second = session(connected, host).publish()
    assert second.passed, [r.message for r in second.failures]
    shutil.rmtree(src)

    new_file(tmp_path / "shot.blend")
    container = load(connected, host, loaders.get("LinkBlend"), connected.version(first.published[0]), "blend")
    [outcome] = update_containers(connected, host, loaders, [container.id], "latest")
    assert outcome.ok and outcome.to_version == 2, outcome.message
    assert bpy.data.filepath != workfile

    [sequence] = bpy.data.images
    [cache] = bpy.data.cache_files
    for used in (bpy.path.abspath(sequence.filepath, library=sequence.library),
                 bpy.path.abspath(cache.filepath, library=cache.library)):
        assert "v002" in Path(used).parts and Path(used).is_file()
    pixels = bpy.data.images.load(bpy.path.abspath(sequence.filepath, library=sequence.library),
                                  check_existing=False).pixels[:4]
    assert tuple(pixels) == pytest.approx((1.0, 1.0, 1.0, 1.0))
