"""A live review session in the real Chromium, two browsers: the driver's steps, pauses and item changes
reach the follower on the same frame; a follower cannot drive; control passes only by an explicit hand-over,
after which the other browser leads."""

from __future__ import annotations

import pytest

from tests.web.test_previews_in_browser import clip, wait_for_previews  # noqa: F401  (fixture)
from tests.web.test_review_in_browser import no_trouble, until

pytestmark = pytest.mark.slow

SLIDER_NOW = "() => document.querySelector('.scrubber')?.getAttribute('aria-valuenow')"


def test_driver_leads_follower_follows_and_hand_over(open_as, review_studio, clip):  # noqa: F811
    sam_api = review_studio.client("sam")
    wait_for_previews(sam_api, clip.reference)
    sequence = review_studio.material.frames[-1]
    wait_for_previews(sam_api, sequence.reference)
    playlist = sam_api.create_playlist("film", "live dailies", [clip, sequence])
    sam, ana = open_as("sam"), open_as("ana")
    path = f"/p/film/playlist/{playlist.id}"
    sam.page.goto(path)
    sam.page.click("[data-testid=live-start] button")
    sam.page.wait_for_selector("[data-testid=handover]")
    ana.page.goto(path)
    assert ana.page.locator("[data-testid=driver]").inner_text() == "sam"
    until(ana.page, "() => document.body.dataset.live === 'connected'")
    until(sam.page, "() => document.querySelector('.controls, [data-ready]') !== null")

    # the driver steps five frames: the follower's player shows frame 5
    slider = sam.page.locator(".scrubber").first
    slider.focus()
    for _ in range(5):
        sam.page.keyboard.press("ArrowRight")
    until(sam.page, f"() => ({SLIDER_NOW})() === '5'")
    until(ana.page, f"() => ({SLIDER_NOW})() === '5'", timeout=10)

    # a follower's forged control is refused by the server
    forged = ana.page.evaluate("""async (id) => {
        const csrf = document.querySelector('meta[name=csrf-token]').content;
        const r = await fetch(`/p/film/playlist/${id}/live/state`,
            {method: 'POST', body: new URLSearchParams({csrf, item: '1', frame: '0', playing: 'false'})});
        return [r.status, (await r.json()).error.message];
    }""", playlist.id)
    assert forged[0] == 403 and "driver (sam)" in forged[1]

    # the driver moves to the next item: the follower's page goes there
    sam.page.click("[data-nav=next-item]")
    sam.page.wait_for_url("**?item=1*")
    ana.page.wait_for_url("**?item=1*", timeout=15000)
    assert ana.page.locator("[data-testid=position]").inner_text() == "2 of 2"

    # explicit hand-over to ana: she drives, sam follows
    sam.page.select_option("#handover-to", "ana")
    sam.page.click("[data-testid=handover] button")
    ana.page.wait_for_selector("[data-testid=handover]", timeout=15000)
    until(sam.page, "() => document.querySelector('[data-testid=driver]')?.textContent === 'ana'", timeout=15)
    until(sam.page, "() => document.body.dataset.live === 'connected'")
    ana.page.locator(".scrubber").first.focus()
    until(ana.page, "() => document.querySelector('.scrubber').getAttribute('aria-valuenow') !== null")
    start = int(ana.page.evaluate(SLIDER_NOW))
    for _ in range(3):
        ana.page.keyboard.press("ArrowRight")
    until(ana.page, f"() => ({SLIDER_NOW})() === '{start + 3}'")
    until(sam.page, f"() => ({SLIDER_NOW})() === '{start + 3}'", timeout=10)
    sam.shot("live-session-follower")
    no_trouble(sam)
    no_trouble(ana)
