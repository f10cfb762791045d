"""Each creator publishes through the real exporters: an animation cache, a camera, rendered frames
(PNG and EXR), each with a thumbnail that shows something; the animation cache loads back animated;
and a model's unapplied transforms are caught and repaired."""

from __future__ import annotations

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.core.load import load  # noqa: E402
from brickyard.core.publish import PublishSession, discover_publish_plugins  # noqa: E402
from brickyard.hosts.blender import PUBLISH_DIR  # noqa: E402
from brickyard.hosts.blender.creators import (  # noqa: E402
    CreateAnimation,
    CreateCamera,
    CreateCollection,
    CreateRender,
)

from .scenes import mesh_collection, new_file, save_as  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def session(client, host):
    return PublishSession(client, host, discover_publish_plugins(host.name, [PUBLISH_DIR]))


def shades(client, version) -> tuple[tuple[int, int], int]:
    """The size of the version's thumbnail and how many grey levels it has (1: a blank picture)."""
    path = client.fetch_blob(version.thumbnail)
    assert path.read_bytes()[:8] == PNG
    image = bpy.data.images.load(str(path))
    try:
        return tuple(image.size), len({round(v, 2) for v in list(image.pixels)[0::4]})
    finally:
        bpy.data.images.remove(image)


def animated_scene(tmp_path, end=2):
    scene = bpy.context.scene
    scene.frame_start, scene.frame_end = 1, end
    coll = mesh_collection("ball", 6)
    ball = bpy.data.objects["ball_geo"]
    for frame, z in ((1, 0.0), (2, 1.0)):
        ball.location.z = z
        ball.keyframe_insert("location", frame=frame)
    camera = bpy.data.objects.new("shot_cam", bpy.data.cameras.new("shot_cam"))
    scene.collection.objects.link(camera)
    camera.location, camera.rotation_euler = (0, -6, 1), (1.4, 0, 0)
    scene.camera = camera
    scene.render.engine = "BLENDER_WORKBENCH"
    scene.render.resolution_x, scene.render.resolution_y, scene.render.resolution_percentage = 64, 36, 100
    save_as(tmp_path / "shot.blend")
    return coll


def test_animation_camera_and_render_publish(connected, host, tmp_path):
    animated_scene(tmp_path)
    CreateAnimation().create(host, target="ball", asset="ball_anim", folder="shots/sh010", formats=["abc", "usd"])
    CreateCamera().create(host, target="shot_cam", folder="shots/sh010", formats=["abc", "fbx"])
    CreateRender().create(host, asset="sh010_beauty", folder="shots/sh010")
    report = session(connected, host).publish()
    assert report.passed, [r.message for r in report.failures]
    by_asset = {connected.version(ref).asset: connected.version(ref) for ref in report.published}
    anim, cam, render = by_asset["ball_anim"], by_asset["shot_cam"], by_asset["sh010_beauty"]
    assert sorted(r.name for r in anim.representations) == ["abc", "usd"]
    assert (anim.metadata["frame_start"], anim.metadata["frame_end"]) == (1, 2)
    assert sorted(r.name for r in cam.representations) == ["abc", "fbx"] and cam.kind == "camera"
    [frames] = render.representations
    assert frames.name == "png" and (frames.frame_start, frames.frame_end) == (1, 2) and render.thumbnail
    assert bpy.context.scene.render.filepath != ""  # the scene's own output path was put back
    assert shades(connected, anim)[1] > 3  # the ball is drawn
    assert shades(connected, cam)[0] == (256, 144) and shades(connected, cam)[1] > 3  # what the camera sees
    assert shades(connected, render)[0] == (64, 36)  # the first frame itself
    assert bpy.context.scene.camera.name == "shot_cam" and bpy.context.scene.render.resolution_x == 64


def test_exr_render_gets_a_png_thumbnail(connected, host, tmp_path):
    animated_scene(tmp_path)
    CreateRender().create(host, asset="sh010_beauty", folder="shots/sh010", formats=["exr"])
    report = session(connected, host).publish()
    assert report.passed, [r.message for r in report.failures]
    render = connected.version(report.published[0])
    [frames] = render.representations
    assert frames.name == "exr" and [f.path.rsplit(".", 1)[-1] for f in frames.files] == ["exr", "exr"]
    size, levels = shades(connected, render)
    assert size == (64, 36) and levels > 3


def test_animation_cache_loads_back_animated(connected, host, loaders, tmp_path):
    animated_scene(tmp_path, end=10)  # the scene runs 1-10; the instance publishes frames 1-2 only
    CreateAnimation().create(host, target="ball", asset="ball_anim", folder="shots/sh010", formats=["abc", "usd"],
                             metadata={"frame_start": 1, "frame_end": 2})
    report = session(connected, host).publish()
    assert report.passed, [r.message for r in report.failures]
    anim = connected.version(report.published[0])
    assert bpy.context.scene.frame_end == 10  # put back after the USD export

    new_file(tmp_path / "lighting.blend")
    scene = bpy.context.scene
    for loader, rep in (("ImportUsd", "usd"), ("ImportAlembic", "abc")):
        container = load(connected, host, loaders.get(loader), anim, rep)
        assert (scene.frame_start, scene.frame_end) == (1, 2), rep  # the importer takes the cache's range
        root = host.container_block(container.id)
        [ball] = [o for o in root.children_recursive if o.type == "MESH"]
        heights = []
        for frame in (1, 2):
            scene.frame_set(frame)
            heights.append(ball.evaluated_get(bpy.context.evaluated_depsgraph_get()).matrix_world.translation.z)
        assert heights == pytest.approx([0.0, 1.0], abs=1e-4), rep


def test_unapplied_transforms_fail_a_model_and_repair_applies_them(connected, host, tmp_path):
    mesh_collection("table", 6)
    geo = bpy.data.objects["table_geo"]
    geo.scale, geo.location = (2.0, 2.0, 2.0), (1.0, 0.0, 0.0)
    before = [c for v in geo.data.vertices for c in v.co * 2]
    save_as(tmp_path / "table.blend")
    CreateCollection().create(host, target="table", folder="props")
    publisher = session(connected, host)
    report = publisher.validate()
    [failure] = report.failures
    assert failure.plugin == "ValidateTransforms" and "table_geo" in failure.message and failure.repair
    publisher.repair("ValidateTransforms")
    assert tuple(geo.scale) == (1, 1, 1) and tuple(geo.location) == (1, 0, 0)
    assert [c for v in geo.data.vertices for c in v.co] == pytest.approx(before)
    assert publisher.validate().passed
