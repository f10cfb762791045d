"""`brickyard scene validate|repair|list|remove`: one line per failure (tracebacks in the log), repairs
from the shell, and instances managed without editing the JSON."""

from __future__ import annotations

import json

import pytest

from brickyard.core.client import Client
from tests.support.cli import assert_clean_failure, run_cli


@pytest.fixture
def scene_cli(sqlite_server, tmp_path):
    with Client(sqlite_server.url, sqlite_server.admin_token) as admin:
        admin.create_project("demo")
    (tmp_path / "grade.cube").write_text("LUT_3D_SIZE 2\n")

    def cli(*args):
        return run_cli(*args, url=sqlite_server.url, token=sqlite_server.admin_token, cwd=tmp_path,
                       env={"BRICKYARD_LOG": str(tmp_path / "logs" / "brickyard.log")})
    assert cli("scene", "init", "s.json", "--project", "demo", "--folder", "looks").code == 0
    return cli


def instances(tmp_path):
    return list(json.loads((tmp_path / "s.json").read_text())["instances"].values())


def test_a_failed_validation_prints_no_traceback_and_logs_it(scene_cli, tmp_path):
    assert scene_cli("scene", "create", "s.json", "grade.cube", "--asset", "Cool_Grade", "--kind", "lut").code == 0
    for action in ("validate", "publish"):
        result = scene_cli("scene", action, "s.json")
        assert result.code == 1
        assert "Traceback" not in result.err and "ValueError" not in result.err, result.err
        assert "FAIL Validate naming" in result.out and "scene repair s.json" in result.out
    assert "Traceback" in (tmp_path / "logs" / "brickyard.log").read_text()


def test_repair_renames_and_then_validates(scene_cli, tmp_path):
    scene_cli("scene", "create", "s.json", "grade.cube", "--asset", "Cool_Grade", "--kind", "lut")
    repaired = scene_cli("scene", "repair", "s.json")
    assert repaired.code == 0, repaired.out + repaired.err
    assert "repaired: Validate naming" in repaired.out and "now validates" in repaired.out
    assert [(i["folder"], i["asset"]) for i in instances(tmp_path)] == [("looks", "cool_grade")]
    assert scene_cli("scene", "publish", "s.json").code == 0


def test_create_again_replaces_list_and_remove(scene_cli, tmp_path):
    scene_cli("scene", "create", "s.json", "grade.cube", "--asset", "warm_grade", "--kind", "lut")
    again = scene_cli("scene", "create", "s.json", "grade.cube", "--asset", "warm_grade", "--kind", "lut",
                      "--comment", "second try")
    assert again.code == 0 and "updated instance" in again.out
    [instance] = instances(tmp_path)
    assert instance["comment"] == "second try"

    listed = scene_cli("scene", "list", "s.json")
    assert "looks/warm_grade" in listed.out and instance["id"] in listed.out
    assert [i["id"] for i in json.loads(scene_cli("scene", "list", "s.json", "--json").out)] == [instance["id"]]

    assert_clean_failure(scene_cli("scene", "remove", "s.json", "nope"), "scene list")
    removed = scene_cli("scene", "remove", "s.json", instance["id"][:8])
    assert removed.code == 0 and instances(tmp_path) == []
