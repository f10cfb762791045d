"""``POST /projects/{code}/versions/bulk``: many versions, each atomic, answered per item; replays by key."""

from __future__ import annotations

import pytest


@pytest.fixture
def film(api):
    api.project("film")
    return api


def test_each_item_is_atomic_and_a_replay_creates_nothing(film):
    items = [{"key": f"k{n}", "version": film.manifest(f"gen_{n}", "gens", kind="image")} for n in range(120)]
    items[7]["version"]["asset"] = "Bad Name"  # refused alone
    items[60]["version"]["kind"] = "no_such_kind"
    first = film.ok("POST", "/projects/film/versions/bulk", json={"items": items})["items"]
    assert [i["key"] for i in first] == [f"k{n}" for n in range(120)]
    failed = {i["key"]: i["error"]["code"] for i in first if i["error"]}
    assert failed == {"k7": "naming_violation", "k60": "invalid_input"}
    assert first[0]["reference"] == "brickyard://film/gens/gen_0?version=1" and first[0]["created"]
    listed = film.ok("GET", "/projects/film/assets", params={"limit": 500})["items"]
    assert len(listed) == 118
    again = film.ok("POST", "/projects/film/versions/bulk", json={"items": items})["items"]
    assert [i["version_id"] for i in again] == [i["version_id"] for i in first]
    assert [i["reference"] for i in again] == [i["reference"] for i in first]  # a replay names its version too
    assert not any(i["created"] for i in again if not i["error"])
    assert len(film.ok("GET", "/projects/film/assets", params={"limit": 500})["items"]) == 118


def test_same_asset_twice_in_one_request_gets_two_numbers_and_hash_lookup_finds_them(film):
    one = film.manifest("castle", "iter", kind="image", data=b"first")
    two = film.manifest("castle", "iter", kind="image", data=b"second")
    answer = film.ok("POST", "/projects/film/versions/bulk",
                     json={"items": [{"key": "a", "version": one}, {"key": "b", "version": two}]})["items"]
    assert [i["reference"] for i in answer] == ["brickyard://film/iter/castle?version=1",
                                                 "brickyard://film/iter/castle?version=2"]
    sha = one["representations"][0]["files"][0]["sha256"]
    found = film.ok("POST", "/projects/film/hashes", json={"hashes": [sha, sha[:10].upper(), "0x" + sha[:12],
                                                                      "e3b0c442", "nothex"]})["items"]
    assert [(m["hash"], m["reference"], m["form"]) for m in found] == [
        (sha, "brickyard://film/iter/castle?version=1", "file"),
        (sha[:10].upper(), "brickyard://film/iter/castle?version=1", "file"),
        ("0x" + sha[:12], "brickyard://film/iter/castle?version=1", "file")]


def test_a_refused_item_writes_nothing_and_the_others_land_with_their_events_and_preview_jobs(film, app):
    from brickyard.server.tables import Event, PreviewJob, Version
    from sqlalchemy import func, select, text

    film.ok("POST", "/projects/film/versions", 201, json=film.manifest("castle", "iter", kind="image"))
    items = [{"key": f"k{n}", "version": film.manifest(f"still_{n}", "iter", kind="image")} for n in range(4)]
    for item in items:
        item["version"]["representations"][0]["files"][0]["path"] = "frame.png"  # previewable
    items[1]["version"]["representations"][0]["files"][0]["sha256"] = "0" * 64  # never uploaded
    items[2]["version"] = film.manifest("castle", "iter", kind="model")  # the asset is an image
    with app.state.sessions() as db:
        events_before = db.scalar(select(func.count()).select_from(Event))
    answer = film.ok("POST", "/projects/film/versions/bulk", json={"items": items})["items"]
    assert [bool(i["error"]) for i in answer] == [False, True, True, False]
    assert answer[1]["error"]["code"] == "invalid_input" and "0" * 64 in answer[1]["error"]["message"]
    assert answer[2]["error"]["code"] == "conflict" and "is an image" in answer[2]["error"]["message"]
    with app.state.sessions() as db:
        events = db.scalars(select(Event).order_by(Event.id).offset(events_before)).all()
        assert [(e.type, e.data["asset"], e.data["number"]) for e in events] == [
            ("published", "still_0", 1), ("published", "still_3", 1)]
        jobs = db.scalars(select(PreviewJob.version_id).order_by(PreviewJob.id)).all()
        assert jobs[-2:] == [answer[0]["version_id"], answer[3]["version_id"]]
        if db.get_bind().dialect.name == "postgresql":  # procrastinate runs them there: each deferred, locked
            job_ids = db.scalars(select(PreviewJob.id).order_by(PreviewJob.id)).all()
            locks = db.scalars(text("SELECT lock FROM procrastinate_jobs ORDER BY id")).all()
            assert locks == [f"preview-{job_id}" for job_id in job_ids]
        assert db.scalar(select(func.count()).select_from(Version)) == 3  # castle v1 + two stills
    names = {a["name"] for a in film.ok("GET", "/projects/film/assets", params={"limit": 50})["items"]}
    assert names == {"castle", "still_0", "still_3"}


def test_a_key_twice_in_one_request_publishes_once_and_a_reused_key_with_another_body_conflicts(film):
    one = film.manifest("tree", "iter", kind="image")
    other = film.manifest("bush", "iter", kind="image")
    answer = film.ok("POST", "/projects/film/versions/bulk", json={"items": [
        {"key": "same", "version": one}, {"key": "same", "version": one}, {"key": "same", "version": other}]})["items"]
    assert answer[0]["created"] and answer[0]["reference"] == "brickyard://film/iter/tree?version=1"
    assert answer[1]["version_id"] == answer[0]["version_id"] and not answer[1]["created"]
    assert answer[1]["reference"] == answer[0]["reference"]
    assert answer[2]["error"]["code"] == "conflict"
    later = film.ok("POST", "/projects/film/versions/bulk", json={"items": [{"key": "same", "version": other}]})
    assert later["items"][0]["error"]["code"] == "conflict"


def test_a_generation_links_by_hash_to_a_model_published_before_it_in_the_same_request(film):
    lora = film.manifest("style", "loras", kind="lora", data=b"lora bytes",
                         metadata={"base_model": "sdxl", "hashes": {"tensor_sha256": "ab" * 32}})
    naming = {"models": [{"role": "lora", "name": "style.safetensors", "hash": "ab" * 6}]}
    before = film.manifest("early", "gens", kind="image", metadata=naming)
    after = film.manifest("late", "gens", kind="image", metadata=naming)
    answer = film.ok("POST", "/projects/film/versions/bulk", json={"items": [
        {"key": "a", "version": before}, {"key": "b", "version": lora}, {"key": "c", "version": after}]})["items"]
    assert not any(i["error"] for i in answer)
    used_by = film.ok("GET", f"/versions/{answer[1]['version_id']}/lineage")["used_by"]
    assert [(u["reference"], u["link"]) for u in used_by] == [("brickyard://film/gens/late?version=1", "hash")]
    assert film.ok("GET", f"/versions/{answer[0]['version_id']}/lineage")["made_from"] == []
    [found] = film.ok("GET", "/projects/film/assets", params={"meta": "base_model=sdxl"})["items"]
    assert found["name"] == "style"


def test_a_refused_first_item_does_not_decide_a_new_assets_kind(film):
    bad = film.manifest("tower", "iter", kind="model")
    bad["representations"][0]["files"][0]["sha256"] = "1" * 64  # never uploaded: refused
    good = film.manifest("tower", "iter", kind="image")
    answer = film.ok("POST", "/projects/film/versions/bulk", json={"items": [
        {"key": "bad", "version": bad}, {"key": "good", "version": good}]})["items"]
    assert answer[0]["error"]["code"] == "invalid_input"
    assert answer[1]["reference"] == "brickyard://film/iter/tower?version=1" and answer[1]["created"]



def test_a_bulk_version_makes_its_asset_the_newest_published_and_updated(film):
    for name in ("older", "newer"):
        film.ok("POST", "/projects/film/versions", 201, json=film.manifest(name, "iter", kind="image"))
    items = [{"key": "again", "version": film.manifest("older", "iter", kind="image", data=b"v2")},
             {"key": "fresh", "version": film.manifest("fresh", "iter", kind="image")}]
    assert not any(i["error"] for i in film.ok("POST", "/projects/film/versions/bulk", json={"items": items})["items"])
    for sort in ("-published", "-updated"):
        names = [a["name"] for a in film.ok("GET", "/projects/film/assets", params={"sort": sort})["items"]]
        assert names.index("newer") > max(names.index("older"), names.index("fresh")), (sort, names)
