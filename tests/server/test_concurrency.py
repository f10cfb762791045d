"""Many publishers at once against a real server: distinct, consecutive numbers, nothing overwritten."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.server.factories import Api

PUBLISHERS = 24


@pytest.mark.slow
def test_concurrent_publishes_get_numbers_1_to_n(server):
    admin = Api(requests.Session(), server.admin_token, base=server.url)
    admin.project("film")
    manifests = [admin.manifest("hero", folder="chars", comment=f"publisher {i}") for i in range(PUBLISHERS)]
    # a second asset created concurrently by many publishers at once (the unique-constraint race)
    manifests += [admin.manifest("villain", folder="chars", comment=f"v{i}") for i in range(8)]

    def publish(manifest):
        with requests.Session() as session:  # one connection per publisher, like separate artists
            return Api(session, server.admin_token, base=server.url).ok(
                "POST", "/projects/film/versions", 201, json=manifest, timeout=60)

    with ThreadPoolExecutor(max_workers=len(manifests)) as pool:
        results = list(pool.map(publish, manifests))

    heroes = [r for r in results if r["asset"] == "hero"]
    assert sorted(r["number"] for r in heroes) == list(range(1, PUBLISHERS + 1))
    villains = [r for r in results if r["asset"] == "villain"]
    assert sorted(r["number"] for r in villains) == list(range(1, 9))
    assert len({r["asset_id"] for r in villains}) == 1
    # every version kept what its own publisher sent
    listed = admin.ok("GET", "/projects/film/versions", params={"path": "chars/hero"})["items"]
    assert [v["number"] for v in listed] == list(range(1, PUBLISHERS + 1))
    sent = {r["id"]: r["comment"] for r in heroes}
    assert {v["id"]: v["comment"] for v in listed} == sent
    assert len(set(sent.values())) == PUBLISHERS
