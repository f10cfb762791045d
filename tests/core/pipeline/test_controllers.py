"""Each controller, directly, against a real server: the plain data the views draw and the acts they call."""

from __future__ import annotations

import pytest
from brickyard.core.controllers import InventoryController, LoaderController, PublisherController
from brickyard.core.errors import NotFound
from brickyard.core.publish import FilesCreator, UnreadableInstance, discover_publish_plugins
from brickyard.core.reference_host import reference_loaders

from .helpers import scene, write


@pytest.fixture
def library(studio, tmp_path):
    ana, sam = studio.client("ana"), studio.client("sam")
    src = tmp_path / "src"
    for folder, asset, kind in (("chars/heroes", "hero", "model"), ("chars", "villain", "rig"),
                                ("props", "cup", "model"), ("", "logo", "image")):
        ana.publish("film", asset, kind, {"txt": [write(src / f"{asset}.txt", asset)]}, folder=folder,
                    tags=["blue"] if asset == "cup" else [])
    v2 = ana.publish("film", "hero", "model", {"txt": [write(src / "hero.txt", "hero 2")],
                                               "png": [write(src / "hero.png", "png")]}, folder="chars/heroes")
    sam.set_status("brickyard://film/props/cup?version=1", "approved")
    return ana, v2


def test_loader_controller_browses_and_loads(library, tmp_path):
    client, hero2 = library
    host = scene(tmp_path)
    ctrl = LoaderController(client, host, reference_loaders())
    assert [p.code for p in ctrl.projects()] == ["film"]
    tree = ctrl.folder_tree("film")
    assert tree.asset_count == 4  # before the LoRA published below
    assert [(n.name, n.asset_count) for n in tree.children] == [("chars", 2), ("props", 1)]
    assert [(n.path, n.asset_count) for n in tree.children[0].children] == [("chars/heroes", 1)]
    assert [a.name for a in ctrl.assets("film", folder="chars")] == ["villain", "hero"]  # folder and below
    assert [a.name for a in ctrl.assets("film", search="vill")] == ["villain"]
    client.publish("film", "fox_style", "lora", {"txt": [write(tmp_path / "fox.txt", "fox")]}, folder="loras",
                   metadata={"base_model": "sdxl"}, comment="fox in the snow")
    assert [a.name for a in ctrl.assets("film", search="base_model=sdxl")] == ["fox_style"]
    assert [a.name for a in ctrl.assets("film", search="snow base_model=sdxl fox")] == ["fox_style"]
    assert ctrl.assets("film", search="snow base_model=flux") == []
    assert sorted(a.name for a in ctrl.assets("film", kind="model")) == ["cup", "hero"]
    assert [a.name for a in ctrl.assets("film", status="approved")] == ["cup"]
    assert [a.name for a in ctrl.assets("film", tag="blue")] == ["cup"]
    versions = ctrl.versions("brickyard://film/chars/heroes/hero")
    assert [(v.number, v.status.value) for v in versions] == [(2, "wip"), (1, "wip")]
    assert sorted(r.name for r in ctrl.representations(hero2.reference)) == ["png", "txt"]
    assert [info.name for info in ctrl.loaders_for(hero2.reference, "png")] == ["LoadFile"]
    container = ctrl.load(hero2.reference, "png", "LoadFile")
    assert host.read_container(container.id)["reference"].endswith("version=2&representation=png")
    with pytest.raises(NotFound):
        ctrl.load(hero2.reference, "png", "LoadSomethingElse")


def test_a_load_can_fetch_off_the_scene_then_load_what_it_fetched(library, tmp_path):
    from brickyard.core.errors import InvalidInput
    from brickyard.core.load import Loader, LoaderRegistry
    from brickyard.core.reference_host.loaders.load_file import LoadFile

    class ImagesOnly(Loader):
        kinds, representations, hosts = ["image"], ["png"], ["reference"]

    client, hero2 = library
    host = scene(tmp_path)
    ctrl = LoaderController(client, host, LoaderRegistry("reference", loaders=[LoadFile, ImagesOnly]))
    paths = ctrl.fetch(hero2.reference, "png", "LoadFile")
    assert [p.read_text() for p in paths] == ["png"] and host.list_containers() == []  # the scene untouched
    container = ctrl.load(hero2.reference, "png", "LoadFile", paths=paths)
    assert host.node(container.id)["paths"] == [str(p) for p in paths]
    fetched_before = sorted((tmp_path / "cache-ana").rglob("*"))
    with pytest.raises(InvalidInput, match="ImagesOnly does not load 'model'"):
        ctrl.fetch(hero2.reference, "txt", "ImagesOnly")  # refused before any download
    assert sorted((tmp_path / "cache-ana").rglob("*")) == fetched_before


def test_publisher_controller_validates_repairs_and_publishes(studio, tmp_path):
    client = studio.client("ana")
    host = scene(tmp_path)
    ctrl = PublisherController(client, host, discover_publish_plugins(host.name), [FilesCreator()])
    assert [c.identifier for c in ctrl.creators()] == ["FilesCreator"]
    spec = ctrl.create("FilesCreator", asset="Hero Model", kind="model",
                       representations={"txt": [str(write(tmp_path / "hero.txt", "hi"))]})
    ctrl.update_instance(spec.id, comment="first pass", status="review")
    host.save_instance({"schema": "brickyard/instance/3", "id": "future"})
    instances = ctrl.instances()
    assert isinstance(instances[1], UnreadableInstance)
    ctrl.remove_instance("future")
    report = ctrl.validate()
    assert not report.passed and [f.plugin for f in report.failures] == ["ValidateNaming"]
    assert ctrl.repair("ValidateNaming").passed
    assert ctrl.validate().passed
    report = ctrl.publish()
    assert report.passed and report.published == ["brickyard://film/shots/hero_model?version=1"]
    assert ctrl.report is report
    version = client.version(report.published[0])
    assert (version.comment, version.status.value) == ("first pass", "review")


def test_publisher_controller_cancel_mid_upload_creates_nothing(studio, tmp_path):
    client = studio.client("ana")
    host = scene(tmp_path)
    ctrl = PublisherController(client, host, discover_publish_plugins(host.name), [FilesCreator()])
    ctrl.create("FilesCreator", asset="big", kind="model",
                representations={"bin": [str(write(tmp_path / "big.bin", "x" * 3_000_000))]})

    def progress(event):
        if event.phase == "upload":
            ctrl.cancel()

    report = ctrl.publish(progress=progress)
    assert report.stopped == "cancelled" and report.published == []
    assert "cancelled" in report.failures[-1].message
    with pytest.raises(NotFound):
        client.versions("brickyard://film/shots/big")


def test_inventory_controller(library, tmp_path):
    client, _ = library
    host = scene(tmp_path)
    loading = LoaderController(client, host, reference_loaders())
    old = loading.load("brickyard://film/chars/heroes/hero?version=1", "txt", "LoadFile")
    cup = loading.load("brickyard://film/props/cup?version=1", "txt", "LoadFile")
    ctrl = InventoryController(client, host, reference_loaders())
    states = {i.container_id: i.state for i in ctrl.refresh()}
    assert states == {old.id: "outdated", cup.id: "current"}
    assert [v.number for v in ctrl.versions_of(old.id)] == [2, 1]
    assert [o.ok for o in ctrl.update([old.id])] == [True]
    assert {i.container_id: i.loaded for i in ctrl.refresh()}[old.id] == 2
    assert [o.to_version for o in ctrl.set_version([old.id], 1)] == [1]
    assert [o.ok for o in ctrl.remove([cup.id])] == [True]
    assert [i.container_id for i in ctrl.refresh()] == [old.id]
