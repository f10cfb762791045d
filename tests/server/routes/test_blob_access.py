"""Knowing a sha256 is not enough: blobs are named, checked and read only by those who hold them."""

from __future__ import annotations

import os
import stat

from tests.server.factories import error_of, sha


def two_projects(api):
    """Project ``secret`` with a version of alice's; project ``open`` where mallory is an artist."""
    api.project("secret")
    api.project("open")
    alice = api.as_user(api.member_token("secret", "alice", "artist"))
    mallory = api.as_user(api.member_token("open", "mallory", "artist"))
    data = b"the secret script, draft 3"
    version = alice.publish("secret", "script", data=data)
    return alice, mallory, data, version


def test_a_blob_of_another_project_cannot_be_named_probed_or_read(api):
    alice, mallory, data, version = two_projects(api)
    digest = sha(data)
    # naming it as a thumbnail or a file of mallory's own version is refused as if it did not exist
    for fields in ({"thumbnail": digest}, {}):
        manifest = mallory.manifest("stolen", **fields)
        if not fields:
            manifest["representations"][0]["files"][0].update(sha256=digest, size=len(data))
        refused = mallory.post("/projects/open/versions", json=manifest)
        assert refused.status_code == 422, refused.text
        assert digest in error_of(refused)["detail"]["missing"]
    assert mallory.get("/projects/open/versions", params={"path": "stolen"}).status_code == 404  # nothing stored
    # existence checks answer only for what the caller holds
    assert mallory.call("HEAD", f"/blobs/{digest}").status_code == 404
    assert mallory.post("/blobs/missing", json={"sha256": [digest]}).json() == {"missing": [digest]}
    assert mallory.get(f"/blobs/{digest}").status_code == 404
    # alice, and a reader of her project, hold it
    assert alice.call("HEAD", f"/blobs/{digest}").headers["content-length"] == str(len(data))
    assert alice.post("/blobs/missing", json={"sha256": [digest]}).json() == {"missing": []}
    viewer = api.as_user(api.member_token("secret", "val", "viewer"))
    assert viewer.get(f"/blobs/{digest}").content == data


def test_uploading_the_bytes_proves_holding_them(api):
    _alice, mallory, data, _version = two_projects(api)
    digest = sha(data)
    assert mallory.put(f"/blobs/{digest}", content=data).status_code == 200  # already stored: not created
    assert mallory.post("/blobs/missing", json={"sha256": [digest]}).json() == {"missing": []}
    manifest = mallory.manifest("same_bytes")
    manifest["representations"][0]["files"][0].update(sha256=digest, size=len(data))
    assert mallory.post("/projects/open/versions", json=manifest).status_code == 201


def test_asking_for_another_users_token_does_not_tell_whether_they_exist(api):
    api.project("film")
    ana = api.as_user(api.member_token("film", "ana", "artist"))
    existing = ana.post("/users/admin/tokens")
    unknown = ana.post("/users/nobody-here/tokens")
    assert existing.status_code == unknown.status_code == 403
    assert error_of(existing)["message"] == error_of(unknown)["message"].replace("nobody-here", "admin")
    assert ana.post("/users/ana/tokens").status_code == 201


def test_the_data_folder_and_sqlite_database_are_private(api, settings):
    mode = stat.S_IMODE(os.stat(settings.data_dir).st_mode)
    assert mode == 0o700, oct(mode)
    if settings.database_url.startswith("sqlite"):
        db_mode = stat.S_IMODE(os.stat(settings.database_url.removeprefix("sqlite:///")).st_mode)
        assert db_mode & 0o077 == 0, oct(db_mode)
