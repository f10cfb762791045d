"""Fewer requests for a publish to an object store: starting uploads answers which blobs are held already,
and a version create completes its presigned uploads itself. On every blob store and both databases."""

from __future__ import annotations

import pytest
import requests
from brickyard.server.settings import Settings

from tests.server.factories import Api, sha


@pytest.fixture
def settings(tmp_path, database_url, blob_store_url) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url, blob_store=blob_store_url)


@pytest.fixture(autouse=True)
def film(api) -> None:
    api.project("film")


def put_presigned(api: Api, data: bytes) -> dict:
    """Start an upload of ``data`` and PUT it to the bucket; the item that completes it."""
    target = api.ok("POST", "/blobs/uploads", json={"items": [{"sha256": sha(data), "size": len(data)}]})["items"][0]
    assert not target["held"] and target["url"]
    sent = requests.put(target["url"], data=data, headers=target["headers"], timeout=30)
    assert sent.status_code == 200, sent.text
    return {"sha256": sha(data), "size": len(data), "upload_id": target["upload_id"]}


def plate_versions(api: Api) -> list[dict]:
    answer = api.get("/projects/film/versions", params={"path": "plate"})
    return [] if answer.status_code == 404 else answer.json()["items"]


def manifest(data: bytes, **fields) -> dict:
    return {"asset": "plate", "kind": "image", **fields, "representations": [
        {"name": "raw", "files": [{"path": "plate.exr", "sha256": sha(data), "size": len(data)}]}]}


def test_a_version_create_completes_its_uploads_and_a_retry_makes_no_second_version(api, settings):
    data = b"a plate sent straight to the bucket" * 500
    if not settings.blob_store:
        refused = api.post("/projects/film/versions", json=manifest(data, uploads=[
            {"sha256": sha(data), "size": len(data), "upload_id": f"{sha(data)}.{'0' * 32}"}]))
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_direct_upload"
        assert plate_versions(api) == []
        return
    upload = put_presigned(api, data)
    key = {"Idempotency-Key": "publish-1"}
    version = api.ok("POST", "/projects/film/versions", 201, json=manifest(data, uploads=[upload]), headers=key)
    assert version["number"] == 1 and api.get(f"/blobs/{sha(data)}", follow_redirects=False).status_code == 307
    # The answer was lost: the retry completes nothing twice and names the same version; so does a rerun
    # that, finding the blob held, sends no uploads at all.
    again = api.ok("POST", "/projects/film/versions", 200, json=manifest(data, uploads=[upload]), headers=key)
    rerun = api.ok("POST", "/projects/film/versions", 200, json=manifest(data), headers=key)
    assert again["id"] == rerun["id"] == version["id"]
    assert len(plate_versions(api)) == 1


def test_a_create_whose_upload_does_not_verify_creates_nothing(api, settings):
    if not settings.blob_store:
        pytest.skip("presigned uploads exist only on an object store")
    data, other = b"the bytes sent" * 400, b"the bytes named" * 400
    upload = put_presigned(api, data)
    wrong = {**upload, "sha256": sha(other), "size": len(other)}
    refused = api.post("/projects/film/versions", json=manifest(other, uploads=[wrong]))
    assert refused.status_code == 422 and "not for blob" in refused.json()["error"]["message"]
    assert plate_versions(api) == []


def test_starting_uploads_answers_held_for_the_blobs_the_caller_holds(api, settings):
    if not settings.blob_store:
        assert api.post("/blobs/uploads", json={"items": [{"sha256": sha(b"x"), "size": 1}]}).status_code == 409
        return
    kept, new = b"uploaded by the admin" * 300, b"nobody has these" * 300
    api.ok("POST", "/blobs/uploads/complete", json={"items": [put_presigned(api, kept)]})
    items = [{"sha256": sha(kept), "size": len(kept)}, {"sha256": sha(new), "size": len(new)}]
    held, fresh = api.ok("POST", "/blobs/uploads", json={"items": items})["items"]
    assert held["held"] and held["upload_id"] == "" and held["url"] is None
    assert not fresh["held"] and fresh["url"] and fresh["upload_id"]
    # Knowing a sha256 is not holding its blob: an artist who never uploaded nor can read it must send it.
    ann = api.as_user(api.member_token("film", "ann", "artist"))
    assert not ann.ok("POST", "/blobs/uploads", json={"items": items[:1]})["items"][0]["held"]
    # A wrong size is not the held blob either: an upload is begun, and its completion will judge it.
    wrong = api.ok("POST", "/blobs/uploads", json={"items": [{"sha256": sha(kept), "size": 7}]})["items"][0]
    assert not wrong["held"]


def test_a_bulk_publish_refuses_an_item_carrying_uploads(api):
    data = b"bulk" * 100
    body = {"items": [{"key": "k1", "version": manifest(data, uploads=[
        {"sha256": sha(data), "size": len(data), "upload_id": f"{sha(data)}.{'0' * 32}"}])}]}
    outcome = api.ok("POST", "/projects/film/versions/bulk", json=body)["items"][0]
    assert outcome["error"]["code"] == "invalid_input" and "uploads" in outcome["error"]["message"]
