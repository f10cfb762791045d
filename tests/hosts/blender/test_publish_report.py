"""The publisher says what happened: a server lost between two instances leaves one published and the
operator names it; two collections never become one asset; no staging folder is left behind."""

from __future__ import annotations

import glob
import os
import tempfile

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.core.client import Client  # noqa: E402
from brickyard.core.errors import InvalidInput  # noqa: E402
from brickyard.hosts.blender import names  # noqa: E402
from brickyard.hosts.blender.creators import CreateCollection  # noqa: E402

from .scenes import mesh_collection, new_file, save_as  # noqa: E402


@pytest.fixture(autouse=True)
def own_temp(tmp_path, monkeypatch):
    """This test's own temp folder: other processes' publishes share the system one."""
    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))


def staging_folders() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "brickyard-publish-*")))


def test_server_killed_between_two_instances_names_the_one_published(connected, sqlite_server, host, tmp_path,
                                                                     monkeypatch):
    new_file(tmp_path / "props.blend")
    for name in ("chest", "barrel"):
        mesh_collection(name, 6)
        CreateCollection().create(host, target=name, folder="props", formats=["blend"])
    save_as(tmp_path / "props.blend")
    before = staging_folders()
    real_publish, calls = Client.publish, []

    def server_dies_before_the_second(self, *args, **kwargs):
        calls.append(args[1])
        if len(calls) == 2:
            sqlite_server.kill()  # a real crash between the two versions
        return real_publish(self, *args, **kwargs)

    monkeypatch.setattr(Client, "publish", server_dies_before_the_second)
    with pytest.raises(RuntimeError) as failed:
        bpy.ops.brickyard.publish(comment="two props")
    message = str(failed.value)
    first, second = calls
    assert f"published brickyard://film/props/{first}?version=1" in message
    assert f"NOT published: props/{second}" in message and "nothing was published" not in message
    assert before == set() and staging_folders() == set()  # the failed publish's extracted files are gone too


def test_successful_publish_leaves_no_staging(connected, host, tmp_path):
    new_file(tmp_path / "props.blend")
    mesh_collection("crate", 6)
    CreateCollection().create(host, target="crate", folder="props", formats=["blend", "glb"])
    save_as(tmp_path / "props.blend")
    before = staging_folders()
    assert bpy.ops.brickyard.publish(comment="crate") == {"FINISHED"}
    assert before == set() and staging_folders() == set()


def test_two_cyrillic_collections_are_refused_or_become_two_assets(connected, host, tmp_path, monkeypatch):
    new_file(tmp_path / "props.blend")
    for name in ("Сундук", "Бочка"):
        mesh_collection(name, 6)
    monkeypatch.setattr(names, "transliterate", lambda name: None)  # no anyascii installed
    with pytest.raises(InvalidInput, match="no Latin letters.*type the asset's name"):
        CreateCollection().create(host, target="Сундук", folder="props", formats=["blend"])
    monkeypatch.setattr(names, "transliterate", {"Сундук": "Sunduk", "Бочка": "Bochka"}.get)  # with it
    specs = [CreateCollection().create(host, target=n, folder="props", formats=["blend"]) for n in ("Сундук", "Бочка")]
    assert [s.asset for s in specs] == ["sunduk", "bochka"]


def test_two_instances_of_one_asset_are_refused_before_any_upload(connected, host, tmp_path):
    new_file(tmp_path / "props.blend")
    for name in ("chest_a", "chest_b"):
        mesh_collection(name, 6)
        CreateCollection().create(host, target=name, asset="chest", folder="props", formats=["blend"])
    save_as(tmp_path / "props.blend")
    with pytest.raises(RuntimeError, match="'chest_a' and 'chest_b' would all publish as props/chest"):
        bpy.ops.brickyard.publish(comment="twice")
    assert list(connected.assets("film", folder="props")) == []  # nothing reached the server
