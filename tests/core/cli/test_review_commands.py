"""``brickyard playlist`` and ``brickyard link``, and the Client's playlist and client-link methods, against a
real server."""

from __future__ import annotations

import json

import requests
from brickyard.core import Client
from brickyard.core.errors import PermissionDenied

from tests.support.cli import assert_clean_failure, run_cli


def test_playlists_and_links_from_the_command_line(sqlite_server, tmp_path):
    with Client(sqlite_server.url, sqlite_server.admin_token) as admin:
        admin.create_project("film")
        ana = admin.create_user("ana").token
        admin.add_member("film", "ana", "artist")
        for name in ("sh010", "sh020", "sh030"):
            (tmp_path / f"{name}.glb").write_bytes(name.encode())
            admin.publish("film", name, "model", [tmp_path / f"{name}.glb"], folder="shots")

    def cli(*args, token=sqlite_server.admin_token):
        return run_cli(*args, url=sqlite_server.url, token=token, cwd=tmp_path)

    made = cli("playlist", "create", "film", "dailies", "film/shots/sh030", "film/shots/sh010", "--json")
    assert made.code == 0, made.err
    playlist = json.loads(made.out)
    assert [i["asset"] for i in playlist["items"]] == ["sh030", "sh010"]
    added = cli("playlist", "add", "film", str(playlist["id"]), "film/shots/sh020", "--at", "1")
    assert added.code == 0, added.err
    shown = cli("playlist", "show", "film", str(playlist["id"]))
    assert shown.code == 0 and shown.out.index("sh020") < shown.out.index("sh030") < shown.out.index("sh010")
    items = [i["id"] for i in json.loads(cli("playlist", "show", "film", str(playlist["id"]), "--json").out)["items"]]
    ordered = json.loads(cli("playlist", "order", "film", str(playlist["id"]), *map(str, items[::-1]), "--json").out)
    assert [i["asset"] for i in ordered["items"]] == ["sh010", "sh030", "sh020"]
    folder = json.loads(cli("playlist", "create", "film", "all shots", "--folder", "shots", "--json").out)
    assert [i["asset"] for i in folder["items"]] == ["sh010", "sh020", "sh030"]
    assert "all shots" in cli("playlist", "list", "film").out
    assert_clean_failure(cli("playlist", "create", "film", "nothing"), "REFERENCE")
    assert_clean_failure(cli("playlist", "add", "film", str(playlist["id"]), "film/shots/nope"), "nope")
    assert_clean_failure(cli("playlist", "order", "film", str(playlist["id"]), "1"), "every item id")
    assert_clean_failure(cli("playlist", "show", "film", "9999"), "9999")

    link = cli("link", "create", "film", "--playlist", str(playlist["id"]), "--hours", "2", "--label", "Acme")
    assert link.code == 0, link.err
    url = link.out.strip().splitlines()[-1]
    assert url.startswith(sqlite_server.url.rstrip("/") + "/g/")
    assert requests.get(url, timeout=10).status_code == 200  # the guest's form opens
    listed = cli("link", "list", "film")
    assert "Acme" in listed.out and "active" in listed.out
    link_id = json.loads(cli("link", "list", "film", "--json").out)[0]["id"]
    assert cli("link", "revoke", "film", str(link_id)).code == 0
    assert "revoked" in cli("link", "list", "film").out
    assert requests.get(url, timeout=10).status_code == 404
    assert cli("link", "log", "film", str(link_id)).code == 0
    assert_clean_failure(cli("link", "create", "film", "--version", "film/shots/sh010", token=ana), "supervisor")
    assert_clean_failure(cli("link", "create", "film", "--version", "film/shots/sh010", "--hours", "99999"),
                         "hours")

    with Client(sqlite_server.url, sqlite_server.admin_token) as client:  # the same through the library
        guarded = client.create_client_link("film", version="brickyard://film/shots/sh010", passphrase="open sesame",
                                            allow_download=True)
        assert guarded.has_passphrase and guarded.allow_download and guarded.path.startswith("/g/")
        assert [x.id for x in client.client_links("film")][0] == guarded.id
        assert client.revoke_client_link("film", guarded.id).active is False
        assert client.playlist("film", playlist["id"]).name == "dailies"
    with Client(sqlite_server.url, ana) as client:
        try:
            client.client_links("film")
            raise AssertionError("an artist listed client links")
        except PermissionDenied as exc:
            assert "supervisor" in exc.message


def _signed_in(url: str, token: str) -> tuple[requests.Session, str]:
    """A browser-like session of the web app (the live session controls are web forms)."""
    import re
    http = requests.Session()
    page = http.get(url + "/signin", timeout=10)
    secret = re.search(r'name="signin_secret" value="([^"]+)"', page.text).group(1)
    http.post(url + "/signin", data={"token": token, "signin_secret": secret, "next": "/"}, timeout=10,
              allow_redirects=False)
    home = http.get(url + "/?all", timeout=10)
    return http, re.search(r'name="csrf-token" content="([^"]+)"', home.text).group(1)


def test_session_summary_from_the_command_line(sqlite_server, tmp_path):
    with Client(sqlite_server.url, sqlite_server.admin_token) as admin:
        admin.create_project("film")
        (tmp_path / "sh010.glb").write_bytes(b"sh010")
        version = admin.publish("film", "sh010", "model", [tmp_path / "sh010.glb"], folder="shots")
        playlist = admin.create_playlist("film", "dailies", [version])

    def cli(*args):
        return run_cli(*args, url=sqlite_server.url, token=sqlite_server.admin_token, cwd=tmp_path)

    assert_clean_failure(cli("playlist", "summary", "film", str(playlist.id)), "no live session")
    http, csrf = _signed_in(sqlite_server.url, sqlite_server.admin_token)
    live = f"{sqlite_server.url}/p/film/playlist/{playlist.id}/live"
    assert http.post(f"{live}/start", data={"csrf": csrf}, allow_redirects=False, timeout=10).status_code == 303
    with Client(sqlite_server.url, sqlite_server.admin_token) as admin:
        admin.set_status(version.reference, "approved", comment="lovely")
    assert http.post(f"{live}/end", data={"csrf": csrf}, allow_redirects=False, timeout=10).status_code == 303

    listed = json.loads(cli("playlist", "sessions", "film", str(playlist.id), "--json").out)
    assert len(listed) == 1 and listed[0]["ended_at"]
    shown = cli("playlist", "summary", "film", str(playlist.id))
    assert shown.code == 0, shown.err
    assert "1. shots/sh010 v001: approved" in shown.out and "[approved]: lovely" in shown.out
    as_json = json.loads(cli("playlist", "summary", "film", str(playlist.id), str(listed[0]["session_id"]),
                             "--json").out)
    assert as_json["items"][0]["decisions"] == ["approved"]
    assert_clean_failure(cli("playlist", "summary", "film", str(playlist.id), "99999"), "no live session")
