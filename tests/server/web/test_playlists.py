"""Review playlists: made by hand, from a folder or a search; reordered, grown, shrunk; the page plays item
after item and costs the same number of queries for 3 items as for 40."""

from __future__ import annotations

from tests.server.factories import error_of
from tests.server.web.test_asset_page_queries import counted


def _publish(api, token, names, folder="shots"):
    return [api.as_user(token).publish("film", name, folder, kind="model", comment=f"{name} pass")["id"]
            for name in names]


def test_playlist_by_hand_reorder_add_remove(api, team):
    tokens, versions = team
    sam = api.as_user(tokens["sam"])
    ids = _publish(api, tokens["ana"], ["sh010", "sh020", "sh030"])
    made = sam.ok("POST", "/projects/film/playlists", 201, json={"name": "dailies", "versions": ids[::-1]})
    assert [i["version_id"] for i in made["items"]] == ids[::-1]
    assert [i["position"] for i in made["items"]] == [0, 1, 2]
    assert made["items"][0]["reference"] == "brickyard://film/shots/sh030?version=1"

    items = [i["id"] for i in made["items"]]
    turned = sam.ok("PUT", f"/projects/film/playlists/{made['id']}/order", json={"items": items[::-1]})
    assert [i["version_id"] for i in turned["items"]] == ids

    grown = sam.ok("POST", f"/projects/film/playlists/{made['id']}/items",
                   json={"versions": [versions["film"]["id"]], "position": 1})
    assert [i["version_id"] for i in grown["items"]] == [ids[0], versions["film"]["id"], ids[1], ids[2]]

    shrunk = sam.ok("DELETE", f"/projects/film/playlists/{made['id']}/items/{grown['items'][2]['id']}")
    assert [i["version_id"] for i in shrunk["items"]] == [ids[0], versions["film"]["id"], ids[2]]
    assert [i["position"] for i in shrunk["items"]] == [0, 1, 2]

    # an order that leaves an item out, a version of another project, a viewer changing it: all refused
    bad = sam.call("PUT", f"/projects/film/playlists/{made['id']}/order", json={"items": items[:1]})
    assert bad.status_code == 422 and "every item id" in error_of(bad)["message"]
    foreign = sam.call("POST", f"/projects/film/playlists/{made['id']}/items",
                       json={"versions": [versions["other"]["id"]]})
    assert foreign.status_code == 404 and "own project" in error_of(foreign)["message"]
    viewer = api.as_user(tokens["vic"]).call("POST", f"/projects/film/playlists/{made['id']}/items",
                                             json={"versions": [ids[0]]})
    assert viewer.status_code == 403
    assert api.as_user(tokens["vic"]).ok("GET", f"/projects/film/playlists/{made['id']}")["name"] == "dailies"
    olga = api.as_user(tokens["olga"]).call("GET", f"/projects/film/playlists/{made['id']}")
    assert olga.status_code == 404


def test_playlist_from_folder_and_search(api, team):
    tokens, _ = team
    ana = api.as_user(tokens["ana"])
    first = _publish(api, tokens["ana"], ["sh010", "sh020"], folder="seq/a")
    _publish(api, tokens["ana"], ["sh500"], folder="seq/b")
    newer = ana.publish("film", "sh010", "seq/a", kind="model", comment="sh010 second pass")["id"]
    bad = ana.publish("film", "sh020", "seq/a", kind="model")["id"]
    ana.ok("POST", f"/versions/{bad}/status", json={"status": "deprecated", "comment": "broken"}, expect=403)
    sam = api.as_user(tokens["sam"])
    sam.ok("POST", f"/versions/{bad}/status", json={"status": "deprecated", "comment": "broken"})
    from_folder = sam.ok("POST", "/projects/film/playlists", 201, json={"name": "seq a", "folder": "seq/a"})
    # the latest usable version of each asset, folder order: sh010 v2, sh020 v1 (its v2 is deprecated)
    assert [i["version_id"] for i in from_folder["items"]] == [newer, first[1]]
    found = sam.ok("POST", "/projects/film/playlists", 201, json={"name": "found", "search": "sh500"})
    assert [(i["asset"], i["number"]) for i in found["items"]] == [("sh500", 1)]
    listed = sam.ok("GET", "/projects/film/playlists")
    assert [p["name"] for p in listed] == ["found", "seq a"]


def test_playlist_page_plays_item_after_item(api, web, team):
    tokens, _ = team
    ids = _publish(api, tokens["ana"], ["sh010", "sh020", "sh030"])
    made = api.as_user(tokens["sam"]).ok("POST", "/projects/film/playlists", 201,
                                          json={"name": "dailies <b>", "versions": ids})
    sam = web("sam")
    page = sam.get(f"/p/film/playlist/{made['id']}")
    assert page.status_code == 200
    assert "dailies &lt;b&gt;" in page.text and "1 of 3" in page.text
    assert 'href="?item=1"' in page.text and 'data-nav="prev-item"' not in page.text
    last = sam.get(f"/p/film/playlist/{made['id']}?item=2")
    assert "3 of 3" in last.text and 'data-nav="next-item"' not in last.text and "sh030 v1" in last.text
    # a comment from the playlist lands on the item's version and comes back to the same place
    posted = sam.post(f"/p/film/playlist/{made['id']}/comment",
                      {"version_id": str(ids[2]), "item": "2", "text": "tighten the cut", "frame": "4"})
    assert posted.status_code == 303 and posted.headers["location"].startswith(
        f"/p/film/playlist/{made['id']}?item=2&frame=4#comment-")
    thread = api.as_user(tokens["sam"]).ok("GET", f"/versions/{ids[2]}/comments")
    assert [(c["text"], c["frame"]) for c in thread] == [("tighten the cut", 4)]
    outside = sam.post(f"/p/film/playlist/{made['id']}/comment", {"version_id": str(ids[0] + 100), "text": "x"})
    assert outside.status_code == 422
    assert web("olga").get(f"/p/film/playlist/{made['id']}").status_code == 404
    # the page that lists playlists makes one from a folder
    sam.post("/p/film/playlists", {"name": "shots", "folder": "shots"})
    assert "shots" in sam.get("/p/film/playlists").text


def test_playlist_page_queries_do_not_grow_with_items(app, api, web, team):
    tokens, _ = team
    sam_api = api.as_user(tokens["sam"])
    small = sam_api.ok("POST", "/projects/film/playlists", 201,
                       json={"name": "small", "versions": _publish(api, tokens["ana"], ["a1", "a2", "a3"])})
    big = sam_api.ok("POST", "/projects/film/playlists", 201,
                     json={"name": "big", "versions": _publish(api, tokens["ana"], [f"b{n}" for n in range(40)])})
    sam = web("sam")
    counts = {}
    for playlist in (small, big):
        sam.get(f"/p/film/playlist/{playlist['id']}?item=1")  # warm up
        with counted(app.state.engine) as statements:
            assert sam.get(f"/p/film/playlist/{playlist['id']}?item=1").status_code == 200
        counts[playlist["name"]] = len(statements)
    assert counts["small"] == counts["big"], counts
    with counted(app.state.engine) as statements:
        sam_api.ok("PUT", f"/projects/film/playlists/{big['id']}/order",
                   json={"items": [i["id"] for i in big["items"]][::-1]})
    reorder_40 = len(statements)
    with counted(app.state.engine) as statements:
        sam_api.ok("PUT", f"/projects/film/playlists/{small['id']}/order",
                   json={"items": [i["id"] for i in small["items"]][::-1]})
    assert len(statements) == reorder_40  # a reorder is a fixed number of statements too


def test_live_session_has_one_driver_and_changes_hands_only_when_handed_over(api, web, team):
    tokens, _ = team
    ids = _publish(api, tokens["ana"], ["sh010", "sh020"])
    made = api.as_user(tokens["sam"]).ok("POST", "/projects/film/playlists", 201,
                                          json={"name": "live", "versions": ids})
    base = f"/p/film/playlist/{made['id']}/live"
    sam, ana, vic = web("sam"), web("ana"), web("vic")
    assert vic.post(f"{base}/start", {}).status_code == 403  # viewers follow, never drive
    assert sam.post(f"{base}/start", {}).status_code == 303
    assert 'data-testid="driver">sam<' in ana.get(f"/p/film/playlist/{made['id']}").text
    assert ana.post(f"{base}/start", {}).status_code == 403  # no taking over a running session
    moved = sam.post(f"{base}/state", {"item": "1", "frame": "12", "playing": "false"})
    assert moved.status_code == 200 and moved.json() == {"driver": "sam", "state": {"item": 1, "frame": 12,
                                                                                     "playing": False}}
    refused = ana.post(f"{base}/state", {"item": "0", "frame": "0", "playing": "true"})
    assert refused.status_code == 403 and "driver (sam)" in refused.json()["error"]["message"]
    assert sam.post(f"{base}/state", {"item": "7"}).status_code == 422
    assert sam.post(f"{base}/state", {"item": "1"}, csrf=False).status_code == 403
    assert "not a member" in sam.post(f"{base}/handover", {"to": "olga"}).text
    assert ana.post(f"{base}/handover", {"to": "ana"}).status_code == 403
    assert sam.post(f"{base}/handover", {"to": "ana"}).status_code == 303
    assert sam.post(f"{base}/state", {"item": "0"}).status_code == 403
    assert ana.post(f"{base}/state", {"item": "0", "frame": "3"}).json()["driver"] == "ana"
    events = api.as_user(tokens["sam"]).ok("GET", "/projects/film/events")
    live = [(e["type"], e["data"].get("driver"), e["data"].get("frame")) for e in events
            if e["type"].startswith("live.")]
    assert live == [("live.started", "sam", None), ("live.state", "sam", 12), ("live.handover", "ana", 12),
                    ("live.state", "ana", 3)]
    assert ana.post(f"{base}/end", {}).status_code == 303
    assert 'data-testid="live-start"' in sam.get(f"/p/film/playlist/{made['id']}").text
