"""The whole pipeline with the reference host against the real server: publish, load, switch, lineage, failures."""

from __future__ import annotations

import hashlib

import pytest
from brickyard.core.errors import NotFound
from brickyard.core.inventory import inventory, update_containers
from brickyard.core.load import load
from brickyard.core.publish import FilesCreator, publish_workfile
from brickyard.core.reference_host import ReferenceHost, reference_loaders

from ..conftest import watch
from .helpers import write


def sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


@pytest.fixture
def ana(studio):
    return studio.client("ana")


def workshop(tmp_path, name, asset):
    return ReferenceHost(tmp_path / "scenes" / f"{name}.json", project="film", folder="chars", asset=asset)


def test_publish_load_publish_again_inventory_update(ana, tmp_path):
    modelling = workshop(tmp_path, "modelling", "hero")
    source = write(tmp_path / "work" / "hero.obj", "v1 vertices")
    FilesCreator().create(modelling, kind="model", representations={"obj": [str(source)]})
    first = publish_workfile(ana, modelling)
    assert first.passed and first.published == ["brickyard://film/chars/hero?version=1"]

    layout = workshop(tmp_path, "layout", "shot_layout")
    loaders = reference_loaders()
    container = load(ana, layout, loaders.get("LoadFile"), ana.version(first.published[0]), "obj")

    write(source, "v2 vertices, better")
    second = publish_workfile(ana, modelling)
    assert second.published == ["brickyard://film/chars/hero?version=2"]

    [item] = inventory(ana, layout)
    assert (item.loaded, item.latest, item.state) == (1, 2, "outdated")
    [outcome] = update_containers(ana, layout, loaders, [container.id], "latest")
    assert outcome.ok

    reopened = ReferenceHost(layout.path)  # what was saved, not what is in memory
    stored = reopened.read_container(container.id)
    v2 = ana.version(second.published[0])
    assert stored["reference"] == "brickyard://film/chars/hero?version=2&representation=obj"
    assert stored["version_id"] == v2.id
    [path] = reopened.node(container.id)["paths"]
    assert sha(path) == v2.representations[0].files[0].sha256 == sha(source)
    assert [i.state for i in inventory(ana, reopened)] == ["not_approved"]  # the latest, not yet approved


def test_lineage_lists_the_versions_loaded_at_publish_time(ana, tmp_path):
    src = tmp_path / "src"
    hero1 = ana.publish("film", "hero", "model", [write(src / "hero.obj", "1")], folder="chars")
    hero2 = ana.publish("film", "hero", "model", [write(src / "hero.obj", "2")], folder="chars")
    cup = ana.publish("film", "cup", "model", [write(src / "cup.obj", "cup")], folder="props")
    layout = workshop(tmp_path, "layout", "shot_layout")
    loaders = reference_loaders()
    hero = load(ana, layout, loaders.get("LoadFile"), hero1, "obj")
    load(ana, layout, loaders.get("LoadFile"), cup, "obj")
    load(ana, layout, loaders.get("LoadFile"), cup, "obj")  # loaded twice, one input
    FilesCreator().create(layout, kind="scene", representations={"json": [str(layout.path)]})
    report = publish_workfile(ana, layout)
    assert report.passed
    assert ana.version(report.published[0]).inputs == [
        "brickyard://film/chars/hero?version=1", "brickyard://film/props/cup?version=1"]

    update_containers(ana, layout, loaders, [hero.id], hero2.number)
    report = publish_workfile(ana, layout)
    assert sorted(ana.version(report.published[0]).inputs) == [
        "brickyard://film/chars/hero?version=2", "brickyard://film/props/cup?version=1"]


def test_a_publish_that_fails_validation_creates_nothing(ana, tmp_path):
    scene = workshop(tmp_path, "lookdev", "style")
    FilesCreator().create(scene, kind="model", asset="good_one",
                          representations={"txt": [str(write(tmp_path / "ok.txt", "fine"))]})
    FilesCreator().create(scene, kind="lora", representations={"safetensors": [str(write(tmp_path / "w.safetensors"))]})
    traffic = watch(ana)
    report = publish_workfile(ana, scene)
    assert report.stopped == "validation failed" and report.published == []
    assert "base_model" in report.failures[0].message
    assert [path for _, path, _ in traffic.requests] == ["/api/v1/projects/film"]  # read the rules; sent nothing
    assert list(ana.assets("film")) == []


def test_a_publish_that_fails_mid_upload_leaves_no_version(ana, tmp_path):
    scene = workshop(tmp_path, "comp", "plate")
    frames = [write(tmp_path / "plate" / f"plate.{n}.exr", f"frame {n}" * 1000) for n in range(1001, 1004)]
    FilesCreator().create(scene, kind="render", representations={"exr": [str(tmp_path / "plate")]})

    def tamper(event):
        # While the second frame is being sent (hashed as it goes), it changes under our feet (same size,
        # other bytes): what was sent is neither the old file nor the new one, so it is refused.
        if event.phase == "upload" and event.files_done == 1 and event.done < event.total:
            frames[1].write_text("FRAME 1002" * 1000)

    report = publish_workfile(ana, scene, progress=tamper)
    assert report.stopped == "failed" and report.published == []
    assert report.failures[-1].plugin == "IntegrateVersion"
    assert "changed while it was being published" in report.failures[-1].message
    with pytest.raises(NotFound):
        ana.versions("brickyard://film/chars/plate")
    assert list(ana.assets("film")) == []
