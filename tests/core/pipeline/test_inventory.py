"""The inventory against a real server: states, one resolve for any number, batch updates that go on."""

from __future__ import annotations

from pathlib import Path

import pytest
from brickyard.core.container import Container
from brickyard.core.inventory import inventory, remove_containers, update_containers
from brickyard.core.load import LoaderRegistry, load
from brickyard.core.reference_host import LOADERS_DIR

from ..conftest import watch
from .helpers import scene, write


@pytest.fixture
def world(studio, tmp_path):
    """hero: v1 approved, v2 wip; prop: v1 wip (latest, not approved); set: v1 approved."""
    ana, sam = studio.client("ana"), studio.client("sam")

    def publish(asset, text, folder="chars"):
        return ana.publish("film", asset, "model", {"txt": [write(tmp_path / "src" / f"{asset}.txt", text)]},
                           folder=folder)

    versions = {"hero1": publish("hero", "hero one"), "hero2": publish("hero", "hero two"),
                "prop1": publish("prop", "prop one", "props"), "set1": publish("set", "set one", "sets")}
    sam.set_status(versions["hero1"].reference, "approved")
    sam.set_status(versions["set1"].reference, "approved")
    host = scene(tmp_path)
    loaders = LoaderRegistry("reference", [LOADERS_DIR])
    loader = loaders.get("LoadFile")
    loaded = {key: load(ana, host, loader, versions[key], "txt") for key in ("hero1", "prop1", "set1")}
    return ana, host, loaders, versions, loaded


def by_name(items):
    return {item.name: item for item in items}


def test_states_after_one_request(world):
    client, host, _, _, _ = world
    ghost = Container(reference="brickyard://film/chars/ghost?version=1&representation=txt", asset_id=999,
                      version_id=999, representation="txt", loader="LoadFile", name="ghost_txt")
    host.write_container(ghost.to_data())
    host.write_container({"schema": "brickyard/container/2", "id": "future", "name": "from_2030"})
    traffic = watch(client)
    items = by_name(inventory(client, host))
    assert traffic.requests == [("POST", "/api/v1/resolve", traffic.requests[0][2])]
    hero = items["hero_txt"]
    assert (hero.loaded, hero.latest, hero.latest_approved, hero.state) == (1, 2, 1, "outdated")
    assert (items["prop_txt"].state, items["prop_txt"].status.value) == ("not_approved", "wip")
    assert items["set_txt"].state == "current"
    assert items["ghost_txt"].state == "missing" and items["ghost_txt"].message
    assert items["from_2030"].state == "unreadable" and "newer" in items["from_2030"].message
    assert host.read_container("future") == {"schema": "brickyard/container/2", "id": "future", "name": "from_2030"}


def test_a_thousand_containers_cost_one_request(world):
    client, host, _, _, loaded = world
    template = loaded["hero1"].to_data()
    with host.batch():
        for n in range(1000):
            host.write_container({**template, "id": f"copy{n:04d}", "name": f"hero_{n}"})
    traffic = watch(client)
    items = inventory(client, host)
    assert len(items) == 1003
    assert len(traffic.requests) == 1  # O(1): the same one request as for three containers
    assert sum(1 for i in items if i.state == "outdated") == 1001


def test_update_to_latest_and_to_approved(world, tmp_path):
    client, host, loaders, _, loaded = world
    hero = loaded["hero1"].id
    seen = []
    [outcome] = update_containers(client, host, loaders, [hero], "latest", progress=seen.append)
    assert (outcome.ok, outcome.from_version, outcome.to_version) == (True, 1, 2)
    assert [(p.done, p.total) for p in seen] == [(1, 1)]
    assert Path(host.node(hero)["paths"][0]).read_text() == "hero two"
    [outcome] = update_containers(client, host, loaders, [hero], "approved")
    assert (outcome.from_version, outcome.to_version) == (2, 1)
    assert Path(host.node(hero)["paths"][0]).read_text() == "hero one"
    [outcome] = update_containers(client, host, loaders, [hero], 2)
    assert outcome.to_version == 2
    assert by_name(inventory(client, host))["hero_txt"].state == "not_approved"  # v2 is the latest, still wip


def test_one_failure_is_reported_and_the_rest_go_on(world):
    client, host, loaders, _, loaded = world
    orphan = {**loaded["prop1"].to_data(), "loader": "LoadFromAnOldAddon"}
    host.write_container(orphan)
    ids = [loaded["hero1"].id, loaded["prop1"].id, loaded["set1"].id, "vanished"]
    outcomes = {o.container_id: o for o in update_containers(client, host, loaders, ids, 5)}
    assert not outcomes["vanished"].ok and "no longer has" in outcomes["vanished"].message
    assert not outcomes[loaded["prop1"].id].ok and "LoadFromAnOldAddon" in outcomes[loaded["prop1"].id].message
    assert not outcomes[loaded["hero1"].id].ok  # there is no v5
    outcomes = {o.container_id: o for o in
                update_containers(client, host, loaders, [loaded["hero1"].id, loaded["prop1"].id], "latest")}
    assert outcomes[loaded["hero1"].id].ok and outcomes[loaded["hero1"].id].to_version == 2
    assert not outcomes[loaded["prop1"].id].ok


def test_updating_many_resolves_once_and_fetches_each_version_once(world):
    client, host, loaders, _, loaded = world
    template = loaded["hero1"].to_data()
    with host.batch():
        for n in range(200):
            host.add_node(f"copy{n}", f"hero_{n}", [])
            host.write_container({**template, "id": f"copy{n}", "name": f"hero_{n}"})
    traffic = watch(client)
    outcomes = update_containers(client, host, loaders, [f"copy{n}" for n in range(200)], "latest")
    assert all(o.ok for o in outcomes) and len(outcomes) == 200
    # one resolve for the targets, then the new version's blob, fetched once for all 200 containers
    assert traffic.count("POST", "/api/v1/resolve") == 1
    assert traffic.count("GET", "/api/v1/blobs/") == 1
    assert len(traffic.requests) <= 3
    assert len({host.node(f"copy{n}")["paths"][0] for n in range(200)}) == 1


def test_remove_containers(world):
    _, host, loaders, _, loaded = world
    outcomes = remove_containers(host, loaders, [loaded["set1"].id, "nope"])
    assert [o.ok for o in outcomes] == [True, False]
    assert loaded["set1"].id not in host.nodes() and host.read_container(loaded["set1"].id) is None


def test_what_a_loader_notes_on_an_update_reaches_the_outcome(world):
    from brickyard.core.reference_host.loaders.load_file import LoadFile as PlainLoadFile

    class LoadFile(PlainLoadFile):  # same name: the containers name their loader
        def update(self, container, context):
            context.note(f"kept the artist's notes on {container.name}")
            return super().update(container, context)

    client, host, _, _, loaded = world
    noting = LoaderRegistry("reference", loaders=[LoadFile])
    [outcome] = update_containers(client, host, noting, [loaded["hero1"].id], "latest")
    assert outcome.ok and outcome.to_version == 2
    assert outcome.message == "kept the artist's notes on hero_txt"
    [quiet] = update_containers(client, host, LoaderRegistry("reference", [LOADERS_DIR]), [loaded["hero1"].id], 1)
    assert quiet.ok and quiet.message == ""
