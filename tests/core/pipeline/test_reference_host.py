"""The reference host: a JSON scene, containers by id, instances, nodes, atomic writes."""

from __future__ import annotations

import json

import pytest
from brickyard.core.host import Host, HostContext
from brickyard.core.host_registry import register_host, registered_host, reset
from brickyard.core.reference_host import ReferenceHost, reference_loaders, scene_file


def test_it_is_a_host_and_its_changes_persist(tmp_path):
    host = ReferenceHost(tmp_path / "shot.json", project="film", folder="shots", asset="sh010")
    assert isinstance(host, Host)
    assert host.context() == HostContext("film", "shots", "sh010")
    host.write_container({"id": "c1", "schema": "brickyard/container/1", "name": "a"})
    host.save_instance({"id": "i1", "asset": "hero"})
    host.add_node("c1", "a", ["/lib/a.png"], transform=[1, 2, 3])
    reopened = ReferenceHost(tmp_path / "shot.json")
    assert reopened.read_container("c1")["name"] == "a"
    assert [i["id"] for i in reopened.list_instances()] == ["i1"]
    assert reopened.node("c1") == {"name": "a", "paths": ["/lib/a.png"], "transform": [1, 2, 3]}


def test_containers_are_an_index_by_id(tmp_path):
    host = ReferenceHost(tmp_path / "s.json", project="film")
    for n in range(3):
        host.write_container({"id": f"c{n}", "n": n})
    host.write_container({"id": "c1", "n": 10})
    host.remove_container("c0")
    host.remove_container("never-there")
    assert sorted((c["id"], c["n"]) for c in host.list_containers()) == [("c1", 10), ("c2", 2)]
    assert host.read_container("c0") is None


def test_data_handed_out_is_a_copy(tmp_path):
    host = ReferenceHost(tmp_path / "s.json", project="film")
    host.write_container({"id": "c1", "tags": ["a"]})
    host.read_container("c1")["tags"].append("b")
    host.list_containers()[0]["tags"].append("c")
    assert host.read_container("c1")["tags"] == ["a"]


def test_set_node_keeps_what_the_artist_changed(tmp_path):
    host = ReferenceHost(tmp_path / "s.json", project="film")
    host.add_node("n", "plate", ["/v1/a.exr"], colour="red")
    host.set_node("n", paths=["/v2/a.exr"])
    assert host.node("n") == {"name": "plate", "paths": ["/v2/a.exr"], "colour": "red"}
    with pytest.raises(ValueError):
        host.add_node("n", "again", [])
    with pytest.raises(KeyError, match="no node 'zz'"):
        host.set_node("zz", paths=[])


def test_writes_are_atomic(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    host = ReferenceHost(path, project="film")
    host.write_container({"id": "c1"})
    before = path.read_text()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(scene_file.json, "dump", crash)
    with pytest.raises(OSError):
        host.write_container({"id": "c2"})
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temp file left behind


def test_batch_writes_once(tmp_path, monkeypatch):
    host = ReferenceHost(tmp_path / "s.json", project="film")
    writes = []
    real = scene_file.write_scene
    monkeypatch.setattr("brickyard.core.reference_host.host.write_scene",
                        lambda path, scene: (writes.append(path), real(path, scene)))
    with host.batch():
        for n in range(50):
            host.write_container({"id": f"c{n}"})
    assert len(writes) == 1
    assert len(json.loads((tmp_path / "s.json").read_text())["containers"]) == 50


def test_workfile_save_and_copy(tmp_path):
    host = ReferenceHost(tmp_path / "s.json", project="film")
    host.save_instance({"id": "i1"})
    copy = host.save_workfile_copy(tmp_path / "backup" / "s_copy.json")
    assert host.workfile() == tmp_path / "s.json" == host.save_workfile()
    assert ReferenceHost(copy).list_instances() == [{"id": "i1"}]


def test_refuses_what_is_not_a_scene(tmp_path):
    (tmp_path / "other.json").write_text('{"schema": "something/else"}')
    with pytest.raises(ValueError, match="not a reference-host scene"):
        ReferenceHost(tmp_path / "other.json")
    with pytest.raises(FileNotFoundError, match="pass project="):
        ReferenceHost(tmp_path / "missing.json")


def test_the_one_registry_holds_one_host(tmp_path):
    reset()
    with pytest.raises(RuntimeError, match="register_host"):
        registered_host()
    first, second = (ReferenceHost(tmp_path / f"{n}.json", project="film") for n in "ab")
    register_host(first)
    register_host(second)
    assert registered_host() is second
    reset()
    with pytest.raises(RuntimeError):
        registered_host()


def test_its_loader_is_discovered_for_its_host_only():
    loaders = reference_loaders()
    assert [cls.name() for cls in loaders.serving(kind="model", representation="blend")] == ["LoadFile"]
    assert loaders.failures == {}
