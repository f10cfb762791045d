"""Review media in the real Chromium: the proxies the server's jobs made from a clip and a PNG sequence play
on the asset page through the session cookie (Range seeks included), and the preview area follows
``preview.ready`` live, without a reload. Screenshots go to test-artifacts/web/."""

from __future__ import annotations

import time

import pytest

from tests.support.media import make_clip
from tests.web.test_review_in_browser import no_trouble, until

pytestmark = pytest.mark.slow

CLIP_FRAMES, CLIP_FPS = 48, 24


def wait_for_previews(client, reference, timeout: float = 90.0):
    """Until every previewable representation of ``reference`` is ready (failing on a failed one)."""
    deadline = time.monotonic() + timeout
    while True:
        answer = client.previews(reference)
        states = {r.representation: (r.state.value, r.error) for r in answer.representations if r.kind}
        assert all(state != "failed" for state, _ in states.values()), states
        if states and all(state == "ready" for state, _ in states.values()):
            return answer
        assert time.monotonic() < deadline, f"review media still {states} after {timeout}s"
        time.sleep(0.2)


def proxy_of(answer):
    return next(f for r in answer.representations for f in r.files if f.role == "proxy")


def playing(page) -> dict:
    """Wait for the page's first <video> to have a frame to show; its readyState and duration."""
    video = page.locator("video[data-player=video]").first
    video.evaluate("v => new Promise(ok => v.readyState >= 2 ? ok() : v.addEventListener('loadeddata', ok))")
    return video.evaluate("v => ({ready: v.readyState, duration: v.duration, src: v.currentSrc, poster: v.poster})")


@pytest.fixture
def clip(review_studio, tmp_path):
    source = make_clip(tmp_path / "sh020_plate.mov", CLIP_FRAMES, fps=CLIP_FPS)  # MJPEG: no browser plays it
    version = review_studio.client("ana").publish("film", "sh020_plate", "video", [source], folder="shots/sh020",
                                                  comment="plate for review", metadata={"fps": CLIP_FPS},
                                                  status="review")
    return version


def test_the_clip_and_the_sequence_play_their_proxies(open_as, review_studio, clip):
    ana = review_studio.client("ana")
    clip_media = wait_for_previews(ana, clip.reference)
    sequence = review_studio.material.frames[-1]
    sequence_media = wait_for_previews(ana, sequence.reference)
    watched = open_as("sam")
    page = watched.page

    page.goto("/p/film/asset/shots/sh020/sh020_plate")
    shown = playing(page)
    assert shown["ready"] >= 2 and "/p/film/preview/" in shown["src"] and "/p/film/preview/" in shown["poster"]
    assert shown["duration"] == pytest.approx(CLIP_FRAMES / CLIP_FPS, abs=1 / CLIP_FPS)
    assert proxy_of(clip_media).duration == pytest.approx(shown["duration"], abs=1 / CLIP_FPS)
    page.locator("video").evaluate("v => { v.currentTime = 1.5; }")  # a seek: a Range request on the cookie
    until(page, "() => { const v = document.querySelector('video'); return !v.seeking && v.currentTime > 1.4; }")
    page.locator("video").evaluate("v => v.play()")
    until(page, "() => document.querySelector('video').currentTime > 1.6 || document.querySelector('video').ended")
    page.locator("video").evaluate("v => { v.pause(); v.currentTime = 0.5; }")
    until(page, "() => !document.querySelector('video').seeking")
    assert "review proxy (320×180, 2 s at 24 fps)" in page.inner_text(".previews")
    watched.shot("review-media-clip")

    page.goto(f"/p/film/asset/characters/hero/hero_turntable?v={sequence.number}")
    shown = playing(page)
    frames = len(sequence.representations[0].files)
    assert shown["ready"] >= 2 and "/p/film/preview/" in shown["src"]
    assert shown["duration"] == pytest.approx(frames / 24, abs=1 / 24)
    assert proxy_of(sequence_media).duration == pytest.approx(shown["duration"], abs=1 / 24)
    assert page.locator(".role-frames [data-player=frames]").count() == 1  # frame-exact stepping stays
    watched.shot("review-media-sequence")
    no_trouble(watched)


def test_the_preview_area_follows_preview_ready_live(open_as, review_studio, clip):
    ana = review_studio.client("ana")
    wait_for_previews(ana, clip.reference)
    ana.comment(clip.reference, "the plate drifts here", frame=30)
    watched = open_as("sam")
    page = watched.page
    page.goto("/p/film/asset/shots/sh020/sh020_plate")
    page.wait_for_selector("body[data-live=connected]")
    assert playing(page)["ready"] >= 2
    page.evaluate("() => { document.body.dataset.sameDocument = 'yes'; document.querySelector('.previews')"
                  ".dataset.old = 'yes'; }")
    review_studio.client("admin").regenerate_previews(clip.reference)  # the job again, then preview.ready
    until(page, "() => Number(document.body.dataset.previewsRefreshed || 0) >= 1", timeout=60)
    assert page.evaluate("() => document.querySelector('.previews').dataset.old") is None, "area not swapped"
    after = playing(page)
    assert after["ready"] >= 2 and "/p/film/preview/" in after["src"]
    assert page.evaluate("() => document.body.dataset.sameDocument") == "yes", "the page was reloaded"
    page.locator(".controls [data-act=next]").first.click()  # the swapped-in player is wired
    until(page, "() => /frame \\d+/.test(document.querySelector('.frame-label').textContent)")
    # the frame links follow the new player too: a pinned comment seeks it, the form and the address follow it
    page.click("[data-testid=pin]")
    until(page, "() => document.querySelector('.role-proxy .scrubber').getAttribute('aria-valuenow') === '30'")
    until(page, "() => document.getElementById('comment-pin-label').textContent === 'frame 30'")
    until(page, "() => new URLSearchParams(location.search).get('frame') === '30'")
    no_trouble(watched)


def test_a_failed_preview_says_why_and_the_page_still_offers_the_file(open_as, review_studio, tmp_path):
    broken = tmp_path / "sh030_plate.mov"
    broken.write_bytes(b"not a movie at all" * 200)
    version = review_studio.client("ana").publish("film", "sh030_plate", "video", [broken], folder="shots/sh030",
                                                  comment="a broken export", status="review")
    deadline = time.monotonic() + 60
    while review_studio.client("ana").previews(version.reference).representations[0].state.value != "failed":
        assert time.monotonic() < deadline, "the broken clip's job never failed"
        time.sleep(0.2)
    watched = open_as("sam")
    page = watched.page
    page.goto("/p/film/asset/shots/sh030/sh030_plate")
    assert page.inner_text("[data-testid=preview-failed]") == "mov: review media: failed"
    error = page.inner_text("[data-testid=processing-error]")
    assert "corrupt" in error and page.inner_text(".previews").count(error) == 1  # said once, in the states
    assert page.locator("a[download]").first.inner_text() == "sh030_plate.mov"  # the file is still there
    watched.shot("review-media-failed")
    no_trouble(watched)
