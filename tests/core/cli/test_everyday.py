"""The CLI as a new user meets it (issue 18): login, tokens, settings, moves, short references, help,
errors that say what to do, readable events, the status note, the demo's tokens and its SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from brickyard.core.cli.main import build_parser
from tests.support.cli import BRICKYARD, assert_clean_failure, run_cli
from tests.support.server import free_port


@pytest.fixture
def cli(studio, tmp_path):
    (tmp_path / "grade.cube").write_text("LUT_3D_SIZE 2\n")

    def run(user, *args, **kwargs):
        return run_cli(*args, url=studio.url, token=studio.tokens[user], cwd=tmp_path,
                       env={"BRICKYARD_LIBRARY": str(tmp_path / "lib"), "BRICKYARD_CACHE": str(tmp_path / "c")},
                       **kwargs)
    return run


def test_login_hints_http_and_reads_the_token_from_stdin(studio, tmp_path):
    config = tmp_path / "config.json"
    env = {"BRICKYARD_CONFIG": str(config)}
    bare = studio.url.removeprefix("http://")
    assert_clean_failure(run_cli("login", bare, cwd=tmp_path, env=env), f"http://{bare}")
    proc = subprocess.run([BRICKYARD, "login", studio.url], input=studio.tokens["ana"] + "\n", text=True,
                          capture_output=True, cwd=tmp_path, env={**os.environ, **env}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "as ana" in proc.stdout and studio.tokens["ana"] not in proc.stdout
    assert json.loads(config.read_text())["token"] == studio.tokens["ana"]

    whoami = subprocess.run([BRICKYARD, "whoami"], capture_output=True, text=True, env={**os.environ, **env})
    assert whoami.stdout.startswith("ana")
    out = subprocess.run([BRICKYARD, "logout"], capture_output=True, text=True, env={**os.environ, **env})
    assert out.returncode == 0 and "revoked" in out.stdout
    assert_clean_failure(run_cli("whoami", url=studio.url, token=studio.tokens["ana"], cwd=tmp_path), "revoked")


def test_user_list_and_token_revoke(cli, studio):
    listed = cli("admin", "user", "list", "--json")
    assert [u["name"] for u in json.loads(listed.out)] == ["admin", "ana", "sam", "vic"]
    assert_clean_failure(cli("ana", "user", "list"), "server admin")
    issued = cli("admin", "user", "token", "sam")
    token_id = issued.err.split("id ")[1].split(";")[0]
    assert cli("admin", "token", "revoke", token_id).code == 0
    assert_clean_failure(run_cli("whoami", url=studio.url, token=issued.out.strip()), "revoked")


def test_project_settings_change_through_the_cli(cli, studio):
    changed = cli("admin", "project", "set", "film", "--name", "The Film 2", "--add-kind", "hdri=a panorama",
                  "--require-meta", "hdri:colorspace", "--json")
    assert changed.code == 0, changed.err
    project = json.loads(changed.out)
    assert project["name"] == "The Film 2"
    assert {"name": "hdri", "description": "a panorama", "required_metadata": ["colorspace"]} in project["kinds"]
    refused = cli("ana", "publish", "grade.cube", "--asset", "sky", "--kind", "hdri")
    assert_clean_failure(refused, "colorspace")
    assert cli("ana", "publish", "grade.cube", "--asset", "warm_grade", "--kind", "lut").code == 0
    assert_clean_failure(cli("admin", "project", "set", "film", "--remove-kind", "lut"), "still used")
    assert_clean_failure(cli("ana", "project", "set", "film", "--name", "x"), "changing the project's settings")
    assert cli("admin", "project", "set", "film", "--name-pattern", "[A-Za-z_]+",
               "--naming-description", "letters").code == 0
    assert cli("ana", "publish", "grade.cube", "--asset", "Warm_Grade", "--kind", "lut").code == 0


def test_a_projects_ocio_view_is_set_checked_and_cleared_through_the_cli(cli, tmp_path):
    from tests.support.media import write_swap_ocio_config

    config = write_swap_ocio_config(tmp_path / "config.ocio")
    assert_clean_failure(cli("admin", "project", "set", "film", "--ocio-config", str(config), "--ocio-view", "film"),
                         "no view 'film'")
    assert_clean_failure(cli("admin", "project", "set", "film", "--ocio-view", "swap"), "--ocio-config")
    done = cli("admin", "project", "set", "film", "--ocio-config", str(config), "--ocio-display", "review",
               "--ocio-view", "swap", "--json")
    assert done.code == 0, done.err
    assert json.loads(done.out)["color"] == {"ocio_config": str(config), "display": "review", "view": "swap",
                                             "colorspace": None}
    cleared = cli("admin", "project", "set", "film", "--no-ocio", "--json")
    assert cleared.code == 0 and json.loads(cleared.out)["color"] is None


def test_move_keeps_history_and_old_references_resolve(cli):
    first = cli("ana", "publish", "grade.cube", "--asset", "warm_grde", "--kind", "lut", "--folder", "looks")
    assert first.out.strip() == "brickyard://film/looks/warm_grde?version=1"
    assert_clean_failure(cli("ana", "move", "film/looks/warm_grde", "looks/warm_grade"), "supervisor")
    moved = cli("sam", "move", "film/looks/warm_grde", "grades/warm_grade")
    assert moved.code == 0, moved.err
    resolved = json.loads(cli("vic", "resolve", "film/looks/warm_grde?version=1", "--json").out)
    assert resolved[0]["version"]["reference"] == "brickyard://film/grades/warm_grade?version=1"
    assert [v["number"] for v in json.loads(cli("vic", "versions", "film/looks/warm_grde", "--json").out)] == [1]
    assert cli("ana", "publish", "grade.cube", "--asset", "warm_grade", "--kind", "lut",
               "--folder", "grades").out.strip().endswith("version=2")
    assert "renamed" in cli("vic", "events", "film").out


def test_short_references_did_you_mean_and_the_status_note(cli):
    cli("ana", "publish", "grade.cube", "--asset", "warm_grade", "--kind", "lut", "--folder", "looks")
    assert "film/looks/warm_grade" in cli("vic", "ls").out
    typo = cli("vic", "versions", "film/looks/warm_grde")
    assert_clean_failure(typo, "did you mean film/looks/warm_grade")
    rejected = cli("sam", "status", "film/looks/warm_grade", "rejected", "--comment", "too warm for the night shots")
    assert rejected.code == 0, rejected.err
    listed = cli("vic", "versions", "film/looks/warm_grade")
    assert "STATUS NOTE" in listed.out and "too warm for the night shots" in listed.out
    events = cli("vic", "events", "film").out.splitlines()
    assert any("from wip to rejected: too warm" in line and "sam" in line for line in events)
    assert all(not line.rstrip().endswith("}") for line in events)
    types = [json.loads(line)["type"] for line in cli("vic", "events", "film", "--json").out.splitlines()]
    assert types[-2:] == ["status_changed", "commented"]  # the decision's note also joins the review thread
    # get follows the Loader's rule: without ?version= it takes the latest approved
    assert_clean_failure(cli("vic", "get", "film/looks/warm_grade"), "no approved version")
    assert cli("vic", "get", "film/looks/warm_grade?version=latest").code == 0


def test_errors_read_well(cli):
    cli("ana", "publish", "grade.cube", "--asset", "warm_grade", "--kind", "lut")
    viewer = cli("vic", "publish", "grade.cube", "--asset", "x", "--kind", "lut")
    assert_clean_failure(viewer, "publishing", "artist")
    assert "/api/v1" not in viewer.err
    naming = cli("ana", "publish", "grade.cube", "--asset", "Warm-Grade", "--kind", "lut", "--folder", "Looks/X")
    assert_clean_failure(naming, "'Looks' (folder)", "'X' (folder)", "'Warm-Grade' (asset)", "'looks/x/warm_grade'")
    kind = cli("ana", "publish", "grade.cube", "--asset", "warm_grade", "--kind", "image")
    assert_clean_failure(kind, "is a lut, not an image")


def test_publish_defaults_to_the_only_project(cli, studio):
    assert cli("ana", "publish", "grade.cube", "--asset", "warm_grade", "--kind", "lut").code == 0
    with studio.client("admin") as admin:
        admin.create_project("other")
    assert_clean_failure(cli("admin", "publish", "grade.cube", "--asset", "x", "--kind", "lut"), "--project")


def _every_option(parser, path=()):
    for action in parser._actions:
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            for name, sub in action.choices.items():
                yield from _every_option(sub, (*path, name))
        elif action.option_strings and action.dest != "help":
            yield " ".join(path), action


def test_every_option_of_every_command_has_help():
    missing = [f"{command} {action.option_strings[0]}" for command, action in _every_option(build_parser())
               if not action.help]
    assert missing == []
    assert "lora" in build_parser()._subparsers._group_actions[0].choices["publish"].format_help()


def test_ui_screenshot_without_a_display_says_what_to_do_and_writes_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([BRICKYARD, "ui", "loader", "--scene", "s.json", "--project", "film",
                           "--screenshot", "shot.png", "--url", "http://127.0.0.1:9", "--token", "x"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "QT_QPA_PLATFORM=offscreen" in proc.stderr and "Reinstalling" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_sigterm_to_the_demo_stops_its_server(tmp_path):
    port = free_port()
    demo = subprocess.Popen([BRICKYARD, "demo", "--data", str(tmp_path / "data"), "--port", str(port),
                             "--no-hosts"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=tmp_path, env={**os.environ, "BRICKYARD_CONFIG": str(tmp_path / "c.json")})
    lines = []
    for line in demo.stdout:
        lines.append(line)
        if "press Ctrl-C" in line:
            break
    assert any("ana (artist) signs in with: echo " in line for line in lines), "".join(lines)
    [server_pid] = [int(p) for p in open(f"/proc/{demo.pid}/task/{demo.pid}/children").read().split()]
    demo.send_signal(signal.SIGTERM)
    demo.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and _alive(server_pid):
        time.sleep(0.1)
    assert not _alive(server_pid), "the demo's server outlived it"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie (exited, not yet reaped) counts as stopped
        return stat.read().split()[2] != "Z"

