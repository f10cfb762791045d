"""The page's drawing routes (cookie session, JSON): the CSRF token in X-CSRF-Token and a same-site Origin for
every change, the API's roles and author rule, ``mine`` for the page, and nothing written by a refusal."""

from __future__ import annotations

RECT = {"id": "r", "kind": "rect", "points": [[0.1, 0.1], [0.5, 0.5]]}


def test_drawing_from_the_page_needs_the_csrf_token_and_follows_the_api_rules(api, web, team):
    _, versions = team
    vid = versions["film"]["id"]
    ana, sam, vic, olga = web("ana"), web("sam"), web("vic"), web("olga")
    body = {"text": "here", "frame": 4, "shapes": [RECT]}
    path = f"/p/film/v/{vid}/annotations"
    assert ana.http.post(path, json=body).status_code == 403  # no token
    assert ana.http.post(path, json=body, headers={"X-CSRF-Token": "stale"}).status_code == 403
    assert ana.http.post(path, json=body, headers={"X-CSRF-Token": ana.csrf,
                                                   "Origin": "https://evil.example"}).status_code == 403
    assert api.ok("GET", f"/versions/{vid}/annotations") == [] and api.ok("GET", f"/versions/{vid}/comments") == []

    made = ana.http.post(path, json=body, headers={"X-CSRF-Token": ana.csrf})
    assert made.status_code == 201, made.text
    drawing = made.json()
    assert (drawing["mine"], drawing["frame"], drawing["revision"]) == (True, 4, 1)
    assert [d["mine"] for d in sam.get(path).json()] == [False]
    assert [d["id"] for d in vic.get(path).json()] == [drawing["id"]]  # viewers see drawings
    refused = vic.http.post(path, json=body, headers={"X-CSRF-Token": vic.csrf})
    assert refused.status_code == 403 and refused.json()["error"]["detail"]["needed"] == "artist"
    assert olga.get(path).status_code == 404
    bad = ana.http.post(path, json={**body, "shapes": [{**RECT, "points": [[0.1, 0.1], [9, 0.5]]}]},
                        headers={"X-CSRF-Token": ana.csrf})
    assert bad.status_code == 422

    one = f"/p/film/annotations/{drawing['id']}"
    assert sam.http.put(one, json={"shapes": [RECT]}, headers={"X-CSRF-Token": sam.csrf}).status_code == 403
    assert ana.http.put(one, json={"shapes": [RECT]}).status_code == 403  # no token
    edited = ana.http.put(one, json={"shapes": [RECT, {**RECT, "id": "r2"}]}, headers={"X-CSRF-Token": ana.csrf})
    assert edited.status_code == 200 and edited.json()["revision"] == 2
    assert ana.http.delete(one).status_code == 403
    assert ana.http.delete(one, headers={"X-CSRF-Token": ana.csrf}).json()["deleted"] is True
    assert [r["change"] for r in sam.get(f"{one}/history").json()] == ["added", "edited", "deleted"]
    assert ana.get(path).json() == []
    flat = sam.get(f"{one}/flat.png")
    assert flat.status_code == 200 and flat.content.startswith(b"\x89PNG")
    sheet = vic.get(f"/p/film/v/{vid}/annotations/sheet.pdf")
    assert sheet.status_code == 200 and sheet.content.startswith(b"%PDF")
    assert web(None).get(path).status_code == 303  # signed out: to the sign-in page


def test_the_asset_page_offers_drawing_only_where_a_player_is(web, team):
    _, versions = team
    page = web("ana").get("/p/film/asset/looks/warm_grade").text  # a LUT: nothing plays, nothing to draw on
    assert 'id="drawing"' not in page
    assert '/static/annotate.js' in page


def test_the_thread_marks_a_drawn_comment_with_its_thumbnail(api, web, team):
    _, versions = team
    vid = versions["film"]["id"]
    ana, olga = web("ana"), web("olga")
    api.as_user(team[0]["sam"]).ok("POST", f"/versions/{vid}/comments", 201, json={"text": "just words"})
    made = ana.http.post(f"/p/film/v/{vid}/annotations", headers={"X-CSRF-Token": ana.csrf},
                         json={"text": "the edge", "frame": 7, "frame_end": 9, "shapes": [RECT]}).json()
    page = ana.get("/p/film/asset/looks/warm_grade").text
    assert page.count('data-testid="comment-drawing"') == 1  # only the drawn comment is marked
    thumb = f"/p/film/annotations/{made['id']}/thumbnail.png?revision=1"
    assert f'src="{thumb}"' in page and 'alt="Drawing by ana on frames 7–9"' in page and "carries a drawing" in page
    shown = ana.get(thumb)
    assert shown.status_code == 200 and shown.content.startswith(b"\x89PNG")
    assert olga.get(thumb).status_code == 404  # not her project

    ana.http.delete(f"/p/film/annotations/{made['id']}", headers={"X-CSRF-Token": ana.csrf})
    page = ana.get("/p/film/asset/looks/warm_grade").text
    assert 'data-testid="comment-drawing"' not in page and "the edge" in page  # the comment stays, unmarked
