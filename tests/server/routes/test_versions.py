"""Publishing versions: naming, kinds, blobs, idempotency, roles, status changes."""

from __future__ import annotations

import pytest
from brickyard.server.tables import Asset, Event, Version
from sqlalchemy import func, select

from tests.server.factories import error_of


@pytest.fixture
def film(api):
    api.project("film")
    return api


def test_publish_creates_asset_and_numbers_versions(film):
    first = film.publish("film", "hero", folder="characters", comment="first", tags=["main"])
    assert (first["number"], first["status"], first["author"]) == (1, "wip", "admin")
    assert first["reference"] == "brickyard://film/characters/hero?version=1"
    assert first["representations"][0]["files"][0]["path"] == "hero.glb"
    second = film.publish("film", "hero", folder="characters", status="review")
    assert (second["number"], second["status"], second["asset_id"]) == (2, "review", first["asset_id"])
    listed = film.ok("GET", "/projects/film/versions", params={"path": "characters/hero"})["items"]
    assert [v["number"] for v in listed] == [1, 2]
    assert film.ok("GET", f"/versions/{first['id']}") == first  # unchanged by the second publish
    assert film.get("/projects/film/versions", params={"path": "characters/nobody"}).status_code == 404


@pytest.mark.parametrize("folder, asset, rule, name", [
    ("", "Hero", "name_pattern", "Hero"),
    ("", "he/ro", "no_path_separators", "he/ro"),
    ("", "..", "no_path_separators", ".."),
    ("chars/../etc", "hero", "folder_pattern", "chars/../etc"),
    ("/abs", "hero", "folder_path", "/abs"),
])
def test_naming_violations_name_the_rule_and_the_name(film, folder, asset, rule, name):
    response = film.post("/projects/film/versions", json=film.manifest(asset, folder))
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "naming_violation"
    assert error["detail"] == {"rule": rule, "name": name}


def test_unknown_kind_and_missing_required_metadata(film):
    unknown = film.post("/projects/film/versions", json=film.manifest("hero", kind="hologram"))
    assert unknown.status_code == 422 and error_of(unknown)["detail"]["kind"] == "hologram"
    lora = film.post("/projects/film/versions", json=film.manifest("style", kind="lora"))
    assert lora.status_code == 422
    assert error_of(lora)["detail"] == {"kind": "lora", "missing": ["base_model"]}
    ok = film.publish("film", "style", kind="lora", metadata={"base_model": "sdxl"})
    assert ok["metadata"] == {"base_model": "sdxl"}


def test_manifest_naming_a_blob_the_server_lacks_is_refused(film, app):
    manifest = film.manifest("hero")
    absent = "ab" * 32
    manifest["representations"][0]["files"].append({"path": "extra.bin", "size": 3, "sha256": absent})
    manifest["thumbnail"] = "cd" * 32
    response = film.post("/projects/film/versions", json=manifest)
    assert response.status_code == 422
    assert sorted(error_of(response)["detail"]["missing"]) == sorted([absent, "cd" * 32])
    with app.state.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Asset)) == 0  # nothing half-done


def test_publish_status_kind_mismatch_and_duplicate_representations(film):
    approved = film.post("/projects/film/versions", json=film.manifest("hero", status="approved"))
    assert approved.status_code == 422 and error_of(approved)["detail"] == {"status": "approved"}
    film.publish("film", "hero", kind="model")
    mismatch = film.post("/projects/film/versions", json=film.manifest("hero", kind="rig"))
    assert mismatch.status_code == 409 and error_of(mismatch)["detail"]["kind"] == "model"
    manifest = film.manifest("prop")
    manifest["representations"].append(manifest["representations"][0])
    assert film.post("/projects/film/versions", json=manifest).status_code == 422


def test_inputs_are_pinned_to_numbers_and_must_resolve(film):
    film.publish("film", "plate")
    film.publish("film", "plate")
    made = film.publish("film", "comp", inputs=["brickyard://film/plate?version=latest"])
    assert made["inputs"] == ["brickyard://film/plate?version=2"]
    bad = film.post("/projects/film/versions", json=film.manifest("comp", inputs=["brickyard://film/nope"]))
    assert bad.status_code == 422 and "brickyard://film/nope" in error_of(bad)["detail"]["inputs"]


def test_idempotent_replay_and_key_reuse(film, app):
    manifest = film.manifest("hero")
    headers = {"Idempotency-Key": "publish-1"}
    first = film.post("/projects/film/versions", json=manifest, headers=headers)
    again = film.post("/projects/film/versions", json=manifest, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    other = film.post("/projects/film/versions", json={**manifest, "comment": "different"}, headers=headers)
    assert other.status_code == 409 and error_of(other)["detail"] == {"idempotency_key": "publish-1"}
    with app.state.sessions() as db:
        assert db.scalar(select(func.count()).select_from(Version)) == 1
        assert db.scalar(select(func.count()).where(Event.type == "published")) == 1
    # keys are per user: another user's same key is a new publish
    artist = film.member_token("film", "ana", "artist")
    assert film.as_user(artist).post("/projects/film/versions", json=manifest, headers=headers).status_code == 201


def test_role_matrix_for_publish_and_status(film):
    viewer = film.as_user(film.member_token("film", "vic", "viewer"))
    artist = film.as_user(film.member_token("film", "ana", "artist"))
    other = film.as_user(film.member_token("film", "bob", "artist"))
    supervisor = film.as_user(film.member_token("film", "sue", "supervisor"))
    outsider = film.as_user(film.user("out"))

    refused = viewer.post("/projects/film/versions", json=film.manifest("hero"))
    assert refused.status_code == 403 and error_of(refused)["code"] == "permission_denied"
    assert outsider.post("/projects/film/versions", json=film.manifest("hero")).status_code == 404
    version = artist.publish("film", "hero")
    vid = version["id"]

    assert artist.set_status(vid, "review")["status"] == "review"
    assert artist.set_status(vid, "wip")["status"] == "wip"
    assert error_of(artist.post(f"/versions/{vid}/status", json={"status": "approved"}))["code"] \
        == "permission_denied"
    other.set_status(vid, "review", expect=403)
    viewer.set_status(vid, "review", expect=403)
    outsider.set_status(vid, "review", expect=404)
    assert outsider.get(f"/versions/{vid}").status_code == 404

    assert supervisor.set_status(vid, "approved", comment="lovely")["status"] == "approved"
    artist.set_status(vid, "wip", expect=403)  # out of the author's hands once approved
    supervisor.set_status(vid, "deprecated")
    artist.set_status(vid, "review", expect=403)  # deprecated is final for authors
    assert supervisor.set_status(vid, "approved")["status"] == "approved"  # a supervisor may undo it
    film.ok("GET", f"/versions/{vid}")

    changes = [e for e in film.ok("GET", "/projects/film/events") if e["type"] == "status_changed"]
    assert [(e["data"]["old"], e["data"]["new"]) for e in changes] == [
        ("wip", "review"), ("review", "wip"), ("wip", "approved"), ("approved", "deprecated"),
        ("deprecated", "approved")]
    assert changes[2]["data"]["comment"] == "lovely" and changes[2]["user"] == "sue"


def test_versions_are_immutable_except_status(film):
    v1 = film.publish("film", "hero", comment="one")
    film.publish("film", "hero", comment="two")
    film.set_status(v1["id"], "approved")
    after = film.ok("GET", f"/versions/{v1['id']}")
    assert {**after, "status": "wip"} == v1


def test_published_event_is_recorded(film):
    version = film.publish("film", "hero", folder="characters")
    published = [e for e in film.ok("GET", "/projects/film/events") if e["type"] == "published"]
    assert len(published) == 1
    assert published[0]["data"]["version_id"] == version["id"]
    assert published[0]["data"]["reference"] == "brickyard://film/characters/hero?version=1"
    assert published[0]["project"] == "film" and published[0]["user"] == "admin"


def test_tags_do_not_pile_up_on_an_asset_past_their_limit(api):
    from brickyard.core.limits import TAGS_PER_ASSET_MAX, TAGS_PER_VERSION_MAX

    api.project("film")
    batches = TAGS_PER_ASSET_MAX // TAGS_PER_VERSION_MAX
    for batch in range(batches):
        api.publish("film", "hero", tags=[f"t{batch}_{i}" for i in range(TAGS_PER_VERSION_MAX)])
    refused = api.post("/projects/film/versions", json=api.manifest("hero", tags=["one_more"]))
    assert refused.status_code == 422 and str(TAGS_PER_ASSET_MAX) in refused.json()["error"]["message"]
    assert [v["number"] for v in api.ok("GET", "/projects/film/versions", params={"path": "hero"})["items"]] == \
        list(range(1, batches + 1))
    api.publish("film", "hero", tags=["t0_0"])  # tags it already has are fine
