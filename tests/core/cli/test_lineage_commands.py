"""``brickyard used-by`` and ``made-from`` as a user runs them."""

from __future__ import annotations

import json

from brickyard.core import Client

from tests.support.cli import assert_clean_failure, run_cli


def test_used_by_and_made_from_list_the_lineage(sqlite_server, tmp_path):
    with Client(sqlite_server.url, sqlite_server.admin_token) as admin:
        admin.create_project("film")
        (tmp_path / "plate.exr").write_bytes(b"plate")
        (tmp_path / "comp.exr").write_bytes(b"comp")
        plate = admin.publish("film", "plate", "image", [tmp_path / "plate.exr"], folder="env")
        admin.publish("film", "comp", "image", [tmp_path / "comp.exr"], inputs=[plate.reference])

    def cli(*args):
        return run_cli(*args, url=sqlite_server.url, token=sqlite_server.admin_token, cwd=tmp_path)

    used = cli("used-by", "brickyard://film/env/plate?version=1")
    assert used.code == 0, used.err
    assert "brickyard://film/comp?version=1" in used.out and "declared" in used.out
    made = cli("made-from", "brickyard://film/comp?version=latest", "--json")
    assert made.code == 0, made.err
    assert [link["reference"] for link in json.loads(made.out)] == ["brickyard://film/env/plate?version=1"]
    nothing = cli("used-by", "brickyard://film/comp?version=1")
    assert nothing.code == 0 and "nothing made from it" in nothing.out
    assert_clean_failure(cli("used-by", "brickyard://film/nope?version=1"), "nope")
