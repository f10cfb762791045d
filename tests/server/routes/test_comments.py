"""The review thread API: comments by artists and up, edits by their author with the old text kept,
decisions recorded in the thread, events for the live feed, nothing readable outside the project."""

from __future__ import annotations

from tests.server.factories import error_of


def setup(api):
    api.project("film")
    tokens = {name: api.member_token("film", name, role)
              for name, role in (("ana", "artist"), ("sam", "supervisor"), ("vic", "viewer"))}
    api.project("other")
    tokens["olga"] = api.member_token("other", "olga", "artist")
    version = api.as_user(tokens["ana"]).publish("film", "hero", "chars", status="review")
    return tokens, version["id"]


def test_comment_edit_and_history(api):
    tokens, vid = setup(api)
    ana, sam = api.as_user(tokens["ana"]), api.as_user(tokens["sam"])
    first = ana.ok("POST", f"/versions/{vid}/comments", 201, json={"text": "first pass"})
    assert (first["author"], first["text"], first["history"], first["edited_at"]) == ("ana", "first pass", [], None)
    edited = ana.ok("PATCH", f"/comments/{first['id']}", json={"text": "first pass, lights fixed"})
    assert edited["text"] == "first pass, lights fixed" and edited["edited_at"]
    assert [h["text"] for h in edited["history"]] == ["first pass"]
    again = ana.ok("PATCH", f"/comments/{first['id']}", json={"text": "third words"})
    assert [h["text"] for h in again["history"]] == ["first pass", "first pass, lights fixed"]
    same = ana.ok("PATCH", f"/comments/{first['id']}", json={"text": "third words"})
    assert len(same["history"]) == 2  # an edit to the same text records nothing
    refused = sam.call("PATCH", f"/comments/{first['id']}", json={"text": "sam's words"})
    assert refused.status_code == 403 and "only its author" in error_of(refused)["message"]
    thread = sam.ok("GET", f"/versions/{vid}/comments")
    assert [c["text"] for c in thread] == ["third words"]


def test_roles_and_projects(api):
    tokens, vid = setup(api)
    vic, olga = api.as_user(tokens["vic"]), api.as_user(tokens["olga"])
    assert vic.ok("GET", f"/versions/{vid}/comments") == []
    refused = vic.post(f"/versions/{vid}/comments", json={"text": "hi"})
    assert refused.status_code == 403 and error_of(refused)["detail"]["needed"] == "artist"
    for response in (olga.get(f"/versions/{vid}/comments"), olga.post(f"/versions/{vid}/comments", json={"text": "x"}),
                     olga.get("/versions/999999/comments")):
        assert response.status_code == 404
    assert api.as_user(tokens["ana"]).post(f"/versions/{vid}/comments", json={"text": ""}).status_code == 422


def test_status_changes_join_the_thread_and_the_feed(api):
    tokens, vid = setup(api)
    sam, ana = api.as_user(tokens["sam"]), api.as_user(tokens["ana"])
    sam.set_status(vid, "rejected", comment="the rig pops at frame 12")
    sam.set_status(vid, "approved")
    ana.ok("POST", f"/versions/{vid}/comments", 201, json={"text": "thanks"})
    thread = ana.ok("GET", f"/versions/{vid}/comments")
    assert [(c["author"], c["status"], c["text"]) for c in thread] == [
        ("sam", "rejected", "the rig pops at frame 12"), ("sam", "approved", ""), ("ana", None, "thanks")]
    events = ana.ok("GET", "/projects/film/events")
    commented = [e for e in events if e["type"] == "commented"]
    assert [e["data"]["text"] for e in commented] == ["the rig pops at frame 12", "", "thanks"]
    assert all(e["data"]["version_id"] == vid for e in commented)


def test_comments_pinned_to_a_frame_or_a_range(api):
    tokens, vid = setup(api)
    ana = api.as_user(tokens["ana"])
    one = ana.ok("POST", f"/versions/{vid}/comments", 201, json={"text": "pop here", "frame": 12})
    span = ana.ok("POST", f"/versions/{vid}/comments", 201, json={"text": "flicker", "frame": 30, "frame_end": 42})
    same = ana.ok("POST", f"/versions/{vid}/comments", 201, json={"text": "one", "frame": 7, "frame_end": 7})
    assert (one["frame"], one["frame_end"], span["frame"], span["frame_end"]) == (12, None, 30, 42)
    assert (same["frame"], same["frame_end"]) == (7, None)  # a one-frame range is that frame
    thread = ana.ok("GET", f"/versions/{vid}/comments")
    assert [(c["frame"], c["frame_end"]) for c in thread] == [(12, None), (30, 42), (7, None)]
    edited = ana.ok("PATCH", f"/comments/{span['id']}", json={"text": "flicker, worse at 40"})
    assert (edited["frame"], edited["frame_end"]) == (30, 42)  # an edit keeps the pin
    for bad in ({"frame": -1}, {"frame_end": 4}, {"frame": 9, "frame_end": 3}, {"frame": "x"}):
        refused = ana.call("POST", f"/versions/{vid}/comments", json={"text": "bad", **bad})
        assert refused.status_code == 422, bad
    assert len(ana.ok("GET", f"/versions/{vid}/comments")) == 3  # nothing half-written
    events = api.ok("GET", "/projects/film/events")
    pinned = [e["data"] for e in events if e["type"] == "commented"]
    assert {(d["frame"], d["frame_end"]) for d in pinned} >= {(12, None), (30, 42)}
