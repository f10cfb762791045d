"""Comments and decisions from the web go through the API's services and rules: CSRF on every change,
roles enforced by the server whatever the page shows, and nothing changed by a refused request."""

from __future__ import annotations

import pytest


def status_of(api, version_id: int) -> str:
    return api.ok("GET", f"/versions/{version_id}")["status"]


def thread_of(api, version_id: int) -> list[dict]:
    return api.ok("GET", f"/versions/{version_id}/comments")


def test_supervisor_approves_with_a_comment(api, web, team):
    _, versions = team
    vid = versions["film"]["id"]
    sam = web("sam")
    response = sam.post(f"/p/film/v/{vid}/review", {"decision": "approve", "text": "ship it"})
    assert response.status_code == 303 and response.headers["location"] == "/p/film/asset/looks/warm_grade?v=1"
    assert status_of(api, vid) == "approved"
    [entry] = thread_of(api, vid)
    assert (entry["author"], entry["status"], entry["text"]) == ("sam", "approved", "ship it")
    page = sam.get("/p/film/asset/looks/warm_grade").text
    assert "ship it" in page and 'data-testid="decision"' in page


@pytest.mark.parametrize("decision,status", [("reject", "rejected"), ("changes", "wip")])
def test_reject_and_request_changes_need_words(api, web, team, decision, status):
    _, versions = team
    vid = versions["film"]["id"]
    sam = web("sam")
    refused = sam.post(f"/p/film/v/{vid}/review", {"decision": decision, "text": "  "})
    assert refused.status_code == 422 and "needs a comment" in refused.text
    assert status_of(api, vid) == "review" and thread_of(api, vid) == []
    assert sam.post(f"/p/film/v/{vid}/review", {"decision": decision, "text": "the sky flickers"}).status_code == 303
    assert status_of(api, vid) == status
    assert thread_of(api, vid)[0]["text"] == "the sky flickers"


def test_without_a_valid_csrf_token_nothing_changes(api, web, team):
    _, versions = team
    vid = versions["film"]["id"]
    sam = web("sam")
    for data, csrf in (({"decision": "approve"}, False), ({"decision": "approve", "csrf": "forged"}, False)):
        assert sam.post(f"/p/film/v/{vid}/review", data, csrf=csrf).status_code == 403
        assert sam.post(f"/p/film/v/{vid}/comments", {**data, "text": "hi"}, csrf=csrf).status_code == 403
    # another session's token is no good either
    other = web("admin")
    assert sam.http.post(f"/p/film/v/{vid}/review", data={"decision": "approve", "csrf": other.csrf}).status_code == 403
    assert status_of(api, vid) == "review" and thread_of(api, vid) == []


def test_a_request_from_another_origin_is_refused_even_with_the_token(api, web, team):
    _, versions = team
    vid = versions["film"]["id"]
    sam = web("sam")
    response = sam.post(f"/p/film/v/{vid}/review", {"decision": "approve"}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and "another site" in response.text
    assert status_of(api, vid) == "review"


def test_viewer_sees_no_approve_and_a_forged_approve_is_refused(api, web, team):
    _, versions = team
    vid = versions["film"]["id"]
    vic = web("vic")
    page = vic.get("/p/film/asset/looks/warm_grade").text
    assert 'data-testid="decision"' not in page and "Approve</button>" not in page
    assert 'data-testid="comment-form"' not in page
    forged = vic.post(f"/p/film/v/{vid}/review", {"decision": "approve", "text": "mine now"})
    assert forged.status_code == 403 and "needs role" in forged.text
    assert vic.post(f"/p/film/v/{vid}/comments", {"text": "hello"}).status_code == 403
    assert status_of(api, vid) == "review" and thread_of(api, vid) == []


def test_artist_comments_but_cannot_approve(api, web, team):
    _, versions = team
    vid = versions["film"]["id"]
    ana = web("ana")
    assert 'data-testid="decision"' not in ana.get("/p/film/asset/looks/warm_grade").text
    assert ana.post(f"/p/film/v/{vid}/comments", {"text": "ready for a look"}).status_code == 303
    assert ana.post(f"/p/film/v/{vid}/review", {"decision": "approve"}).status_code == 403
    assert [c["text"] for c in thread_of(api, vid)] == ["ready for a look"]


def test_editing_keeps_the_old_text(api, web, team):
    _, versions = team
    vid = versions["film"]["id"]
    ana, sam = web("ana"), web("sam")
    ana.post(f"/p/film/v/{vid}/comments", {"text": "first words"})
    [comment] = thread_of(api, vid)
    assert sam.post(f"/p/film/comments/{comment['id']}", {"text": "sam rewrites it"}).status_code == 403
    assert ana.post(f"/p/film/comments/{comment['id']}", {"text": ""}).status_code == 422
    assert ana.post(f"/p/film/comments/{comment['id']}", {"text": "better words"}).status_code == 303
    [edited] = thread_of(api, vid)
    assert edited["text"] == "better words" and [h["text"] for h in edited["history"]] == ["first words"]
    page = sam.get("/p/film/asset/looks/warm_grade").text
    assert "first words" in page and "1 earlier text" in page


def test_another_projects_files_and_pages_are_refused(web, team):
    _, versions = team
    theirs = versions["other"]
    sha = theirs["representations"][0]["files"][0]["sha256"]
    sam = web("sam")
    for path in (f"/p/other/v/{theirs['id']}/file/{sha}", f"/p/film/v/{theirs['id']}/file/{sha}",
                 "/p/other", "/p/other/asset/docs/secret_plan"):
        response = sam.get(path)
        assert response.status_code == 404, path
        assert b"only olga" not in response.content
    olga = web("olga")
    mine = olga.get(f"/p/other/v/{theirs['id']}/file/{sha}/secret_plan.glb")
    assert mine.status_code == 200 and mine.content == b"\x89PNG only olga's"
    assert mine.headers["content-disposition"].startswith("attachment")  # not a browser-safe type


def test_media_are_served_in_ranges(api, web, team):
    tokens, _ = team
    data = bytes(range(256)) * 40
    blob = api.as_user(tokens["ana"]).blob(data)  # the publisher uploads it
    manifest = {"folder": "shots", "asset": "clip", "kind": "video",
                "representations": [{"name": "webm", "files": [{"path": "clip.webm", **blob}]}]}
    version = api.as_user(tokens["ana"]).ok("POST", "/projects/film/versions", 201, json=manifest)
    sam = web("sam")
    url = f"/p/film/v/{version['id']}/file/{blob['sha256']}/clip.webm"
    part = sam.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == data[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(data)}"
    assert part.headers["content-type"] == "video/webm" and part.headers["content-disposition"].startswith("inline")


def test_a_comment_pinned_to_a_frame_links_to_it(api, web, team):
    _, versions = team
    ana = web("ana")
    vid = versions["film"]["id"]
    posted = ana.post(f"/p/film/v/{vid}/comments", {"text": "pop at the cut", "frame": "1800"})
    assert posted.status_code == 303 and "frame=1800" in posted.headers["location"]
    ana.post(f"/p/film/v/{vid}/comments", {"text": "flicker", "frame": "30", "frame_end": "42"})
    ana.post(f"/p/film/v/{vid}/comments", {"text": "not pinned", "frame": "", "frame_end": ""})
    page = ana.get("/p/film/asset/looks/warm_grade").text
    assert 'data-frame="1800"' in page and "frame 1800" in page and "00:01:15:00" in page  # 24 fps default
    assert 'data-frame="30" data-frame-end="42"' in page and "frames 30–42" in page
    assert page.count('data-testid="pin"') == 2
    thread = api.ok("GET", f"/versions/{vid}/comments")
    assert [(c["frame"], c["frame_end"]) for c in thread] == [(1800, None), (30, 42), (None, None)]
    bad = ana.post(f"/p/film/v/{vid}/comments", {"text": "bad", "frame": "ten"})
    assert bad.status_code == 422 and "frame number" in bad.text
    assert len(api.ok("GET", f"/versions/{vid}/comments")) == 3
    clip = api.ok("POST", "/projects/film/versions", 201, json=api.manifest("clip", "shots", kind="video",
                                                                            metadata={"fps": 29.97}))
    ana.post(f"/p/film/v/{clip['id']}/comments", {"text": "a minute in", "frame": "1800"})
    assert "00:01:00;02" in ana.get("/p/film/asset/shots/clip").text  # drop-frame at the version's rate
