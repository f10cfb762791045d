"""Loading through the client against a real server: materialised files, containers, options, remove."""

from __future__ import annotations

from pathlib import Path

import pytest
from brickyard.core.container import Container, parse_container
from brickyard.core.errors import InvalidInput, NotFound
from brickyard.core.load import Loader, LoaderRegistry, load, remove, update
from brickyard.core.reference_host import LOADERS_DIR
from pydantic import BaseModel

from ..conftest import watch
from .helpers import scene, write


@pytest.fixture
def published(studio, tmp_path):
    ana = studio.client("ana")
    v1 = ana.publish("film", "hero", "model", {"txt": [write(tmp_path / "src" / "hero.txt", "one")]}, folder="chars")
    v2 = ana.publish("film", "hero", "model", {"txt": [write(tmp_path / "src" / "hero.txt", "two")]}, folder="chars")
    return ana, v1, v2


def test_load_materialises_the_files_and_imprints_a_container(published, tmp_path):
    client, v1, _ = published
    host = scene(tmp_path)
    loaders = LoaderRegistry("reference", [LOADERS_DIR])
    container = load(client, host, loaders.get("LoadFile"), v1, "txt")
    stored = parse_container(host.read_container(container.id))
    assert stored == container
    assert (stored.reference, stored.version_id, stored.asset_id, stored.loader) == (
        "brickyard://film/chars/hero?version=1&representation=txt", v1.id, v1.asset_id, "LoadFile")
    [path] = host.node(container.id)["paths"]
    assert path.startswith(str(client.library)) and "v001" in path
    assert Path(path).read_text() == "one"


def test_update_repoints_in_place_and_remove_cleans_up(published, tmp_path):
    client, v1, v2 = published
    host = scene(tmp_path)
    loader = LoaderRegistry("reference", [LOADERS_DIR]).get("LoadFile")
    container = load(client, host, loader, v1, "txt")
    host.set_node(container.id, colour="red")  # the artist's change
    updated = update(client, host, loader, container, v2)
    assert updated.id == container.id and updated.version == 2
    node = host.node(container.id)
    assert Path(node["paths"][0]).read_text() == "two" and node["colour"] == "red"
    remove(host, loader, updated)
    assert host.nodes() == {} and host.list_containers() == []


def test_a_loader_that_does_not_serve_it_is_refused_before_any_download(published, tmp_path):
    client, v1, _ = published

    class LoadImage(Loader):
        kinds = ["image"]

        def load(self, context):
            raise AssertionError("must not be called")

    traffic = watch(client)
    with pytest.raises(InvalidInput, match="does not load 'model'"):
        load(client, scene(tmp_path), LoadImage, v1, "txt")
    with pytest.raises(NotFound, match="no representation 'abc'"):
        load(client, scene(tmp_path, name="b.json"), LoadImage, v1, "abc")
    assert traffic.requests == []


def test_options_are_validated_and_handed_to_the_loader(published, tmp_path):
    client, v1, _ = published

    class ScaleOptions(BaseModel):
        scale: float = 1.0

    class LoadScaled(Loader):
        Options = ScaleOptions

        def load(self, context):
            self.host.add_node(context.container_id, "scaled", [str(p) for p in context.paths],
                               scale=context.options.scale)
            return context.make_container(name="scaled")

    host = scene(tmp_path)
    container = load(client, host, LoadScaled, v1, "txt", options={"scale": 2.5})
    assert host.node(container.id)["scale"] == 2.5
    assert LoadScaled.options_schema()["properties"]["scale"]["type"] == "number"
    with pytest.raises(InvalidInput, match="bad options"):
        load(client, host, LoadScaled, v1, "txt", options={"scale": "huge"})


def test_a_loader_must_return_its_container(published, tmp_path):
    client, v1, _ = published

    class Sloppy(Loader):
        def load(self, context):
            return {"name": "x"}

    host = scene(tmp_path)
    with pytest.raises(TypeError, match="must return a Container"):
        load(client, host, Sloppy, v1, "txt")
    assert host.list_containers() == []


def test_registry_discovers_once_filters_hosts_and_orders(tmp_path):
    folder = tmp_path / "loaders"
    write(folder / "load_a.py", "from brickyard.core.load import Loader\n"
          "COUNT = globals().get('COUNT', 0) + 1\n"
          "class LoadA(Loader):\n    label = 'A'\n    order = 2\n"
          "class LoadB(Loader):\n    label = 'B'\n    order = 1\n    representations = ['png']\n"
          "class LoadBlender(Loader):\n    hosts = ['blender']\n")
    write(folder / "broken.py", "import not_a_module_anywhere\n")
    registry = LoaderRegistry("reference", [folder])
    assert [c.name() for c in registry.all()] == ["LoadB", "LoadA"]
    assert [c.name() for c in registry.serving(kind="model", representation="abc")] == ["LoadA"]
    assert "not_a_module_anywhere" in registry.failures[str(folder / "broken.py")]
    (folder / "load_a.py").write_text("raise RuntimeError('edited after discovery')\n")
    assert registry.get("LoadA") is registry.all()[1]  # held, not re-imported per action
    with pytest.raises(NotFound, match="no loader 'LoadBlender'"):
        registry.get("LoadBlender")


def test_container_round_trips_through_the_host(published, tmp_path):
    client, v1, _ = published
    host = scene(tmp_path)
    container = load(client, host, LoaderRegistry("reference", [LOADERS_DIR]).get("LoadFile"), v1, "txt")
    assert Container.model_validate(host.read_container(container.id)) == container
