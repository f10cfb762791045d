"""A client link in the real Chromium: a guest without an account opens the link, gives a name and the
passphrase, plays a playlist's clip in the frame-exact player, steps a frame, comments pinned to that frame,
moves to the next item — and cannot approve or download even with forged requests; revoking the link ends
the open session. Screenshots go to test-artifacts/web/."""

from __future__ import annotations

import pytest

from tests.web.test_previews_in_browser import clip, playing, wait_for_previews  # noqa: F401  (fixture)
from tests.web.test_review_in_browser import no_trouble, until
from tests.web.conftest import Watched

pytestmark = pytest.mark.slow


def test_a_guest_watches_comments_and_is_shut_out(browser, review_studio, clip):  # noqa: F811
    sam = review_studio.client("sam")
    wait_for_previews(sam, clip.reference)
    sequence = review_studio.material.frames[-1]
    playlist = sam.create_playlist("film", "for the client", [clip, sequence])
    link = sam.create_client_link("film", playlist=playlist.id, passphrase="blue harbour 7", hours=24,
                                  label="Acme")
    context = browser.new_context(base_url=review_studio.url, viewport={"width": 1400, "height": 900})
    watched = Watched(context.new_page())
    page = watched.page
    try:
        page.goto(link.path)
        page.fill("#guest-name", "Dana (Acme)")
        page.fill("#guest-passphrase", "not it at all")
        page.click("[data-testid=guest-open] button[type=submit]")
        assert "wrong passphrase" in page.locator("[data-testid=guest-reason]").inner_text()
        page.fill("#guest-name", "Dana (Acme)")
        page.fill("#guest-passphrase", "blue harbour 7")
        page.click("[data-testid=guest-open] button[type=submit]")
        page.wait_for_url("**/g/watch")
        assert link.path not in page.url  # the secret leaves the address bar
        assert page.locator("[data-testid=position]").inner_text() == "1 of 2"
        assert playing(page)["ready"] >= 2  # the proxy plays through the guest's cookie
        slider = page.locator(".scrubber").first
        slider.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        until(page, "() => document.querySelector('.scrubber').getAttribute('aria-valuenow') === '2'")
        page.fill("#comment-text", "the logo is too small here")
        page.click("[data-testid=comment-form] button[type=submit]")
        page.wait_for_url("**/g/watch?item=0&frame=2*")
        thread = page.locator("[data-testid=thread]").inner_text()
        assert "the logo is too small here" in thread and "Dana (Acme) (guest, client link" in thread
        assert "frame 2" in thread
        watched.shot("guest-review")
        # forged requests from the guest's page: an approval and a download, both refused by the server
        vid = clip.id
        sha = clip.representations[0].files[0].sha256
        forged = page.evaluate("""async ([vid, sha]) => {
            const csrf = document.querySelector('meta[name=csrf-token]').content;
            const body = new URLSearchParams({csrf, decision: 'approve', text: ''});
            const approve = await fetch(`/p/film/v/${vid}/review`, {method: 'POST', body, redirect: 'manual'});
            const guestApprove = await fetch(`/g/v/${vid}/review`, {method: 'POST', body});
            const download = await fetch(`/g/v/${vid}/file/${sha}/clip.mov?download=true`);
            const api = await fetch(`/api/v1/versions/${vid}`);
            return [approve.type === 'opaqueredirect' ? 303 : approve.status, guestApprove.status,
                    download.status, api.status];
        }""", [vid, sha])
        assert forged[0] in (303, 403) and forged[1] in (404, 405) and forged[2] == 403 and forged[3] == 401, forged
        assert sam.version(clip.reference).status.value == "review"
        assert page.locator("[data-testid=downloads]").count() == 0
        page.click("[data-nav=next-item]")
        page.wait_for_url("**/g/watch?item=1")
        assert page.locator("[data-testid=position]").inner_text() == "2 of 2"
        no_trouble(watched)
        log = [a.action for a in sam.client_link_actions("film", link.id)]
        assert log[:3] == ["passphrase_refused", "opened", "viewed"] and "commented" in log
        assert "download_refused" in log
        # revoked: the open session ends at the next request
        sam.revoke_client_link("film", link.id)
        page.reload()
        assert "open the review link again" in page.locator("[data-testid=guest-ended]").inner_text() or \
            "revoked" in page.locator("[data-testid=guest-ended]").inner_text()
    finally:
        context.close()
