"""Compare in the real Chromium (issue 19): side by side, A/B wipe (dragged on the picture) and opacity
overlay, of two versions of one asset and of a version of another asset picked by reference. Every clip's
frames carry their number as a bar code; after each step, seek and play the test reads the number back
from *both* pictures on screen — they must show the same frame, the one the player reports. Then:
status is never shown by colour alone on any page (words plus an icon)."""

from __future__ import annotations

import pytest

from tests.support.media import make_clip
from tests.web.test_frame_player import READ_SHOWN
from tests.web.test_previews_in_browser import wait_for_previews
from tests.web.test_review_in_browser import no_trouble, until

pytestmark = pytest.mark.slow

FRAMES = 48
BOTH_SETTLED = """n => ['.pane-a', '.pane-b'].every(pane => {
  const s = document.querySelector(pane + ' .role-proxy .scrubber'), v = document.querySelector(pane + ' video');
  return s.getAttribute('aria-valuenow') === String(n) && !v.seeking && v.readyState >= 2;
})"""


def both_shown(page, expected: int) -> tuple[int, int]:
    """Once both panes report ``expected``: the numbers their pictures show."""
    until(page, f"() => ({BOTH_SETTLED})({expected})")
    page.evaluate("() => new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)))")
    return (page.locator(".pane-a video").evaluate(READ_SHOWN), page.locator(".pane-b video").evaluate(READ_SHOWN))


def a_frame(page) -> int:
    return int(page.get_attribute(".pane-a .role-proxy .scrubber", "aria-valuenow"))


def step_and_seek(page, label: str) -> None:
    """Drive A by keys, buttons and pointer seeks; B must show A's frame each time."""
    scrubber = page.locator(".pane-a .role-proxy .scrubber")
    scrubber.focus()
    page.keyboard.press("Home")
    assert both_shown(page, 0) == (0, 0), label
    expected = 0
    for key, delta in [("ArrowRight", 1), ("ArrowRight", 1), ("PageUp", 24), ("ArrowLeft", -1)]:
        page.keyboard.press(key)
        expected += delta
        assert both_shown(page, expected) == (expected, expected), (label, key)
    page.click(".pane-a .role-proxy [data-act=next]")
    expected += 1
    assert both_shown(page, expected) == (expected, expected), (label, "next")
    for target in (5, 17, 40, FRAMES - 2):
        box = scrubber.bounding_box()
        page.mouse.click(box["x"] + box["width"] * target / (FRAMES - 1), box["y"] + box["height"] / 2)
        assert both_shown(page, target) == (target, target), (label, target)


def play_a_while(page, label: str) -> None:
    """Play A from its start, pause: B has followed to the very frame A stopped on."""
    page.locator(".pane-a .role-proxy .scrubber").focus()
    page.keyboard.press("Home")
    both_shown(page, 0)
    page.click(".pane-a .role-proxy [data-act=play]")
    followed = set()
    for _ in range(14):  # while A plays, B moves along with it
        followed.add(page.get_attribute(".pane-b .role-proxy .scrubber", "aria-valuenow"))
        page.wait_for_timeout(50)
    page.click(".pane-a .role-proxy [data-act=play]")
    assert len(followed) >= 4, (label, followed)
    until(page, "() => document.querySelector('.pane-a video').paused")
    stopped = -1
    while stopped != a_frame(page):  # the frame presented as it paused may still be reported: settle first
        stopped = a_frame(page)
        page.wait_for_timeout(250)
    assert stopped > 3, (label, stopped)  # it played
    assert both_shown(page, stopped) == (stopped, stopped), label


def test_compare_modes_stay_in_frame_sync(open_as, review_studio, tmp_path):
    ana = review_studio.client("ana")
    made = []
    for name, width, tint in (("fx_cmp", 320, (1.2, 0.7, 0.4)), ("fx_cmp", 480, (0.4, 0.8, 1.2)),
                              ("fx_other", 320, (0.6, 1.2, 0.6))):  # tinted apart: which is which shows
        clip = make_clip(tmp_path / f"{name}_{width}.mov", FRAMES, width=width, height=width * 9 // 16, fps=24,
                         tint=tint)
        made.append(ana.publish("film", name, "video", [clip], folder="shots/fx", metadata={"fps": 24},
                                status="review"))
    for version in made:
        wait_for_previews(ana, version.reference, timeout=180)
    watched = open_as("sam")
    page = watched.page

    page.goto("/p/film/asset/shots/fx/fx_cmp?v=2&compare=1&mode=side")
    assert page.inner_text(".pane-b h3") == "B · v1"
    width = "v => v.videoWidth || new Promise(ok => v.addEventListener('loadedmetadata', () => ok(v.videoWidth)))"
    assert page.locator(".pane-a video").evaluate(width) == 480  # A is v2, B is v1
    step_and_seek(page, "side")
    play_a_while(page, "side")
    page.locator(".pane-b .role-proxy .scrubber").focus()  # side by side, B can drive too
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert both_shown(page, 1) == (1, 1)
    watched.shot("compare-sync-side")

    # the A/B wipe: the line follows a drag across the picture; the frame stays through the switch
    page.click("[data-compare-mode=wipe]")
    assert page.get_attribute(".compare", "data-mode") == "wipe"
    assert "mode=wipe" in page.url
    assert both_shown(page, 1) == (1, 1)
    assert page.locator(".pane-b").evaluate("p => p.style.clipPath") == "inset(0px 0px 0px 50%)"
    box = page.locator(".pane-a video").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    assert page.locator(".wipe-slider").input_value() == "30"
    assert page.locator(".pane-b").evaluate("p => p.style.clipPath") == "inset(0px 0px 0px 30%)"
    b_box = page.locator(".pane-b video").bounding_box()
    assert abs(b_box["y"] - box["y"]) < 1 and abs(b_box["width"] - box["width"]) < 1  # B exactly over A
    line = page.locator(".wipe-line").bounding_box()  # the line is drawn where B begins
    assert abs(line["x"] + line["width"] / 2 - (box["x"] + box["width"] * 0.3)) < 2
    step_and_seek(page, "wipe")
    page.locator(".pane-a .role-proxy .scrubber").focus()
    page.keyboard.press("Home")
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    assert both_shown(page, 12) == (12, 12)
    watched.shot("compare-sync-wipe")

    # the overlay: B over A at the slider's opacity
    page.click("[data-compare-mode=overlay]")
    assert page.locator(".pane-b").evaluate("p => [p.style.clipPath, getComputedStyle(p).opacity]") == ["", "0.5"]
    page.locator(".overlay-slider").fill("30")
    assert page.locator(".pane-b").evaluate("p => getComputedStyle(p).opacity") == "0.3"
    assert page.inner_text(".overlay-value") == "30%"
    step_and_seek(page, "overlay")
    play_a_while(page, "overlay")
    page.locator(".pane-a .role-proxy .scrubber").focus()
    page.keyboard.press("Home")
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    assert both_shown(page, 20) == (20, 20)
    watched.shot("compare-sync-overlay")
    page.locator("h2").first.click()
    page.keyboard.press("w")  # the key goes round the modes: overlay → side
    assert page.get_attribute(".compare", "data-mode") == "side"

    # any two versions: B is another asset's version, picked by its reference
    page.goto("/p/film/asset/shots/fx/fx_cmp?v=2")
    other = str(made[2].reference).split("?")[0]
    assert page.locator(f"#compare-candidates option[value='{other}?version=latest']").count() == 1
    page.fill("#compare-other", f"{other}?version=1")
    page.select_option("select[name=mode]", "overlay")
    page.click("[data-testid=compare-form] button[type=submit]")
    page.wait_for_selector(".compare")
    assert page.inner_text(".pane-b h3") == "B · shots/fx/fx_other v1"
    assert page.get_attribute(".compare", "data-mode") == "overlay"
    step_and_seek(page, "other asset")
    play_a_while(page, "other asset")
    no_trouble(watched)


STATUS_WORDS = {"approved", "rejected", "review", "wip", "deprecated"}
# every status on the page: its words (the element's text names its status) and an icon before them
STATUS_SHOWN = """() => [...document.querySelectorAll('.status, .processing .state, .placeholder[class*=state-]')]
  .map(el => ({cls: el.className, text: el.innerText, icon: getComputedStyle(el, '::before').content}))"""


def test_status_is_never_colour_alone(open_as, review_studio):
    sequence = review_studio.material.frames[-1]
    wait_for_previews(review_studio.client("ana"), sequence.reference)
    watched = open_as("sam")
    page = watched.page
    seen = []
    for path in ("/p/film", "/p/film?view=list", "/p/film/asset/looks/warm_grade",
                 "/p/film/asset/characters/hero/hero_turntable"):
        page.goto(path)
        found = page.evaluate(STATUS_SHOWN)
        assert found, path
        for item in found:
            words = {w.strip(" ✔✖◔✎⊘:—.") for w in item["text"].lower().split()}
            state = next((c.split("-", 1)[1] for c in item["cls"].split() if c.startswith(("status-", "state-"))), "")
            if item["cls"].startswith("status"):
                assert state in STATUS_WORDS and state in words, (path, item)
            else:  # a review-media state: said in words
                assert {"waiting", "being", "ready", "failed"} & words, (path, item)
            assert item["icon"] not in ("none", "normal", ""), (path, item)
        seen += found
    assert any("status-review" in item["cls"] for item in seen)
    assert any("state-ready" in item["cls"] for item in seen)
    no_trouble(watched)
