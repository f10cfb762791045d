"""``POST /projects/{code}/versions/bulk``: many versions, each atomic, answered per item; replays by key."""

from __future__ import annotations

import pytest


@pytest.fixture
def film(api):
    api.project("film")
    return api


def test_each_item_is_atomic_and_a_replay_creates_nothing(film):
    items = [{"key": f"k{n}", "version": film.manifest(f"gen_{n}", "gens", kind="image")} for n in range(120)]
    items[7]["version"]["asset"] = "Bad Name"  # refused alone
    items[60]["version"]["kind"] = "no_such_kind"
    first = film.ok("POST", "/projects/film/versions/bulk", json={"items": items})["items"]
    assert [i["key"] for i in first] == [f"k{n}" for n in range(120)]
    failed = {i["key"]: i["error"]["code"] for i in first if i["error"]}
    assert failed == {"k7": "naming_violation", "k60": "invalid_input"}
    assert first[0]["reference"] == "brickyard://film/gens/gen_0?version=1" and first[0]["created"]
    listed = film.ok("GET", "/projects/film/assets", params={"limit": 500})["items"]
    assert len(listed) == 118
    again = film.ok("POST", "/projects/film/versions/bulk", json={"items": items})["items"]
    assert [i["version_id"] for i in again] == [i["version_id"] for i in first]
    assert not any(i["created"] for i in again if not i["error"])
    assert len(film.ok("GET", "/projects/film/assets", params={"limit": 500})["items"]) == 118


def test_same_asset_twice_in_one_request_gets_two_numbers_and_hash_lookup_finds_them(film):
    one = film.manifest("castle", "iter", kind="image", data=b"first")
    two = film.manifest("castle", "iter", kind="image", data=b"second")
    answer = film.ok("POST", "/projects/film/versions/bulk",
                     json={"items": [{"key": "a", "version": one}, {"key": "b", "version": two}]})["items"]
    assert [i["reference"] for i in answer] == ["brickyard://film/iter/castle?version=1",
                                                 "brickyard://film/iter/castle?version=2"]
    sha = one["representations"][0]["files"][0]["sha256"]
    found = film.ok("POST", "/projects/film/hashes", json={"hashes": [sha, sha[:10].upper(), "0x" + sha[:12],
                                                                      "e3b0c442", "nothex"]})["items"]
    assert [(m["hash"], m["reference"], m["form"]) for m in found] == [
        (sha, "brickyard://film/iter/castle?version=1", "file"),
        (sha[:10].upper(), "brickyard://film/iter/castle?version=1", "file"),
        ("0x" + sha[:12], "brickyard://film/iter/castle?version=1", "file")]
