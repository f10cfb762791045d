"""The XSS corpus in the real Chromium: metadata, tags, comments, prompts and version comments carrying
script, handlers and javascript: links are shown as text on every page, and nothing of them runs."""

from __future__ import annotations

import pytest
import requests

from tests.web.conftest import Watched, sign_in_page

pytestmark = pytest.mark.slow

CORPUS = ['<script>window.__xss="script"</script>', '"><img src=x onerror="window.__xss=\'img\'">',
          "javascript:window.__xss='link'", "'><svg onload=\"window.__xss='svg'\">",
          '<a href="javascript:window.__xss=\'a\'">click</a>', "</textarea><script>window.__xss='ta'</script>"]


def test_nothing_in_the_corpus_runs(browser, studio, sqlite_server, tmp_path):
    ana = studio.client("ana")
    sample = tmp_path / "probe.txt"
    sample.write_text("probe")
    version = ana.publish("film", "xss_probe", "prompt", [sample], folder="looks", status="review",
                          comment=CORPUS[1], tags=CORPUS[:3],
                          metadata={"prompt": CORPUS[0], "negative_prompt": CORPUS[3], "source": CORPUS[2],
                                    CORPUS[4]: CORPUS[5]})
    for text in CORPUS:
        requests.post(f"{studio.url}/api/v1/versions/{version.id}/comments", json={"text": text},
                      headers={"Authorization": f"Bearer {studio.tokens['sam']}"}, timeout=10).raise_for_status()
    studio.client("sam").set_status(version.reference, "rejected", comment=CORPUS[5])
    context = browser.new_context(base_url=studio.url)
    watched = Watched(context.new_page())
    page = watched.page
    sign_in_page(page, studio.tokens["sam"])
    for path in ("/p/film", "/p/film?view=list&q=xss", "/p/film/asset/looks/xss_probe", "/p/film/activity"):
        page.goto(path)
        page.wait_for_load_state("load")
        for link in page.locator("a").all():  # a javascript: link would run on a click
            assert not (link.get_attribute("href") or "").lower().startswith("javascript:"), path
        assert page.evaluate("() => window.__xss") is None, f"{path}: the corpus ran"
    page.goto("/p/film/asset/looks/xss_probe")
    thread = page.inner_text("[data-testid=thread]")
    assert all(text.strip() in thread for text in CORPUS)  # shown, as text
    assert CORPUS[0] in page.inner_text("[data-testid=metadata]")
    watched.shot("xss-corpus")
    assert watched.dialogs == [] and watched.errors == []
    assert studio.tokens["sam"] not in sqlite_server.log(), "the token reached the server's log"
    context.close()
