"""Publish an FBX, load and spawn it in Unreal, publish v2, switch in place: the real server, the fake editor."""

from __future__ import annotations

from brickyard.core.inventory import inventory, update_containers
from brickyard.core.load import load
from brickyard.core.publish import publish_workfile
from brickyard.hosts.unreal import PUBLISH_DIR, unreal_loaders
from brickyard.hosts.unreal.creators import UnrealAssetsCreator

import tests.fakes.unreal as unreal

from .conftest import dangling, fbx


def test_publish_load_spawn_publish_again_switch_in_place(ana, host, editor, tmp_path):
    source = fbx(tmp_path / "work" / "hero.fbx", body="v1 vertices")
    v1 = ana.publish("film", "hero", "model", [source], folder="chars")
    loaders = unreal_loaders()
    container = load(ana, host, loaders.get("ImportFbx"), v1, "fbx", options={"spawn": True})

    path = "/Game/Brickyard/chars/hero/hero.hero"
    assert (container.namespace, container.name) == ("/Game/Brickyard/chars/hero", "hero")
    [actor] = editor.level.fake_actors
    mesh = actor.static_mesh_component.static_mesh
    assert mesh.get_path_name() == path and mesh.fake_payload.endswith(b"v1 vertices")
    actor.set_actor_label("hero_on_the_bridge")  # what the artist did stays
    # the registry sees the container (tags reach it only once saved)
    assert unreal.AssetRegistryHelpers.get_asset_registry().get_asset_by_object_path(path).get_tag_value(
        "brickyard_container_id") == container.id

    fbx(source, body="v2 vertices, better")
    v2 = ana.publish("film", "hero", "model", [source], folder="chars")
    [item] = inventory(ana, host)
    assert (item.loaded, item.latest, item.state) == (1, 2, "outdated")

    [outcome] = update_containers(ana, host, loaders, [container.id], "latest")
    assert outcome.ok, outcome.message
    assert editor.level.fake_actors == [actor]  # the same actor…
    assert actor.static_mesh_component.static_mesh is mesh  # …holding the same object, at the same path…
    assert mesh.get_path_name() == path
    assert mesh.fake_payload.endswith(b"v2 vertices, better")  # …now showing v2
    assert actor.get_actor_label() == "hero_on_the_bridge"
    assert dangling(editor) == []
    assert [r.in_place for r in host.switch_reports] == [True]

    unreal.fake_restart()  # what was saved, read back without loading any asset
    [item] = inventory(ana, host)
    assert (item.loaded, item.latest, item.state) == (2, 2, "not_approved")
    assert editor.loads == []
    assert host.read_container(container.id)["version_id"] == str(v2.id)


def test_a_changed_asset_type_is_imported_beside_and_actors_follow(ana, host, editor, tmp_path):
    source = fbx(tmp_path / "work" / "crate.fbx", body="static crate")
    v1 = ana.publish("film", "crate", "model", [source], folder="props")
    loaders = unreal_loaders()
    container = load(ana, host, loaders.get("ImportFbx"), v1, "fbx", options={"spawn": True})
    [actor] = editor.level.fake_actors
    moved = unreal.Transform(unreal.Vector(100, 20, 0), unreal.Rotator(0, 0, 90))
    actor.fake_transform = moved

    fbx(source, "skeletal_mesh", body="now it wobbles")
    ana.publish("film", "crate", "model", [source], folder="props")
    [outcome] = update_containers(ana, host, loaders, [container.id], "latest")
    assert outcome.ok, outcome.message

    [report] = host.switch_reports
    assert not report.in_place and report.new_path == "/Game/Brickyard/props/crate/crate_v002.crate_v002"
    assert "type changed" in report.summary() and "1 level actor(s) replaced" in report.summary()
    [fresh] = editor.level.fake_actors
    assert isinstance(fresh, unreal.SkeletalMeshActor) and fresh.get_actor_label() == "crate"
    assert fresh.get_actor_transform() == moved
    assert fresh.skeletal_mesh_component.skeletal_mesh_asset.fake_payload.endswith(b"now it wobbles")
    assert "/Game/Brickyard/props/crate/crate.crate" not in editor.assets  # unused, so deleted
    assert report.deleted == ["/Game/Brickyard/props/crate/crate.crate"]
    assert dangling(editor) == []
    assert editor.level.fake_saves >= 1  # the level holding the new actor was saved before the old asset went
    [item] = inventory(ana, host)
    assert (item.name, item.loaded) == ("crate_v002", 2)


def test_publish_selected_assets_from_unreal(ana, host, editor, tmp_path):
    source = fbx(tmp_path / "work" / "lamp.fbx", body="lamp")
    v1 = ana.publish("film", "lamp", "model", [source], folder="props")
    load(ana, host, unreal_loaders().get("ImportFbx"), v1, "fbx")
    editor.selected_assets = ["/Game/Brickyard/props/lamp/lamp.lamp"]
    UnrealAssetsCreator().create(host, asset="lamp_dressed", folder="props", kind="model")

    report = publish_workfile(ana, host, plugin_paths=[PUBLISH_DIR])
    assert report.passed, [f.message for f in report.failures]
    version = ana.version(report.published[0])
    assert [r.name for r in version.representations] == ["fbx"]
    assert version.inputs == ["brickyard://film/props/lamp?version=1"]  # the lineage: what was loaded
    [path] = ana.download(version, representation="fbx")
    assert path.read_bytes().startswith(b"exported StaticMesh /Game/Brickyard/props/lamp/lamp.lamp")


def test_publish_movie_render_queue_output_and_the_level_selection(ana, host, editor, tmp_path):
    from brickyard.hosts.unreal.creators import LevelSelectionCreator, MovieRenderCreator

    renders = tmp_path / "UnrealProject" / "Saved" / "MovieRenders" / "sh010"
    renders.mkdir(parents=True)
    for frame in (1001, 1002, 1003):
        (renders / f"sh010.{frame}.png").write_bytes(b"frame %d" % frame)
    (renders / "sh010_comp.mov").write_bytes(b"movie")
    MovieRenderCreator().create(host, asset="sh010_render", folder="shots", host_data={"render_dir": str(renders)})

    source = fbx(tmp_path / "work" / "rock.fbx", body="rock")
    load(ana, host, unreal_loaders().get("ImportFbx"),
         ana.publish("film", "rock", "model", [source], folder="props"), "fbx", options={"spawn": True})
    LevelSelectionCreator().create(host, asset="rock_layout", folder="shots", host_data={"actors": ["rock"]})

    report = publish_workfile(ana, host, plugin_paths=[PUBLISH_DIR])
    assert report.passed, [f.message for f in report.failures]
    by_asset = {ana.version(ref).asset: ana.version(ref) for ref in report.published}
    render = by_asset["sh010_render"]
    assert sorted(r.name for r in render.representations) == ["mov", "png"]
    assert (render.metadata["frame_start"], render.metadata["frame_end"]) == (1001, 1003)
    assert render.thumbnail is not None
    [layout_file] = ana.download(by_asset["rock_layout"], representation="fbx")
    assert layout_file.read_text().splitlines()[1:] == ["actor rock"]
    assert editor.level.fake_selected == []  # the artist's selection is put back
    assert by_asset["rock_layout"].thumbnail is None  # run on the editor's thread: no frames to shoot in


def test_a_level_selection_published_from_a_worker_gets_a_viewport_thumbnail(ana, host, editor, tmp_path):
    import threading

    from brickyard.hosts.unreal.creators import LevelSelectionCreator
    from brickyard.hosts.unreal.qt_pump import TickPump

    TickPump(host.game).start()  # what start() registers: each editor frame runs the worker's editor calls
    source = fbx(tmp_path / "work" / "rock.fbx", body="rock")
    load(ana, host, unreal_loaders().get("ImportFbx"),
         ana.publish("film", "rock", "model", [source], folder="props"), "fbx", options={"spawn": True})
    LevelSelectionCreator().create(host, asset="rock_layout", folder="shots", host_data={"actors": ["rock"]})
    reports = []
    worker = threading.Thread(target=lambda: reports.append(publish_workfile(ana, host, plugin_paths=[PUBLISH_DIR])))
    worker.start()
    while worker.is_alive():  # the editor's frames: queued editor calls run, the screenshot is written
        unreal.fake_tick()
        worker.join(0.01)
    [report] = reports
    assert report.passed, [f.message for f in report.failures]
    version = ana.version(report.published[0])
    assert version.thumbnail is not None and editor.screenshots == []


def test_a_render_with_a_missing_frame_is_refused_before_anything_is_sent(ana, host, tmp_path):
    from brickyard.hosts.unreal.creators import MovieRenderCreator

    renders = tmp_path / "renders"
    renders.mkdir()
    for frame in (1001, 1003):
        (renders / f"sh020.{frame}.exr").write_bytes(b"x")
    MovieRenderCreator().create(host, asset="sh020_render", folder="shots", host_data={"render_dir": str(renders)})
    report = publish_workfile(ana, host, plugin_paths=[PUBLISH_DIR])
    assert report.stopped == "validation failed" and "lacks frames 1002" in report.failures[0].message
    assert report.published == []


def test_update_all_outdated_then_a_given_version_then_approved(studio, ana, host, editor, tmp_path):
    from brickyard.core.controllers import InventoryController

    sam = studio.client("sam")
    loaders = unreal_loaders()
    hero_file, crate_file = tmp_path / "work" / "hero.fbx", tmp_path / "work" / "crate.fbx"
    hero = [ana.publish("film", "hero", "model", [fbx(hero_file, body="hero v1")], folder="chars")]
    sam.set_status(f"brickyard://film/chars/hero?version={hero[0].number}", "approved")
    crate_v1 = ana.publish("film", "crate", "model", [fbx(crate_file, body="crate v1")], folder="props")
    spawned = {"spawn": True}
    first = load(ana, host, loaders.get("ImportFbx"), hero[0], "fbx", options=spawned)
    second = load(ana, host, loaders.get("ImportFbx"), hero[0], "fbx", options=spawned)  # loaded twice
    crate = load(ana, host, loaders.get("ImportFbx"), crate_v1, "fbx", options=spawned)
    assert second.namespace == "/Game/Brickyard/chars/hero_2"
    meshes = {a.get_actor_label(): a.static_mesh_component.static_mesh for a in editor.level.fake_actors}
    paths = {label: mesh.get_path_name() for label, mesh in meshes.items()}
    hero += [ana.publish("film", "hero", "model", [fbx(hero_file, body=f"hero v{n}")], folder="chars")
             for n in (2, 3)]
    ana.publish("film", "crate", "model", [fbx(crate_file, body="crate v2")], folder="props")

    def shown() -> dict[str, bytes]:
        assert dangling(editor) == []
        assert {a.get_actor_label(): a.static_mesh_component.static_mesh for a in editor.level.fake_actors} == meshes
        assert {label: mesh.get_path_name() for label, mesh in meshes.items()} == paths  # nothing moved
        return {label: mesh.fake_payload.rsplit(b"\n", 1)[-1] for label, mesh in sorted(meshes.items())}

    controller = InventoryController(ana, host, loaders)
    outdated = [i.container_id for i in controller.refresh() if i.state == "outdated"]
    assert sorted(outdated) == sorted([first.id, second.id, crate.id])
    assert all(o.ok for o in controller.update(outdated)), "update all outdated"
    assert shown() == {"crate": b"crate v2", "hero": b"hero v3", "hero_2": b"hero v3"}
    assert [i.state for i in controller.refresh()] == ["not_approved"] * 3

    [outcome] = controller.set_version([first.id], 2)
    assert outcome.ok and outcome.to_version == 2, outcome.message
    assert shown() == {"crate": b"crate v2", "hero": b"hero v2", "hero_2": b"hero v3"}

    assert all(o.ok for o in controller.update([first.id, second.id], to="approved"))
    assert shown() == {"crate": b"crate v2", "hero": b"hero v1", "hero_2": b"hero v1"}
    assert [r.in_place for r in host.switch_reports] == [True] * 6

    unreal.fake_restart()  # every switch was saved: the containers read back as they are now
    assert {i.name: i.loaded for i in inventory(ana, host)} == {"hero": 1, "crate": 2}
    assert sorted(i.loaded for i in inventory(ana, host)) == [1, 1, 2] and editor.loads == []

