"""The frame-exact player in the real Chromium (issue 19). Each clip's frames carry their own number as a
10-bit bar code (tests/support/media.py); the server's job makes its H.264 review proxy; the test seeks,
steps by a frame and by a second, and reads the bar code back from the picture the page *shows*
(a canvas drawImage of the <video>) — at 23.976, 24, 25 and 29.97 fps, after every key, button and pointer
seek, and stepping frame by frame through the first frames, both sides of each second and the last frames,
it must be the frame the player reports in its label, its slider and the address. Then loop, speed, keys
and pinned comments."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tests.support.media import make_clip
from tests.web.test_previews_in_browser import wait_for_previews
from tests.web.test_review_in_browser import no_trouble, until

pytestmark = pytest.mark.slow

FRAMES = 60
RATES = {"23.976": Fraction(24000, 1001), "24": Fraction(24), "25": Fraction(25), "29.97": Fraction(30000, 1001)}

# The number a frame carries, read from the picture on screen: 10 blocks across the top half, white = 1.
READ_SHOWN = """v => {
  const c = document.createElement('canvas');
  c.width = v.videoWidth; c.height = v.videoHeight;
  const g = c.getContext('2d');
  g.drawImage(v, 0, 0);
  const y = Math.floor((c.height / 8 + c.height / 2) / 2), block = c.width / 10;
  let n = 0;
  for (let bit = 0; bit < 10; bit += 1) {
    const d = g.getImageData(Math.floor(bit * block + block / 2), y, 1, 1).data;
    if ((d[0] + d[1] + d[2]) / 3 > 128) n |= 1 << bit;
  }
  return n;
}"""
SETTLED = """n => {
  const s = document.querySelector('.role-proxy .scrubber'), v = document.querySelector('video');
  return s.getAttribute('aria-valuenow') === String(n) && !v.seeking && v.readyState >= 2;
}"""


def walked(nominal: int) -> list[range]:
    """The frames stepped through one by one at a rate of ``nominal`` frames a second (24 at 23.976)."""
    return [range(0, 6)] + [range(second * nominal - 2, min(second * nominal + 2, FRAMES))
                            for second in (1, 2) if second * nominal - 2 < FRAMES]


def publish_clips(studio, tmp_path):
    ana = studio.client("ana")
    versions = {}
    for label, rate in RATES.items():
        name = "fx_" + label.replace(".", "_")
        source = make_clip(tmp_path / f"{name}.mov", FRAMES, fps=rate)
        versions[label] = ana.publish("film", name, "video", [source], folder="shots/fx",
                                      metadata={"fps": float(rate)}, status="review")
    for version in versions.values():
        wait_for_previews(ana, version.reference, timeout=180)
    return versions


# Waits in the page (one round trip, not a poll from here every 50 ms) until the player reports frame n,
# lets the picture be painted (two animation frames), then reads it: what the next check compares.
SHOWN_WHEN_SETTLED = f"""async ([n, ms]) => {{
  const settled = {SETTLED};
  const end = performance.now() + ms;
  while (!settled(n)) {{
    if (performance.now() > end) {{
      const v = document.querySelector('video');
      return {{settled: false, state: [v.readyState, v.seeking, v.currentTime, location.search,
        document.querySelector('.role-proxy .scrubber').getAttribute('aria-valuenow')]}};
    }}
    await new Promise(ok => setTimeout(ok, 10));
  }}
  await new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)));
  return {{settled: true, shown: ({READ_SHOWN})(document.querySelector('video[data-player=video]')),
    slider: Number(document.querySelector('.role-proxy .scrubber').getAttribute('aria-valuenow')),
    label: document.querySelector('.role-proxy .frame-label').innerText}};
}}"""


def shown_and_reported(page, expected: int, timeout: float = 10.0) -> tuple[int, int, str]:
    """Wait until the player reports ``expected``; then the number on screen, the slider's, the label."""
    found = page.evaluate(SHOWN_WHEN_SETTLED, [expected, timeout * 1000])
    assert found["settled"], (f"the player never settled on frame {expected} in {timeout}s "
                              f"(readyState, seeking, currentTime, address, slider): {found['state']}")
    return found["shown"], found["slider"], found["label"]


def test_every_frame_shown_is_the_frame_reported(open_as, review_studio, tmp_path):
    versions = publish_clips(review_studio, tmp_path)
    watched = open_as("sam")
    page = watched.page
    for label, version in versions.items():
        name = version.reference.split("?")[0].rsplit("/", 1)[-1]
        page.goto(f"/p/film/asset/shots/fx/{name}?frame=17")
        page.locator("video").evaluate("v => new Promise(ok => v.readyState >= 2 ? ok() : "
                                       "v.addEventListener('loadeddata', ok))")
        assert shown_and_reported(page, 17)[:2] == (17, 17), label  # opened at ?frame=
        timecode = page.inner_text(".role-proxy .timecode")
        assert timecode == ("00:00:00;17" if label == "29.97" else "00:00:00:17"), label
        scrubber = page.locator(".role-proxy .scrubber")
        scrubber.focus()
        expected = 17
        nominal = round(RATES[label])
        for key, delta in [("ArrowRight", 1), ("ArrowRight", 1), ("ArrowLeft", -1), ("Home", None),
                           ("ArrowRight", 1), ("PageUp", nominal), ("End", None), ("ArrowLeft", -1),
                           ("PageDown", -nominal), ("ArrowLeft", -1)]:
            page.keyboard.press(key)
            expected = 0 if key == "Home" else FRAMES - 1 if key == "End" else expected + delta
            shown, slider, text = shown_and_reported(page, expected)
            assert (shown, slider) == (expected, expected), (label, key)
            assert text.startswith(f"frame {expected} ({expected + 1} of {FRAMES})"), (label, text)
        # then one step at a time through the frames where a rate's rounding would show: the first ones, both
        # sides of each timecode second (the fractional rates drift furthest there) and the last ones, backwards
        page.keyboard.press("Home")
        at = 0
        for window in walked(nominal):
            while at < window[0]:  # to the window's start with quick presses (checked at its first frame)
                page.keyboard.press("ArrowRight")
                at += 1
            for expected in window:
                if expected > at:
                    page.keyboard.press("ArrowRight")
                    at = expected
                assert shown_and_reported(page, expected)[:2] == (expected, expected), (label, expected)
        page.keyboard.press("End")
        for expected in range(FRAMES - 1, FRAMES - 5, -1):
            if expected < FRAMES - 1:
                page.keyboard.press("ArrowLeft")
            assert shown_and_reported(page, expected)[:2] == (expected, expected), (label, expected)
        expected = 27
        scrubber.focus()
        page.keyboard.press("Home")
        for _ in range(expected):
            page.keyboard.press("ArrowRight")  # faster than frames decode: the steps still add up
        assert shown_and_reported(page, expected)[:2] == (expected, expected), label
        for button, delta in [("forward-second", nominal), ("next", 1), ("back-second", -nominal), ("prev", -1)]:
            page.click(f".role-proxy [data-act={button}]")
            expected += delta
            assert shown_and_reported(page, expected)[:2] == (expected, expected), (label, button)
        for target in (0, 1, 2, 23, 24, 25, 29, 30, 31, 47, 48, FRAMES - 2):  # seeks across the clip
            box = scrubber.bounding_box()
            page.mouse.click(box["x"] + box["width"] * target / (FRAMES - 1), box["y"] + box["height"] / 2)
            assert shown_and_reported(page, target)[:2] == (target, target), (label, target)
        until(page, f"() => new URLSearchParams(location.search).get('frame') === '{FRAMES - 2}'")
    watched.shot("frame-player")
    no_trouble(watched)


def test_loop_speed_keys_and_pinned_comments(open_as, review_studio, tmp_path):
    source = make_clip(tmp_path / "fx_loop.mov", FRAMES, fps=24)
    ana = review_studio.client("ana")
    version = ana.publish("film", "fx_loop", "video", [source], folder="shots/fx", metadata={"fps": 24},
                          status="review")
    wait_for_previews(ana, version.reference, timeout=180)
    watched = open_as("sam")
    page = watched.page
    page.goto("/p/film/asset/shots/fx/fx_loop?frame=10")
    shown_and_reported(page, 10)
    page.click(".role-proxy [data-act=in]")
    page.locator(".role-proxy .scrubber").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    shown_and_reported(page, 14)
    page.click(".role-proxy [data-act=out]")
    assert page.inner_text("[data-testid=loop]") == "loop 10–14"
    page.select_option(".role-proxy [data-act=speed]", "2")
    assert page.locator("video").evaluate("v => v.playbackRate") == 2
    page.click(".role-proxy [data-act=play]")
    seen = set()
    for _ in range(30):  # about 1.5 s at 2×: the loop comes round several times
        seen.add(int(page.get_attribute(".role-proxy .scrubber", "aria-valuenow")))
        page.wait_for_timeout(50)
    page.click(".role-proxy [data-act=play]")
    assert seen <= set(range(10, 15)) and len(seen) >= 3, seen
    assert page.inner_text("#comment-pin-label") == "frames 10–14"  # a comment now pins the loop's range
    page.click(".role-proxy [data-act=clear-loop]")

    # single-key shortcuts: only while focus is in the player, and off when switched off
    page.locator(".role-proxy .scrubber").focus()
    page.keyboard.press("Home")
    shown_and_reported(page, 0)
    page.keyboard.press(".")
    shown_and_reported(page, 1)
    page.locator("h2").first.click()  # focus leaves the player
    page.keyboard.press(".")
    page.wait_for_timeout(300)
    assert page.get_attribute(".role-proxy .scrubber", "aria-valuenow") == "1"
    page.evaluate("() => localStorage.setItem('brickyard.letters-off', '1')")
    page.locator(".role-proxy .scrubber").focus()
    page.keyboard.press(".")
    page.wait_for_timeout(300)
    assert page.get_attribute(".role-proxy .scrubber", "aria-valuenow") == "1"
    page.keyboard.press("ArrowRight")  # the slider's own keys stay: they are the slider, not shortcuts
    shown_and_reported(page, 2)
    page.evaluate("() => localStorage.removeItem('brickyard.letters-off')")

    # a comment pinned to the frame shown; clicking it later seeks back there
    page.keyboard.press("End")
    shown_and_reported(page, FRAMES - 1)
    page.keyboard.press("c")  # a key the player does not use is still the page's: write a comment
    page.locator("#comment-text").fill("the bar code is wrong here")
    assert page.inner_text("#comment-pin-label") == f"frame {FRAMES - 1}"
    page.click("[data-testid=comment-form] button")
    pin = page.locator("[data-testid=pin]").first
    assert pin.inner_text().startswith(f"frame {FRAMES - 1} · 00:00:02:11")
    page.locator(".role-proxy .scrubber").focus()
    page.keyboard.press("Home")
    shown_and_reported(page, 0)
    pin.click()
    shown, slider, _ = shown_and_reported(page, FRAMES - 1)
    assert (shown, slider) == (FRAMES - 1, FRAMES - 1)
    assert [c.frame for c in ana.comments(version.reference)] == [FRAMES - 1]
    watched.shot("frame-player-pinned")
    no_trouble(watched)


def test_a_sequence_counts_its_own_frame_numbers(open_as, review_studio):
    sequence = review_studio.material.frames[-1]  # 12 PNGs numbered 1001…1012 at 24 fps
    wait_for_previews(review_studio.client("ana"), sequence.reference)
    watched = open_as("sam")
    page = watched.page
    page.goto(f"/p/film/asset/characters/hero/hero_turntable?v={sequence.number}&frame=1005")
    proxy = page.locator(".role-proxy .scrubber")
    until(page, "() => document.querySelector('.role-proxy .scrubber').getAttribute('aria-valuenow') === '1005'")
    assert (proxy.get_attribute("aria-valuemin"), proxy.get_attribute("aria-valuemax")) == ("1001", "1012")
    assert page.inner_text(".role-proxy .frame-label").startswith("frame 1005 (5 of 12)")
    assert page.inner_text(".role-proxy .timecode") == "00:00:41:21"  # frame 1005 at 24 fps
    frames = page.locator(".role-frames .scrubber")  # the published frames: the same numbers, stepped exactly
    frames.focus()
    page.keyboard.press("End")
    assert frames.get_attribute("aria-valuenow") == "1012"
    assert page.locator(".role-frames img.frame").get_attribute("alt") == "frame 1012"
    no_trouble(watched)
