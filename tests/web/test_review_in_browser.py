"""A supervisor's review round in the real Chromium: sign in, find, play, compare, comment, approve — and
another browser sees it live. Screenshots go to test-artifacts/web/."""

from __future__ import annotations

import re
import time

import pytest

from tests.web.conftest import sign_in_page

pytestmark = pytest.mark.slow


def until(page, script: str, timeout: float = 10.0):
    """Poll ``script`` (a function expression) until it answers truthy. Not wait_for_function: the page's
    CSP forbids the eval that one uses, and the test must not weaken the CSP it checks."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script)
        if value or time.monotonic() > deadline:
            assert value, f"{script} stayed falsy for {timeout}s"
            return value
        page.wait_for_timeout(50)


def no_trouble(watched) -> None:
    assert watched.csp == [], f"the page broke its own Content Security Policy: {watched.csp}"
    assert watched.errors == [], f"script errors: {watched.errors}"


def test_sign_in_and_out(browser, review_studio):
    context = browser.new_context(base_url=review_studio.url)
    page = context.new_page()
    page.goto("/p/film")
    assert "/signin" in page.url
    page.fill("#token", "byt_not-a-real-token")
    page.click("button[type=submit]")
    assert "not known" in page.inner_text("[data-testid=reason]")
    sign_in_page(page, review_studio.tokens["sam"], "/p/film")
    assert page.url.endswith("/p/film")  # back where the visitor wanted to go
    assert page.inner_text("[data-testid=user]").startswith("sam")
    cookie = next(c for c in context.cookies() if c["name"] == "brickyard_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert page.evaluate("document.cookie") == ""  # scripts cannot read the session
    page.click("text=Sign out")
    page.wait_for_url(re.compile("/signin"))
    page.goto("/p/film")
    assert "/signin" in page.url, "after sign-out the old cookie opens nothing"
    context.close()


def test_browse_search_and_filter(open_as, review_studio):
    watched = open_as("sam")
    page = watched.page
    page.goto("/p/film")
    names = page.locator("[data-testid=assets] .asset .name").all_inner_texts()
    assert {"warm_grade", "hero_turntable"} <= set(names)
    assert page.locator("[data-testid=feed] .feed-item").count() >= 3
    watched.shot("project")
    page.select_option("select[name=kind]", "lut")
    page.click("form.filters button[type=submit]")
    assert page.locator("[data-testid=assets] .asset .name").all_inner_texts() == ["warm_grade"]
    page.fill("#search", "turntable")
    page.select_option("select[name=kind]", "")
    page.click("form.filters button[type=submit]")
    assert page.locator("[data-testid=assets] .asset .name").all_inner_texts() == ["hero_turntable"]
    page.goto("/p/film?view=list&status=review")
    assert page.locator("table[data-testid=assets] tr.asset").count() >= 2
    page.goto("/p/film?folder=looks")
    assert page.locator("[data-testid=assets] .asset .name").all_inner_texts() == ["warm_grade"]
    no_trouble(watched)


def test_frames_scrub_and_compare(open_as, review_studio):
    from tests.web.test_previews_in_browser import wait_for_previews  # here: that module imports this one

    # Both versions' review media first: a preview.ready arriving later swaps in a fresh preview area, whose
    # player starts at the first frame (seen on a busy machine, with the suite on parallel workers).
    for version in review_studio.material.frames:
        wait_for_previews(review_studio.client("ana"), version.reference)
    watched = open_as("sam")
    page = watched.page
    page.goto("/p/film/asset/characters/hero/hero_turntable?v=2&compare=1&mode=side")
    a, b = page.locator(".pane-a .role-frames .frame-label"), page.locator(".pane-b .role-frames .frame-label")
    assert a.inner_text().startswith("frame 1001 (1 of 12)")
    page.locator(".pane-a [data-player=frames]").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert a.inner_text().startswith("frame 1004")
    assert b.inner_text().startswith("frame 1004"), "B follows A frame for frame"
    src_a = page.locator(".pane-a img.frame").get_attribute("src")
    src_b = page.locator(".pane-b img.frame").get_attribute("src")
    assert src_a != src_b  # two versions' own frames
    watched.shot("compare-side")
    page.keyboard.press("w")
    assert page.locator("[data-testid=compare]").get_attribute("data-mode") == "wipe"
    page.locator(".wipe-slider").fill("30")
    assert "inset(0px 0px 0px 30%)" in page.locator(".pane-b").evaluate("e => getComputedStyle(e).clipPath")
    watched.shot("compare-wipe")
    no_trouble(watched)


def test_video_plays_with_its_duration(open_as, review_studio):
    material = review_studio.material
    if not material.clips:
        pytest.skip(material.clip_skip_reason)
    watched = open_as("sam")
    page = watched.page
    page.goto("/p/film/asset/shots/sh010/sh010_anim")
    # The review media may still be on their way: the area is swapped when they land, so play what stays.
    until(page, "() => !document.querySelector('.processing [data-state=pending], .processing [data-state=running]')",
          timeout=60)
    video = page.locator("video[data-player=video]")
    video.evaluate("v => new Promise(ok => v.readyState >= 3 ? ok() : v.addEventListener('canplay', ok))")
    duration = video.evaluate("v => v.duration")
    assert duration == pytest.approx(2.0, abs=0.1)
    video.evaluate("v => { v.muted = true; return v.play(); }")  # the proxy has sound: no autoplay block
    until(page, "() => document.querySelector('video').currentTime > 0.2")
    video.evaluate("v => v.pause()")
    page.locator(".controls [data-act=next]").first.click()
    until(page, "() => /frame \\d+/.test(document.querySelector('.frame-label').textContent)")
    watched.shot("video")
    no_trouble(watched)


def test_review_round_seen_live_elsewhere(open_as, review_studio):
    lut = review_studio.material.lut
    artist = open_as("ana")
    artist.page.goto("/p/film")
    artist.page.wait_for_selector("body[data-live=connected]")
    supervisor = open_as("sam")
    page = supervisor.page
    page.goto("/p/film")
    page.fill("#search", "warm")
    page.click("form.filters button[type=submit]")
    page.click("text=warm_grade")
    # the page's scripts must have run before the shortcuts are pressed: a key that arrives sooner lands on a
    # page without its handlers, and the comment's letters (its "a") would then approve
    page.wait_for_url(re.compile(r"/asset/looks/warm_grade"), wait_until="load")
    assert page.inner_text("[data-testid=status]") == "review"
    assert page.locator("img.player").count() == 1  # the publisher's thumbnail stands in for a preview
    page.keyboard.press("c")
    page.keyboard.type("Warm enough; the shadows hold.")
    page.click("[data-testid=comment-form] button")
    assert "Warm enough; the shadows hold." in page.inner_text("[data-testid=thread]")
    page.keyboard.press("a")  # the approve shortcut
    page.wait_for_selector("[data-testid=status]:text('approved')")
    thread = page.inner_text("[data-testid=thread]")
    assert "approved" in thread
    supervisor.shot("asset-approved")
    # the artist's open page heard it without a reload
    artist.page.wait_for_selector("#feed .feed-item:has-text('set review → approved')", timeout=10_000)
    assert artist.page.locator("#feed .feed-item.fresh").count() >= 2  # the comment and the decision
    artist.shot("project-live")
    assert review_studio.client("ana").version(lut.reference).status.value == "approved"
    no_trouble(supervisor)
    no_trouble(artist)


def test_reject_asks_for_a_reason(open_as, review_studio):
    watched = open_as("sam")
    page = watched.page
    page.goto("/p/film/asset/characters/hero/hero_turntable")
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "decision-text"  # asked why, nothing sent yet
    assert page.inner_text("[data-testid=status]") == "review"
    page.keyboard.type("Frame 1004 pops.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("[data-testid=status]:text('rejected')")
    assert "Frame 1004 pops." in page.inner_text("[data-testid=thread]")


def test_viewer_sees_no_decisions_or_comment_box(open_as, review_studio):
    watched = open_as("vic")
    page = watched.page
    page.goto("/p/film/asset/looks/warm_grade")
    assert page.locator("[data-testid=decision]").count() == 0
    assert page.locator("[data-testid=comment-form]").count() == 0
    page.keyboard.press("a")
    page.wait_for_timeout(300)
    assert page.inner_text("[data-testid=status]") == "review"
    watched.shot("asset-viewer")
    no_trouble(watched)


def test_docs_work_offline(browser, review_studio):
    context = browser.new_context(base_url=review_studio.url)
    page = context.new_page()
    outside = []
    page.on("request", lambda r: None if r.url.startswith(review_studio.url) else outside.append(r.url))
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert "Brickyard" in page.inner_text(".swagger-ui .title")
    assert outside == [], f"/docs fetched from outside the server: {outside}"
    page.screenshot(path=str(_artifact("docs")), full_page=False)
    context.close()


def _artifact(name: str):
    from tests.web.conftest import ARTIFACTS
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"
