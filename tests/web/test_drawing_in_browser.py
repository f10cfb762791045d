"""Drawings on frames in the real Chromium (issue 19): a rectangle drawn on frame N of a clip's proxy is
shown on frame N only — in the page that drew it, after a reload, in another reviewer's browser context
(live, without a reload) — and its edit and delete keep its history."""

from __future__ import annotations

import pytest

from tests.support.media import make_clip
from tests.web.test_frame_player import shown_and_reported
from tests.web.test_previews_in_browser import wait_for_previews
from tests.web.test_review_in_browser import no_trouble, until

pytestmark = pytest.mark.slow

N = 12
SHOWN = "() => document.querySelector('[data-testid=drawing-layer]')?.dataset.shown ?? null"
LOADED = "() => Number(document.getElementById('drawing')?.dataset.loaded || 0) > 0"


def opened(page, frame: int) -> None:
    """The page opened at ``?frame=``: its drawings loaded, its video decoded, the player on ``frame``."""
    until(page, LOADED)
    page.locator("video").evaluate("v => new Promise(ok => v.readyState >= 2 ? ok() : "
                                   "v.addEventListener('loadeddata', ok))")
    try:
        shown_and_reported(page, frame)
    except AssertionError:
        state = page.evaluate("() => { const v = document.querySelector('video'); return [v.readyState, v.seeking, "
                              "v.currentTime, document.querySelector('.role-proxy .scrubber')"
                              ".getAttribute('aria-valuenow'), location.search]; }")
        raise AssertionError(f"not on frame {frame}: {state}") from None


def at_frame(page, frame: int) -> None:
    page.locator(".role-proxy .scrubber").focus()
    current = int(page.get_attribute(".role-proxy .scrubber", "aria-valuenow"))
    step = 1 if frame > current else -1
    for at in range(current + step, frame + step, step):  # one frame at a time: the player's own test
        page.keyboard.press("ArrowRight" if step > 0 else "ArrowLeft")  # covers quick presses
        shown_and_reported(page, at)
    until(page, f"() => document.querySelector('[data-testid=drawing-layer]').dataset.frame === '{frame}'")


def drag(page, start: tuple[float, float], end: tuple[float, float]) -> None:
    layer = page.locator("[data-testid=drawing-layer]")
    layer.scroll_into_view_if_needed()
    box = layer.bounding_box()
    page.mouse.move(box["x"] + box["width"] * start[0], box["y"] + box["height"] * start[1])
    page.mouse.down()
    for step in range(1, 6):
        t = step / 5
        page.mouse.move(box["x"] + box["width"] * (start[0] + (end[0] - start[0]) * t),
                        box["y"] + box["height"] * (start[1] + (end[1] - start[1]) * t))
    page.mouse.up()


def test_a_drawing_on_frame_n_shows_on_frame_n_only_everywhere_and_keeps_its_history(open_as, review_studio,
                                                                                   tmp_path):
    ana = review_studio.client("ana")
    version = ana.publish("film", "fx_draw", "video", [make_clip(tmp_path / "fx_draw.mov", 30, fps=24)],
                          folder="shots/fx", metadata={"fps": 24}, status="review")
    wait_for_previews(ana, version.reference, timeout=180)
    url = "/p/film/asset/shots/fx/fx_draw"

    other = open_as("ana")  # another reviewer, watching frame N before anything is drawn
    other.page.goto(f"{url}?frame={N}")
    opened(other.page, N)
    until(other.page, "() => document.body.dataset.live === 'connected'")

    watched = open_as("sam")
    page = watched.page
    page.goto(f"{url}?frame={N}")
    opened(page, N)
    assert page.evaluate(SHOWN) == ""
    page.click("[data-tool=rect]")
    drag(page, (0.2, 0.55), (0.6, 0.9))
    page.click("[data-tool=arrow]")
    drag(page, (0.9, 0.6), (0.65, 0.75))
    page.fill("#drawing-comment", "the hand <b>clips</b> the table")
    page.click("[data-draw=save]")
    until(page, "() => document.getElementById('drawing-status').textContent.includes('saved on frame')")
    [drawing] = ana.annotations(version.reference)
    assert (drawing.frame, drawing.frame_end, drawing.author) == (N, None, "sam")
    assert [s.kind.value for s in drawing.shapes] == ["rect", "arrow"]
    rect = drawing.shapes[0]
    assert rect.points[0] == pytest.approx((0.2, 0.55), abs=0.02)
    assert rect.points[1] == pytest.approx((0.6, 0.9), abs=0.02)
    assert page.evaluate(SHOWN) == str(drawing.id)
    assert page.locator(f"[data-annotation='{drawing.id}'] rect").count() == 1
    # the other reviewer sees it arrive on the frame they are on, without a reload
    until(other.page, f"() => ({SHOWN})() === '{drawing.id}'")
    assert other.page.locator("[data-testid=drawing-list] button", has_text="Edit").count() == 0  # not theirs

    for frame in (N + 1, N - 1, N):  # on frame N only
        at_frame(page, frame)
        assert page.evaluate(SHOWN) == (str(drawing.id) if frame == N else ""), frame
        assert page.locator("[data-annotation] rect").count() == (1 if frame == N else 0), frame
    watched.shot("drawing-player")  # copied to docs/images/web-drawing.png

    page.reload()  # after a reload, from the server
    opened(page, N)
    until(page, f"() => ({SHOWN})() === '{drawing.id}'")
    # the thread marks its comment as carrying a drawing, with the server's thumbnail of it (loaded, not broken)
    thumb = page.locator(f"[data-testid=comment-drawing][data-annotation-id='{drawing.id}'] img")
    assert thumb.get_attribute("alt") == f"Drawing by {drawing.author} on frame {N}"
    until(page, f"() => {{ const i = document.querySelector(\"[data-annotation-id='{drawing.id}'] img\");"
                " return i.complete && i.naturalWidth > 0; }")
    at_frame(page, N + 1)
    assert page.evaluate(SHOWN) == ""
    third = open_as("vic")  # a third context, a viewer: sees it on frame N, on no other, with no tools
    third.page.goto(f"{url}?frame={N + 3}")
    opened(third.page, N + 3)
    assert third.page.evaluate(SHOWN) == ""
    at_frame(third.page, N)
    assert third.page.evaluate(SHOWN) == str(drawing.id)
    assert third.page.locator("[data-tool]").count() == 0

    # edit: add an ellipse, erase the arrow; a new revision, the old shapes kept
    at_frame(page, N)
    page.locator(f"[data-testid=drawing-list] li[data-annotation='{drawing.id}'] button", has_text="Edit").click()
    page.click("[data-tool=ellipse]")
    drag(page, (0.1, 0.1), (0.3, 0.3))
    page.click("[data-tool=erase]")
    box = page.locator("[data-testid=drawing-layer]").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.78, box["y"] + box["height"] * 0.68)  # near the arrow's line
    assert page.locator("[data-testid=drawing-draft] [data-shape]").count() == 2
    page.click("[data-draw=save]")
    until(page, "() => document.getElementById('drawing-status').textContent.includes('revision 2')")
    [edited] = ana.annotations(version.reference)
    assert edited.revision == 2 and [s.kind.value for s in edited.shapes] == ["rect", "ellipse"]
    until(other.page, "() => document.querySelectorAll('[data-testid=drawing-layer] [data-annotation] ellipse')"
                      ".length === 1")

    # delete: off the frame in every context, still in the history
    page.locator(f"li[data-annotation='{drawing.id}'] button", has_text="Delete").click()
    until(page, "() => document.getElementById('drawing-status').textContent.includes('deleted')")
    assert page.evaluate(SHOWN) == ""
    until(other.page, f"() => ({SHOWN})() === ''")
    page.reload()
    opened(page, N)
    assert page.evaluate(SHOWN) == ""
    history = ana.annotation_history(drawing.id)
    assert [(h.revision, h.change.value, len(h.shapes)) for h in history] == [
        (1, "added", 2), (2, "edited", 2), (3, "deleted", 0)]
    assert [c.text for c in ana.comments(version.reference)] == ["the hand <b>clips</b> the table"]  # kept
    for w in (watched, other, third):
        assert w.dialogs == []
        no_trouble(w)


def test_the_history_and_the_review_sheet_from_the_page(open_as, review_studio, tmp_path):
    ana = review_studio.client("ana")
    version = ana.publish("film", "fx_sheet", "video", [make_clip(tmp_path / "fx_sheet.mov", 20, fps=24)],
                          folder="shots/fx", metadata={"fps": 24}, status="review")
    wait_for_previews(ana, version.reference, timeout=180)
    drawn = ana.draw(version.reference, "too bright", 5, [{"id": "e", "kind": "ellipse",
                                                            "points": [[0.3, 0.3], [0.7, 0.7]]}])
    ana.edit_annotation(drawn.id, [{"id": "t", "kind": "text", "text": "<img src=x onerror=alert(1)>",
                                    "points": [[0.1, 0.1]]}])
    watched = open_as("ana")
    page = watched.page
    page.goto("/p/film/asset/shots/fx/fx_sheet?frame=5")
    opened(page, 5)
    until(page, f"() => ({SHOWN})() === '{drawn.id}'")
    assert page.locator("[data-testid=drawing-layer] text").text_content() == "<img src=x onerror=alert(1)>"
    assert page.locator("[data-testid=drawing-layer] img").count() == 0  # text, never markup
    page.locator(f"li[data-annotation='{drawn.id}'] button", has_text="History").click()
    until(page, "() => document.querySelectorAll('[data-testid=drawing-history] li').length === 2")
    assert page.locator("[data-testid=drawing-history] li").all_inner_texts() == [
        "revision 1: added by ana, 1 shape, frame 5", "revision 2: edited by ana, 1 shape, frame 5"]
    sheet = page.request.get(page.get_attribute("[data-testid=sheet-pdf]", "href"))
    assert sheet.status == 200 and sheet.headers["content-type"] == "application/pdf"
    assert sheet.body().startswith(b"%PDF")
    flat = page.request.get(page.get_attribute(f"li[data-annotation='{drawn.id}'] a", "href"))
    assert flat.status == 200 and flat.body().startswith(b"\x89PNG")

    # with a loop set, a drawing holds over the loop's frames (as a pinned comment does)
    at_frame(page, 8)
    page.click(".role-proxy [data-act=in]")
    at_frame(page, 10)
    page.click(".role-proxy [data-act=out]")
    page.click("[data-tool=pen]")
    drag(page, (0.3, 0.6), (0.7, 0.8))
    assert page.inner_text("#drawing-frame") == "frames 8–10"
    page.fill("#drawing-comment", "holds for three frames")
    page.click("[data-draw=save]")
    until(page, "() => document.getElementById('drawing-status').textContent.includes('saved on frames 8–10')")
    held = [d for d in ana.annotations(version.reference) if d.id != drawn.id]
    assert [(d.frame, d.frame_end, d.shapes[0].kind.value) for d in held] == [(8, 10, "pen")]
    page.click(".role-proxy [data-act=clear-loop]")
    for frame in (11, 10, 9, 8, 7, 6, 5):
        at_frame(page, frame)
        expected = {5: str(drawn.id), 8: str(held[0].id), 9: str(held[0].id), 10: str(held[0].id)}.get(frame, "")
        assert page.evaluate(SHOWN) == expected, frame
    assert watched.dialogs == []
    no_trouble(watched)
