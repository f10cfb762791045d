"""Client links: a guest watches and comments on what the link names, and nothing else — never approves,
never downloads unless allowed, and is shut out by revocation, expiry and wrong passphrases."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from brickyard.server.review_tables import ClientLink
from brickyard.server.tables import utcnow
from tests.server.factories import error_of


class Guest:
    """A browser without an account, holding only what the link gave it."""

    def __init__(self, app, path: str):
        self.http = TestClient(app, follow_redirects=False)
        self.path, self.csrf = path, ""

    def open(self, name: str = "Dana from Acme", passphrase: str = ""):
        form = self.http.get(self.path)
        if form.status_code != 200:
            return form
        secret = re.search(r'name="form_secret" value="([^"]+)"', form.text).group(1)
        answer = self.http.post(self.path, data={"name": name, "passphrase": passphrase, "form_secret": secret})
        if answer.status_code == 303:
            page = self.http.get("/g/watch")
            self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
        return answer

    def get(self, path, **kwargs):
        return self.http.get(path, **kwargs)

    def post(self, path, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            data["csrf"] = self.csrf
        return self.http.post(path, data=data, **kwargs)


@pytest.fixture
def shot(api, team):
    """Two versions of a shot (a PNG each) and a second asset in the same project; a playlist of one."""
    tokens, _ = team
    ana = api.as_user(tokens["ana"])

    def png(name: str, n: int) -> dict:
        body = ana.manifest(name, "shots", kind="image", data=tiny_png(n), status="review")
        body["representations"][0] = {"name": "png", "files": [{**body["representations"][0]["files"][0],
                                                                 "path": f"{name}.png"}]}
        return ana.ok("POST", "/projects/film/versions", 201, json=body)

    return {"v1": png("sh010", 1), "v2": png("sh010", 2), "other": png("sh020", 3)}


def tiny_png(shade: int) -> bytes:
    from PIL import Image
    import io
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (shade * 40, 10, 10)).save(out, "PNG")
    return out.getvalue()


def _link(api, tokens, **body):
    return api.as_user(tokens["sam"]).ok("POST", "/projects/film/client-links", 201, json=body)


def _png_of(version):
    file = version["representations"][0]["files"][0]
    return file["sha256"], file["path"]


def test_guest_watches_and_comments_and_is_logged(app, api, team, shot):
    tokens, _ = team
    link = _link(api, tokens, version_id=shot["v2"]["id"], hours=2, label="for Acme")
    assert link["path"].startswith("/g/") and link["active"] and not link["has_passphrase"]
    guest = Guest(app, link["path"])
    assert guest.open().status_code == 303
    page = guest.get("/g/watch")
    assert page.status_code == 200 and "sh010" in page.text and "Dana from Acme" in page.text
    sha, path = _png_of(shot["v2"])
    media = re.findall(r'src="(/[^"]+)"', page.text)
    shown = [m for m in media if not m.startswith("/static/")]
    assert shown and all(m.startswith(("/g/preview/", f'/g/v/{shot["v2"]["id"]}/file/')) for m in shown), media
    assert all(guest.get(m).status_code == 200 for m in shown)  # its media, on the guest routes only
    assert "/p/film" not in page.text
    assert guest.get(f'/g/v/{shot["v2"]["id"]}/file/{sha}/{path}').status_code == 200  # watching inline
    posted = guest.post(f'/g/v/{shot["v2"]["id"]}/comments', {"text": "love the light", "frame": "3"})
    assert posted.status_code == 303
    # the team sees it, attributed to the guest and the link; the guest sees it too
    thread = api.as_user(tokens["sam"]).ok("GET", f'/versions/{shot["v2"]["id"]}/comments')
    assert [(c["author"], c["text"], c["frame"]) for c in thread] == [
        (f"Dana from Acme (guest, client link {link['id']})", "love the light", 3)]
    assert "love the light" in guest.get("/g/watch").text
    # an internal note is not shown to the guest
    api.as_user(tokens["sam"]).ok("POST", f'/versions/{shot["v2"]["id"]}/comments', 201,
                                  json={"text": "internal: client is picky"})
    assert "client is picky" not in guest.get("/g/watch").text
    # nobody, not even the link's maker, edits a guest's words
    edit = api.as_user(tokens["sam"]).call("PATCH", f"/comments/{thread[0]['id']}", json={"text": "changed"})
    assert edit.status_code == 403
    actions = api.as_user(tokens["sam"]).ok("GET", f"/projects/film/client-links/{link['id']}/actions")
    assert [a["action"] for a in actions][:2] == ["opened", "viewed"]
    said = [a for a in actions if a["action"] == "commented"]
    assert said and said[0]["guest_name"] == "Dana from Acme" and said[0]["text"] == "love the light"
    assert said[0]["version_id"] == shot["v2"]["id"]


def test_guest_never_approves_never_downloads_and_sees_nothing_else(app, api, team, shot):
    tokens, versions = team
    link = _link(api, tokens, version_id=shot["v2"]["id"])
    guest = Guest(app, link["path"])
    guest.open()
    vid = shot["v2"]["id"]
    sha, path = _png_of(shot["v2"])
    # forged approvals: no guest route decides, and the user pages do not know a guest
    for forged in (f"/g/v/{vid}/review", f"/p/film/v/{vid}/review", f"/g/v/{vid}/status"):
        answer = guest.post(forged, {"decision": "approve"})
        assert answer.status_code in (303, 401, 403, 404, 405), (forged, answer.status_code)
        assert answer.status_code != 200
    assert api.as_user(tokens["sam"]).ok("GET", f"/versions/{vid}")["status"] == "review"
    # the guest's cookie is no token, and project pages send it to sign in
    assert guest.get("/api/v1/projects/film").status_code == 401
    assert guest.get(f"/api/v1/versions/{vid}").status_code == 401
    for page in ("/p/film", "/p/film/asset/shots/sh010", f"/p/film/v/{vid}/file/{sha}/{path}",
                 "/p/film/playlists", "/p/film/links"):
        answer = guest.get(page)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/signin"), page
    assert guest.get("/p/film/live").status_code == 401
    # downloads refused (and logged); the server checks, whatever the page shows
    refused = guest.get(f"/g/v/{vid}/file/{sha}/{path}?download=true")
    assert refused.status_code == 403 and "does not allow downloads" in error_of(refused)["message"]
    # other versions of the same asset, other assets, other projects: not reachable through the link
    for version in (shot["v1"], shot["other"], versions["other"]):
        other_sha, other_path = _png_of(version)
        assert guest.get(f"/g/v/{version['id']}/file/{other_sha}/{other_path}").status_code == 404
        assert guest.post(f"/g/v/{version['id']}/comments", {"text": "sneaky"}).status_code == 404
    assert guest.get("/g/watch?item=5").status_code == 200  # clamped to the one version it shows
    # comments need the guest's CSRF token and this site as Origin
    assert guest.post(f"/g/v/{vid}/comments", {"text": "no token"}, csrf=False).status_code == 403
    assert guest.post(f"/g/v/{vid}/comments", {"text": "x"},
                      headers={"origin": "https://evil.example"}).status_code == 403
    actions = [a["action"] for a in api.as_user(tokens["sam"]).ok(
        "GET", f"/projects/film/client-links/{link['id']}/actions")]
    assert "download_refused" in actions


def test_downloads_when_the_link_allows_them(app, api, team, shot):
    tokens, _ = team
    link = _link(api, tokens, version_id=shot["v2"]["id"], allow_download=True)
    guest = Guest(app, link["path"])
    guest.open()
    sha, path = _png_of(shot["v2"])
    assert 'data-testid="downloads"' in guest.get("/g/watch").text
    got = guest.get(f'/g/v/{shot["v2"]["id"]}/file/{sha}/{path}?download=true')
    assert got.status_code == 200 and got.headers["content-disposition"].startswith("attachment")


def test_revocation_and_expiry_end_the_link_and_its_sessions(app, api, team, shot):
    tokens, _ = team
    sam = api.as_user(tokens["sam"])
    revoked = _link(api, tokens, version_id=shot["v2"]["id"])
    expiring = _link(api, tokens, version_id=shot["v2"]["id"])
    first, second = Guest(app, revoked["path"]), Guest(app, expiring["path"])
    first.open()
    second.open()
    assert first.get("/g/watch").status_code == 200 and second.get("/g/watch").status_code == 200
    assert sam.ok("DELETE", f"/projects/film/client-links/{revoked['id']}")["active"] is False
    assert first.get("/g/watch").status_code == 401  # the open session ends with its link
    assert first.post(f'/g/v/{shot["v2"]["id"]}/comments', {"text": "late"}).status_code == 401
    assert Guest(app, revoked["path"]).open().status_code == 404  # and the link opens no new one
    with app.state.sessions() as db:  # time passes: the second link's expiry is behind us
        db.execute(update(ClientLink).where(ClientLink.id == expiring["id"])
                   .values(expires_at=utcnow() - timedelta(minutes=1)))
        db.commit()
    assert second.get("/g/watch").status_code == 401
    assert Guest(app, expiring["path"]).open().status_code == 404
    states = {link["id"]: link["active"] for link in sam.ok("GET", "/projects/film/client-links")}
    assert states == {revoked["id"]: False, expiring["id"]: False}
    assert Guest(app, "/g/not-a-real-secret").open().status_code == 404


def test_passphrase_is_hashed_and_wrong_ones_are_refused_then_rate_limited(app, api, team, shot):
    tokens, _ = team
    link = _link(api, tokens, version_id=shot["v2"]["id"], passphrase="correct horse")
    assert link["has_passphrase"]
    with app.state.sessions() as db:
        stored = db.get(ClientLink, link["id"])
        assert stored.passphrase_hash.startswith("scrypt$") and "correct horse" not in stored.passphrase_hash
        assert link["path"].removeprefix("/g/") not in stored.secret_sha256
    guest = Guest(app, link["path"])
    wrong = guest.open(passphrase="wrong horse")
    assert wrong.status_code == 401 and "wrong passphrase" in wrong.text
    assert guest.get("/g/watch").status_code == 401
    for _ in range(4):
        guest.open(passphrase="still wrong")
    locked = guest.open(passphrase="correct horse")  # five failures in ten minutes: even the right one waits
    assert locked.status_code == 429 and "wait ten minutes" in locked.text
    other = _link(api, tokens, version_id=shot["v2"]["id"], passphrase="correct horse")
    assert Guest(app, other["path"]).open(passphrase="correct horse").status_code == 303  # per link


def test_only_supervisors_make_links_and_only_in_scope(api, team, shot):
    tokens, versions = team
    for user in ("ana", "vic"):
        answer = api.as_user(tokens[user]).call("POST", "/projects/film/client-links",
                                                json={"version_id": shot["v2"]["id"]})
        assert answer.status_code == 403, user
    assert api.as_user(tokens["ana"]).call("GET", "/projects/film/client-links").status_code == 403
    foreign = api.as_user(tokens["sam"]).call("POST", "/projects/film/client-links",
                                              json={"version_id": versions["other"]["id"]})
    assert foreign.status_code == 404
    both = api.as_user(tokens["sam"]).call("POST", "/projects/film/client-links",
                                           json={"version_id": shot["v2"]["id"], "playlist_id": 1})
    assert both.status_code == 422 and "exactly one" in error_of(both)["message"]


def test_playlist_link_steps_through_its_items_only(app, api, team, shot):
    tokens, _ = team
    sam = api.as_user(tokens["sam"])
    playlist = sam.ok("POST", "/projects/film/playlists", 201,
                      json={"name": "for client", "versions": [shot["other"]["id"], shot["v2"]["id"]]})
    link = _link(api, tokens, playlist_id=playlist["id"])
    guest = Guest(app, link["path"])
    guest.open()
    first = guest.get("/g/watch")
    assert "sh020" in first.text and "1 of 2" in first.text and 'href="/g/watch?item=1"' in first.text
    assert "sh010 v2" in guest.get("/g/watch?item=1").text
    assert guest.post(f'/g/v/{shot["v2"]["id"]}/comments', {"text": "ok"}).headers["location"].startswith(
        "/g/watch?item=1")
    sha, path = _png_of(shot["v1"])
    assert guest.get(f'/g/v/{shot["v1"]["id"]}/file/{sha}/{path}').status_code == 404


def test_supervisor_links_page_makes_lists_and_revokes(app, api, web, team, shot):
    tokens, _ = team
    sam = web("sam")
    made = sam.post("/p/film/links", {"target": "version", "target_id": str(shot["v2"]["id"]), "hours": "24",
                                      "label": "Acme"})
    assert made.status_code == 201 and made.headers["cache-control"] == "no-store"
    url = re.search(r'data-testid="new-link-url"', made.text) and re.search(
        r'value="(http://testserver/g/[^"]+)"', made.text).group(1)
    guest = Guest(app, url.removeprefix("http://testserver"))
    assert guest.open().status_code == 303
    link_id = api.as_user(tokens["sam"]).ok("GET", "/projects/film/client-links")[0]["id"]
    assert sam.post(f"/p/film/links/{link_id}/revoke", {}).status_code == 303
    assert "revoked" in sam.get("/p/film/links").text
    assert guest.get("/g/watch").status_code == 401
    assert web("ana").get("/p/film/links").status_code == 403
