"""`brickyard scene`: the whole publish → load → switch loop on the reference host, from a shell."""

from __future__ import annotations

import json

from brickyard.core.client import Client
from tests.support.cli import assert_clean_failure, run_cli


def test_publish_load_outdated_update_from_the_cli(sqlite_server, tmp_path):
    with Client(sqlite_server.url, sqlite_server.admin_token) as admin:
        admin.create_project("film")
        token = admin.create_user("ana").token
        admin.add_member("film", "ana", "artist")

    def cli(*args):
        return run_cli(*args, url=sqlite_server.url, token=token, cwd=tmp_path,
                       env={"BRICKYARD_LIBRARY": str(tmp_path / "library"),
                            "BRICKYARD_CACHE": str(tmp_path / "cache")})

    plate = tmp_path / "plate.exr"
    plate.write_bytes(b"take one")
    assert cli("scene", "init", "lookdev.json", "--project", "film", "--folder", "env").code == 0
    assert cli("scene", "create", "lookdev.json", str(plate), "--asset", "plate", "--kind", "image").code == 0
    first = cli("scene", "publish", "lookdev.json")
    assert first.code == 0, first.out + first.err
    assert "published brickyard://film/env/plate?version=1" in first.out

    assert cli("scene", "init", "shot.json", "--project", "film").code == 0
    loaded = cli("scene", "load", "shot.json", "brickyard://film/env/plate?version=1")
    assert loaded.code == 0, loaded.err

    plate.write_bytes(b"take two")
    assert cli("scene", "publish", "lookdev.json").code == 0
    items = json.loads(cli("scene", "inventory", "shot.json", "--json").out)
    assert [(i["loaded"], i["latest"], i["state"]) for i in items] == [(1, 2, "outdated")]

    updated = cli("scene", "update", "shot.json")
    assert updated.code == 0 and "v1 -> v2" in updated.out
    items = json.loads(cli("scene", "inventory", "shot.json", "--json").out)
    assert [(i["loaded"], i["state"]) for i in items] == [(2, "not_approved")]  # the newest, still wip
    scene = json.loads((tmp_path / "shot.json").read_text())
    [node] = scene["nodes"].values()
    assert open(node["paths"][0], "rb").read() == b"take two"


def test_a_failing_validation_exits_non_zero_and_publishes_nothing(sqlite_server, tmp_path):
    with Client(sqlite_server.url, sqlite_server.admin_token) as admin:
        admin.create_project("film")
    art = tmp_path / "a.png"
    art.write_bytes(b"")  # empty: the files validator refuses it
    token = sqlite_server.admin_token
    assert run_cli("scene", "init", "s.json", "--project", "film", cwd=tmp_path).code == 0
    assert run_cli("scene", "create", "s.json", str(art), "--asset", "a", "--kind", "image",
                   cwd=tmp_path).code == 0
    result = run_cli("scene", "publish", "s.json", url=sqlite_server.url, token=token, cwd=tmp_path)
    assert result.code == 1 and "FAIL" in result.out and "nothing was published" in result.out
    with Client(sqlite_server.url, token) as admin:
        assert list(admin.assets("film")) == []
    assert_clean_failure(run_cli("scene", "inventory", "missing.json", url=sqlite_server.url, token=token,
                                 cwd=tmp_path), "no scene at missing.json")
