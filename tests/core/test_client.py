"""The client's account, project and query verbs against a real server (SQLite)."""

from __future__ import annotations

import threading
import time

import pytest
from brickyard.core.client import Client
from brickyard.core.config import ConfigError
from brickyard.core.errors import (
    AuthenticationFailed,
    Conflict,
    NamingError,
    NotFound,
    PermissionDenied,
    ServerUnavailable,
)
from brickyard.core.models import Role

from tests.support.studio import watch
from tests.support.server import free_port


def test_health_needs_no_token(sqlite_server, monkeypatch, tmp_path):
    monkeypatch.delenv("BRICKYARD_TOKEN", raising=False)
    with Client(sqlite_server.url, config_path=tmp_path / "none.json") as client:
        assert client.health()["status"] == "ok"
        with pytest.raises(ConfigError, match="BRICKYARD_TOKEN"):
            client.whoami()


def test_users_tokens_and_revocation(studio):
    admin = studio.client("admin")
    assert admin.whoami().is_admin
    ana = studio.client("ana")
    assert ana.whoami().name == "ana" and not ana.whoami().is_admin
    second = ana.create_token("ana")
    with Client(studio.url, second.token) as with_second:
        assert with_second.whoami().name == "ana"
        ana.revoke_token(second.id)
        with pytest.raises(AuthenticationFailed) as error:
            with_second.whoami()
    assert error.value.message and error.value.response.status_code == 401


def test_a_wrong_token_is_authentication_failed_with_the_servers_message(studio):
    with Client(studio.url, "by_not_a_real_token") as stranger:
        with pytest.raises(AuthenticationFailed) as error:
            stranger.projects()
    assert error.value.response.status_code == 401
    assert error.value.message == error.value.response.json()["error"]["message"]


def test_projects_and_members(studio):
    admin, ana = studio.client("admin"), studio.client("ana")
    assert [p.code for p in ana.projects()] == ["film"]
    assert ana.project("film").role == Role.artist
    assert {m.user: m.role for m in admin.members("film")}["vic"] == Role.viewer
    assert admin.add_member("film", "vic", "artist").role == Role.artist
    admin.remove_member("film", "vic")
    assert "vic" not in {m.user for m in admin.members("film")}
    with pytest.raises(Conflict, match="film"):
        admin.create_project("film")


def test_typed_errors_carry_the_servers_message(studio):
    admin, ana = studio.client("admin"), studio.client("ana")
    with pytest.raises(NotFound) as missing:
        admin.project("nope")
    assert missing.value.message == missing.value.response.json()["error"]["message"]
    with pytest.raises(PermissionDenied) as denied:
        ana.add_member("film", "vic", "admin")
    assert denied.value.response.status_code == 403 and denied.value.message
    with pytest.raises(NamingError) as bad_name:
        admin.create_project("Bad Code!")
    assert "Bad Code!" in bad_name.value.message and bad_name.value.response.status_code == 422


def test_a_dead_server_is_unavailable_with_what_to_do(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    with Client(url, "tok", retries=1, timeout=2) as client, pytest.raises(ServerUnavailable) as error:
        client.projects()
    assert url in error.value.message and "brickyard serve" in error.value.message


def test_assets_follow_cursors_lazily(studio, tmp_path):
    ana = studio.client("ana")
    for name in ("alpha", "beta", "gamma"):
        path = tmp_path / f"{name}.txt"
        path.write_text(name)
        ana.publish("film", name, "prompt", [path], folder="prompts", tags=["look"])
    traffic = watch(ana)
    names = ana.assets("film", folder="prompts", page_size=2)
    assert next(names).name == "alpha"
    assert traffic.count("GET", "/api/v1/projects/film/assets") == 1  # the second page is not fetched yet
    assert [a.name for a in names] == ["beta", "gamma"]
    assert traffic.count("GET", "/api/v1/projects/film/assets") == 2
    assert [a.name for a in ana.assets("film", search="AMM")] == ["gamma"]
    assert ana.asset_page("film", tag="nope").items == []


def test_events_list_and_stream(studio, tmp_path):
    ana = studio.client("ana")
    path = tmp_path / "p.txt"
    path.write_text("a prompt")
    ana.publish("film", "first", "prompt", [path])
    published = [e for e in ana.events("film") if e.type == "published"]
    assert [e.data["asset"] for e in published] == ["first"] and published[-1].user == "ana"
    assert ana.events("film", after=published[-1].id) == []

    received = []

    def listen():
        with Client(studio.url, studio.tokens["sam"]) as sam:
            for event in sam.stream_events("film", last_event_id=published[-1].id):
                received.append(event)
                return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    time.sleep(0.5)
    path.write_text("another prompt")
    second = ana.publish("film", "second", "prompt", [path])
    listener.join(timeout=20)
    assert received and received[0].type == "published" and received[0].id > published[-1].id
    assert received[0].data["reference"] == second.reference


def test_the_event_stream_resumes_after_the_server_restarts(sqlite_server, tmp_path):
    with Client(sqlite_server.url, sqlite_server.admin_token, cache_dir=tmp_path / "c") as admin:
        admin.create_project("film")
        path = tmp_path / "p.txt"
        received = []

        def listen():
            with Client(sqlite_server.url, sqlite_server.admin_token, retries=8) as listener:
                for event in listener.stream_events("film", last_event_id=0):  # replay from the start
                    if event.type == "published":
                        received.append(event)
                    if len(received) == 2:
                        return

        thread = threading.Thread(target=listen, daemon=True)
        thread.start()
        path.write_text("one")
        admin.publish("film", "one", "prompt", [path])
        deadline = time.monotonic() + 10
        while not received and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [e.data["asset"] for e in received] == ["one"]

        sqlite_server.kill()  # the stream breaks mid-flight
        sqlite_server.start()
        path.write_text("two")
        admin.publish("film", "two", "prompt", [path])
        thread.join(timeout=30)
    assert [e.data["asset"] for e in received] == ["one", "two"]  # none lost, none twice
