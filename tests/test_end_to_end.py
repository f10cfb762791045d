"""End to end: a real uvicorn server in a subprocess, driven through the `brickyard` CLI and the client."""

from __future__ import annotations

import importlib.util
import json
import os

import pytest

from brickyard.core.client import Client
from tests.support.cli import assert_clean_failure, run_cli


@pytest.fixture
def studio(server, tmp_path):
    """A project `film` with ana (artist), sam (supervisor) and vic (viewer); tokens from the CLI."""
    admin = server.admin_token
    tokens = {}
    for name in ("ana", "sam", "vic"):
        created = run_cli("user", "create", name, url=server.url, token=admin, cwd=tmp_path)
        assert created.code == 0, created.err
        tokens[name] = created.out.strip()
    assert run_cli("project", "create", "film", "--name", "Film", url=server.url, token=admin,
                   cwd=tmp_path).code == 0
    for name, role in (("ana", "artist"), ("sam", "supervisor"), ("vic", "viewer")):
        added = run_cli("project", "member", "add", "film", name, role, url=server.url, token=admin,
                        cwd=tmp_path)
        assert added.code == 0, added.err
    return server, tokens


def test_publish_approve_resolve_get_through_the_cli(studio, tmp_path):
    server, tokens = studio
    art = tmp_path / "hero.png"
    art.write_bytes(os.urandom(100_000))

    def cli(user, *args):
        return run_cli(*args, url=server.url, token=tokens[user], cwd=tmp_path)

    published = cli("ana", "publish", str(art), "--project", "film", "--asset", "hero_ref", "--kind",
                    "reference", "--folder", "characters/hero", "--comment", "first", "--tag", "hero",
                    "--meta", "source=photo")
    assert published.code == 0, published.err
    reference = published.out.strip()
    assert reference == "brickyard://film/characters/hero/hero_ref?version=1"

    listing = json.loads(cli("vic", "ls", "--project", "film", "--tag", "hero", "--json").out)
    assert [(a["name"], a["latest_version"], a["latest_status"]) for a in listing] == [("hero_ref", 1, "wip")]

    denied = cli("ana", "status", reference, "approved")
    assert_clean_failure(denied, "supervisor")
    assert cli("sam", "status", reference, "approved", "--comment", "ok").code == 0

    resolved = json.loads(cli("vic", "resolve", reference.replace("version=1", "version=approved"),
                              "--json").out)
    assert resolved[0]["version"]["number"] == 1 and resolved[0]["latest_approved"] == 1

    library = tmp_path / "library"
    got = cli("vic", "get", reference.replace("version=1", "version=approved"), "--to", str(library))
    assert got.code == 0, got.err
    path = library / "film/characters/hero/hero_ref/v001/hero_ref_v001.png"
    assert got.out.split() == [str(path)]
    assert path.read_bytes() == art.read_bytes()

    versions = json.loads(cli("vic", "versions", reference, "--json").out)
    assert [(v["number"], v["status"]) for v in versions] == [(1, "approved")]

    events = [json.loads(line)["type"] for line in cli("vic", "events", "film", "--json").out.splitlines()]
    assert events.count("published") == 1 and events.count("status_changed") == 1


BAD_PUBLISHES = [
    (["--asset", "Hero Ref", "--kind", "reference"], ["naming", "Hero Ref"]),
    (["--asset", "../escape", "--kind", "reference"], ["escape"]),
    (["--asset", "hero", "--kind", "reference", "--folder", "chars/../../etc"], [".."]),
    (["--asset", "hero", "--kind", "spaceship"], ["unknown kind", "spaceship"]),
    (["--asset", "style", "--kind", "lora"], ["base_model"]),
]


def test_bad_publish_input_is_refused_and_stores_nothing(studio, tmp_path):
    server, tokens = studio
    art = tmp_path / "weights.safetensors"
    art.write_bytes(b"x" * 1000)
    for args, words in BAD_PUBLISHES:
        result = run_cli("publish", str(art), "--project", "film", *args, url=server.url,
                         token=tokens["ana"], cwd=tmp_path)
        assert_clean_failure(result, *words)
    missing = run_cli("publish", str(tmp_path / "nope.png"), "--project", "film", "--asset", "a", "--kind",
                      "image", url=server.url, token=tokens["ana"], cwd=tmp_path)
    assert_clean_failure(missing, "nope.png")
    with Client(server.url, tokens["ana"]) as client:
        assert list(client.assets("film")) == []
        assert client.events("film") and all(e.type != "published" for e in client.events("film"))


def test_viewer_cannot_publish_and_wrong_token_is_refused(studio, tmp_path):
    server, tokens = studio
    art = tmp_path / "a.png"
    art.write_bytes(b"png")
    args = ["publish", str(art), "--project", "film", "--asset", "a", "--kind", "image"]
    assert_clean_failure(run_cli(*args, url=server.url, token=tokens["vic"], cwd=tmp_path), "artist")
    assert_clean_failure(run_cli(*args, url=server.url, token="not-a-token", cwd=tmp_path), "token")
    assert_clean_failure(run_cli("get", "brickyard://film/nothing/here?version=1", url=server.url,
                                 token=tokens["vic"], cwd=tmp_path), "no asset", "nothing/here")


def test_demo_walks_through_and_stops(tmp_path):
    from tests.support.server import free_port

    result = run_cli("demo", "--no-serve", "--data", str(tmp_path / "data"), "--port", str(free_port()),
                     cwd=tmp_path)
    assert result.code == 0, result.err + result.out
    for step in ("created project 'demo'", "published", "approved", "resolved", "downloaded"):
        assert step in result.out
    assert list((tmp_path / "data" / "library").rglob("*.cube"))
    # the background workers made playable proxies of the PNG sequence and the clip
    assert "hero_turntable?version=1 (png): ready — proxy 64x36, thumbnail 64x36" in result.out, result.out
    assert "hero_spin?version=1 (avi): ready — proxy 160x90, poster 160x90, thumbnail 160x90" in result.out
    if importlib.util.find_spec("bpy") is None:
        assert "Blender: skipped" in result.out
    else:  # the headless Blender's part: publish, link, publish v2, switch
        for step in ("Blender: published the collection 'crate'", "is outdated: v1 loaded, v2 latest",
                     "updated 1 of 1 to v2", "the instance is still at x=2"):
            assert step in result.out
        assert list((tmp_path / "data" / "hosts" / "blender" / "library").rglob("crate_v002.blend"))
