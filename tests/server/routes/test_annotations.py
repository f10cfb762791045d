"""Drawn annotations through the API: a comment with its drawing, edits and deletes by the author kept as
revisions, strict validation with nothing half-written, roles as for comments, events for the live page,
and the flattened PNG and image sheet drawn over the version's real frames."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tests.server.factories import error_of
from tests.server.test_previews import publish_files, run_jobs, runner  # noqa: F401  (runner is a fixture)
from tests.support.media import make_clip, read_burnt_in

ARROW = {"id": "a1", "kind": "arrow", "color": "#00ff00", "width": 0.01, "points": [[0.1, 0.6], [0.4, 0.9]]}
RECT = {"id": "r1", "kind": "rect", "color": "#ff0000", "width": 0.02, "points": [[0.5, 0.6], [0.9, 0.9]]}
PEN = {"id": "p1", "kind": "pen", "points": [[0.1, 0.1], [0.2, 0.15], [0.3, 0.1]]}
TEXT = {"id": "t1", "kind": "text", "text": "<b>too dark</b>", "points": [[0.6, 0.1]]}
ELLIPSE = {"id": "e1", "kind": "ellipse", "points": [[0.2, 0.2], [0.4, 0.5]]}


def setup(api):
    api.project("film")
    tokens = {name: api.member_token("film", name, role)
              for name, role in (("ana", "artist"), ("sam", "supervisor"), ("vic", "viewer"))}
    api.project("other")
    tokens["olga"] = api.member_token("other", "olga", "artist")
    version = api.as_user(tokens["ana"]).publish("film", "hero", "chars", status="review")
    return tokens, version["id"]


def test_a_comment_with_a_drawing_edited_and_deleted_keeps_its_history(api):
    tokens, vid = setup(api)
    ana, sam = api.as_user(tokens["ana"]), api.as_user(tokens["sam"])
    made = ana.ok("POST", f"/versions/{vid}/annotations", 201, json={
        "text": "move the arm", "frame": 12, "frame_end": 14, "shapes": [ARROW, PEN, TEXT, ELLIPSE]})
    assert (made["author"], made["text"], made["frame"], made["frame_end"], made["revision"]) == (
        "ana", "move the arm", 12, 14, 1)
    assert [s["id"] for s in made["shapes"]] == ["a1", "p1", "t1", "e1"]
    assert made["shapes"][1]["color"] == "#ff3b30"  # the default colour is filled in
    # the comment joins the thread, pinned to the same frames
    [comment] = ana.ok("GET", f"/versions/{vid}/comments")
    assert (comment["id"], comment["text"], comment["frame"], comment["frame_end"]) == (
        made["comment_id"], "move the arm", 12, 14)

    edited = ana.ok("PUT", f"/annotations/{made['id']}", json={"shapes": [ARROW, RECT], "frame": 20})
    assert (edited["revision"], edited["frame"], edited["frame_end"]) == (2, 20, None)
    assert [s["id"] for s in edited["shapes"]] == ["a1", "r1"]
    refused = sam.call("PUT", f"/annotations/{made['id']}", json={"shapes": [RECT]})
    assert refused.status_code == 403 and "only its author" in error_of(refused)["message"]
    assert sam.call("DELETE", f"/annotations/{made['id']}").status_code == 403

    gone = ana.ok("DELETE", f"/annotations/{made['id']}")
    assert (gone["deleted"], gone["shapes"], gone["revision"]) == (True, [], 3)
    assert ana.ok("DELETE", f"/annotations/{made['id']}")["revision"] == 3  # deleting again changes nothing
    assert sam.ok("GET", f"/versions/{vid}/annotations") == []  # off the frames…
    history = sam.ok("GET", f"/annotations/{made['id']}/history")  # …but never lost
    assert [(h["revision"], h["change"], h["author"], h["frame"]) for h in history] == [
        (1, "added", "ana", 12), (2, "edited", "ana", 20), (3, "deleted", "ana", 20)]
    assert [s["id"] for s in history[0]["shapes"]] == ["a1", "p1", "t1", "e1"]
    assert [s["id"] for s in history[1]["shapes"]] == ["a1", "r1"] and history[2]["shapes"] == []
    assert len(ana.ok("GET", f"/versions/{vid}/comments")) == 1  # the comment stays

    events = [e for e in api.ok("GET", "/projects/film/events") if e["type"].startswith("annotation_")]
    assert [(e["type"], e["data"]["annotation_id"], e["data"]["revision"]) for e in events] == [
        ("annotation_added", made["id"], 1), ("annotation_edited", made["id"], 2),
        ("annotation_deleted", made["id"], 3)]
    assert all(e["data"]["version_id"] == vid for e in events)


BAD = [
    ({"shapes": []}, "shapes"),
    ({"shapes": [{**RECT, "points": [[0.1, 0.1], [1.5, 0.2]]}]}, "points"),
    ({"shapes": [{**RECT, "points": [[0.1, -0.01], [0.5, 0.2]]}]}, "points"),
    ({"shapes": [{**RECT, "points": [[0.1, 0.1]]}]}, "2 points"),
    ({"shapes": [{**ARROW, "points": [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]]}]}, "2 points"),
    ({"shapes": [{**PEN, "points": [[0.5, 0.5]] * 2001}]}, "points"),
    ({"shapes": [{**PEN, "id": f"p{n}", "points": [[0.5, 0.5]] * 2000} for n in range(11)]}, "20000"),
    ({"shapes": [{**RECT, "id": f"r{n}"} for n in range(201)]}, "shapes"),
    ({"shapes": [RECT, RECT]}, "share an id"),
    ({"shapes": [{**TEXT, "text": "x" * 501}]}, "text"),
    ({"shapes": [{**TEXT, "text": "  "}]}, "blank"),
    ({"shapes": [{k: v for k, v in TEXT.items() if k != "text"}]}, "text"),
    ({"shapes": [{**RECT, "text": "hi"}]}, "only a text shape"),
    ({"shapes": [{**RECT, "color": "red"}]}, "color"),
    ({"shapes": [{**RECT, "width": 0}]}, "width"),
    ({"shapes": [{**RECT, "kind": "star"}]}, "kind"),
    ({"shapes": [{**RECT, "id": "no spaces"}]}, "id"),
    ({"shapes": [{**RECT, "extra": 1}]}, "extra"),
    ({"frame": -1}, "frame"),
    ({"frame": 9, "frame_end": 3}, "frame_end"),
    ({"text": ""}, "text"),
]


@pytest.mark.parametrize(("change", "named"), BAD, ids=[f"bad{n}" for n in range(len(BAD))])
def test_bad_drawings_are_refused_whole(api, change, named):
    tokens, vid = setup(api)
    ana = api.as_user(tokens["ana"])
    refused = ana.call("POST", f"/versions/{vid}/annotations",
                       json={"text": "note", "frame": 3, "shapes": [RECT], **change})
    assert refused.status_code == 422, refused.text
    assert named in refused.text
    assert ana.ok("GET", f"/versions/{vid}/annotations") == []
    assert ana.ok("GET", f"/versions/{vid}/comments") == []  # nothing half-written


def test_non_finite_coordinates_and_bad_edits_are_refused(api):
    tokens, vid = setup(api)
    ana = api.as_user(tokens["ana"])
    for raw in ('NaN', 'Infinity', '1e999'):
        body = ('{"text": "n", "frame": 1, "shapes": [{"id": "r", "kind": "rect", "points": [[0.1, %s], '
                '[0.2, 0.2]]}]}' % raw)
        refused = ana.call("POST", f"/versions/{vid}/annotations", content=body,
                           headers={"Content-Type": "application/json"})
        assert refused.status_code == 422, (raw, refused.text)
    made = ana.ok("POST", f"/versions/{vid}/annotations", 201, json={"text": "n", "frame": 1, "shapes": [RECT]})
    refused = ana.call("PUT", f"/annotations/{made['id']}", json={"shapes": [{**RECT, "points": [[2, 2], [0, 0]]}]})
    assert refused.status_code == 422
    assert ana.ok("GET", f"/annotations/{made['id']}")["revision"] == 1
    assert len(ana.ok("GET", f"/annotations/{made['id']}/history")) == 1


def test_roles_and_projects_as_for_comments(api):
    tokens, vid = setup(api)
    ana, vic, olga = (api.as_user(tokens[n]) for n in ("ana", "vic", "olga"))
    made = ana.ok("POST", f"/versions/{vid}/annotations", 201, json={"text": "n", "frame": 1, "shapes": [RECT]})
    assert [a["id"] for a in vic.ok("GET", f"/versions/{vid}/annotations")] == [made["id"]]  # viewers read
    refused = vic.post(f"/versions/{vid}/annotations", json={"text": "n", "frame": 1, "shapes": [RECT]})
    assert refused.status_code == 403 and error_of(refused)["detail"]["needed"] == "artist"
    for response in (olga.get(f"/versions/{vid}/annotations"), olga.get(f"/annotations/{made['id']}"),
                     olga.get(f"/annotations/{made['id']}/history"), olga.get(f"/annotations/{made['id']}/flat.png"),
                     olga.call("DELETE", f"/annotations/{made['id']}"),
                     olga.get(f"/versions/{vid}/annotations/sheet.png"), ana.get("/annotations/999999")):
        assert response.status_code == 404, response.request.url
    assert ana.get(f"/versions/{vid}/annotations/sheet.gif").status_code == 422


def _image(response) -> np.ndarray:
    assert response.status_code == 200, response.text
    return np.asarray(Image.open(io.BytesIO(response.content)).convert("RGB")).astype(int)


def test_the_flattened_png_draws_over_the_frame_it_is_on(api, runner, tmp_path):  # noqa: F811
    api.project("film")
    clip = make_clip(tmp_path / "shot.mov", 30, width=320, height=180).read_bytes()
    version = publish_files(api, "shot", "mov", {"shot.mov": clip})
    assert run_jobs(runner, 1) == 1
    made = api.ok("POST", f"/versions/{version['id']}/annotations", 201, json={
        "text": "the hand", "frame": 17, "shapes": [RECT, ARROW]})
    flat = _image(api.get(f"/annotations/{made['id']}/flat.png"))
    assert flat.shape == (180, 320, 3)
    assert read_burnt_in(flat) == 17  # the proxy's frame 17 under the drawing, not another
    # the rectangle's outline is red on its left edge (x = 0.5), the picture untouched inside it and beside it
    assert list(flat[135, 160]) == pytest.approx([255, 0, 0], abs=40)
    inside, beside = flat[135, 224], flat[135, 300]
    assert abs(inside[0] - inside[1]) < 30 and abs(beside[0] - beside[1]) < 30  # grey gradient
    # the arrow is green along its line from (0.1, 0.6) to (0.4, 0.9)
    assert list(flat[round(0.75 * 180), round(0.25 * 320)]) == pytest.approx([0, 255, 0], abs=60)

    other = api.ok("POST", f"/versions/{version['id']}/annotations", 201, json={
        "text": "and the foot", "frame": 3, "frame_end": 5, "shapes": [ELLIPSE]})
    assert read_burnt_in(_image(api.get(f"/annotations/{other['id']}/flat.png"))) == 3
    sheet = _image(api.get(f"/versions/{version['id']}/annotations/sheet.png"))
    assert sheet.shape[1] == 1280 and sheet.shape[0] > 2 * 720  # two frames, each with its text
    pdf = api.get(f"/versions/{version['id']}/annotations/sheet.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and b"/Count 2" in pdf.content  # a page per drawing


def test_without_review_media_a_drawing_sits_on_a_grey_card(api):
    tokens, vid = setup(api)
    ana = api.as_user(tokens["ana"])
    made = ana.ok("POST", f"/versions/{vid}/annotations", 201, json={"text": "n", "frame": 0, "shapes": [RECT]})
    flat = _image(ana.get(f"/annotations/{made['id']}/flat.png"))
    assert flat.shape == (720, 1280, 3)
    assert list(flat[10, 10]) == [64, 64, 64]
    assert list(flat[540, 640]) == pytest.approx([255, 0, 0], abs=40)


def test_a_drawing_has_a_thumbnail_made_once_per_revision_and_gone_after_delete(api, runner, tmp_path):  # noqa: F811
    api.project("film")
    clip = make_clip(tmp_path / "shot.mov", 30, width=1280, height=720).read_bytes()
    version = publish_files(api, "shot", "mov", {"shot.mov": clip})
    assert run_jobs(runner, 1) == 1
    made = api.ok("POST", f"/versions/{version['id']}/annotations", 201, json={
        "text": "the hand", "frame": 17, "shapes": [RECT]})
    assert made["thumbnail"] == f"/annotations/{made['id']}/thumbnail.png?revision=1"
    assert made["thumbnail_sha256"] is None  # made on the first request, not while drawing

    first = api.get(made["thumbnail"])
    thumb = _image(first)
    assert thumb.shape == (288, 512, 3)  # the longest side is 512, the aspect kept
    assert read_burnt_in(thumb) == 17
    assert list(thumb[216, 256]) == pytest.approx([255, 0, 0], abs=60)  # the rectangle's left edge (x = 0.5)
    sha = first.headers["etag"].strip('"')
    [listed] = api.ok("GET", f"/versions/{version['id']}/annotations")
    assert listed["thumbnail_sha256"] == sha  # kept as a blob, named in the listing
    assert api.get(f"/blobs/{sha}").content == first.content
    again = api.get(made["thumbnail"])
    assert again.headers["etag"] == first.headers["etag"] and again.content == first.content

    # an edit makes another picture: the rectangle moved to the left, and a new revision in the URL
    moved = {**RECT, "points": [[0.1, 0.6], [0.3, 0.9]]}
    edited = api.ok("PUT", f"/annotations/{made['id']}", json={"shapes": [moved]})
    assert (edited["thumbnail"], edited["thumbnail_sha256"]) == (
        f"/annotations/{made['id']}/thumbnail.png?revision=2", None)
    redrawn = api.get(edited["thumbnail"])
    after = _image(redrawn)
    assert redrawn.headers["etag"] != first.headers["etag"]
    assert list(after[216, int(0.1 * 512)]) == pytest.approx([255, 0, 0], abs=60)
    assert abs(after[216, 256][0] - after[216, 256][1]) < 30  # no longer red where the old edge was

    gone = api.ok("DELETE", f"/annotations/{made['id']}")
    assert (gone["thumbnail"], gone["thumbnail_sha256"]) == (None, None)
    refused = api.get(f"/annotations/{made['id']}/thumbnail.png")
    assert refused.status_code == 404 and "deleted" in error_of(refused)["message"]


def test_only_members_see_a_thumbnail(api):
    tokens, vid = setup(api)
    made = api.as_user(tokens["ana"]).ok("POST", f"/versions/{vid}/annotations", 201, json={
        "text": "n", "frame": 0, "shapes": [RECT]})
    assert api.as_user(tokens["olga"]).get(made["thumbnail"]).status_code == 404
    thumb = _image(api.as_user(tokens["vic"]).get(made["thumbnail"]))
    assert thumb.shape == (288, 512, 3) and list(thumb[5, 5]) == [64, 64, 64]


def test_collection_keeps_the_thumbnail_a_drawing_names_and_frees_a_replaced_one(api, app):
    from datetime import timedelta

    from brickyard.server.services import blob_upkeep

    def collect() -> list[str]:
        with app.state.sessions() as db:
            return blob_upkeep.collect(db, app.state.blobs, timedelta(0)).blobs

    tokens, vid = setup(api)
    ana = api.as_user(tokens["ana"])
    made = ana.ok("POST", f"/versions/{vid}/annotations", 201, json={"text": "n", "frame": 0, "shapes": [RECT]})
    first = ana.get(made["thumbnail"]).headers["etag"].strip('"')
    assert first not in collect()  # named by the drawing: kept, whatever its age
    edited = ana.ok("PUT", f"/annotations/{made['id']}", json={"shapes": [ELLIPSE]})
    second = ana.get(edited["thumbnail"]).headers["etag"].strip('"')
    assert second != first
    collected = collect()
    assert first in collected and second not in collected  # the edit let the old picture go
    assert ana.get(edited["thumbnail"]).status_code == 200
