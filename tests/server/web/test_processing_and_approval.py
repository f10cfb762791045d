"""Issue 19, on the server: the asset page opens on the approved version and says so; every review-media
job's state and error is on the page; an admin's Retry makes them again through the API's own service,
and a non-admin's forged retry (valid CSRF token and all) changes nothing."""

from __future__ import annotations

import html
import re

from tests.server.test_previews import publish_files, run_jobs
from tests.server.web.test_review_media_pages import runner  # noqa: F401 (fixture)


def states(api, version_id: int) -> list[tuple[str, str, int]]:
    listed = api.ok("GET", f"/versions/{version_id}/previews")["representations"]
    return [(r["representation"], r["state"], r["attempts"]) for r in listed]


def shown_version(page: str) -> str:
    return re.search(r'<span class="muted">(v\d+)</span>', page).group(1)


def test_the_approved_version_is_the_default_view_and_marked(api, web, team):
    tokens, _ = team
    ana = api.as_user(tokens["ana"])
    first = ana.publish("film", "hero", "chars", kind="model", status="review")
    ana.publish("film", "hero", "chars", kind="model", status="review")
    sam = web("sam")
    page = sam.get("/p/film/asset/chars/hero").text
    assert shown_version(page) == "v2"  # nothing approved yet: the latest
    assert 'data-testid="approved-note"' not in page and 'data-testid="approved-in-list"' not in page

    assert sam.post(f"/p/film/v/{first['id']}/review", {"decision": "approve"}).status_code == 303
    ana.publish("film", "hero", "chars", kind="model", status="wip")  # v3, newer but not approved
    page = sam.get("/p/film/asset/chars/hero").text
    assert shown_version(page) == "v1"  # the approved one, though v2 and v3 are newer
    assert "The approved version, shown by default." in page
    listed = re.findall(r'<li data-version-id="\d+"[^>]*>\s*<a href="\?v=(\d+)".*?</li>', page, re.S)
    assert listed == ["3", "2", "1"]
    [marked] = re.findall(r'href="\?v=(\d+)" data-nav="version">v\d+</a>\s*<span class="status status-(\w+)"[^>]*>'
                          r'\w+</span>\s*<span class="approved-mark" data-testid="approved-in-list">', page)
    assert marked == ("1", "approved")

    other = sam.get("/p/film/asset/chars/hero?v=3").text  # any other version points to the approved one
    assert shown_version(other) == "v3"
    assert "Not the approved version: v1 is." in other and 'href="?v=1" data-testid="show-approved"' in other


def test_processing_states_show_with_their_errors(web, api, team, runner):  # noqa: F811
    tokens, _ = team
    version = publish_files(api.as_user(tokens["ana"]), "broken", "mov", {"broken.mov": b"no movie" * 200})
    page = web("sam").get("/p/film/asset/broken").text
    assert re.search(r'data-state="pending" data-representation="mov">\s*<strong>mov</strong>: review media '
                     r'waiting to be made', page)
    run_jobs(runner, 1)
    page = web("sam").get("/p/film/asset/broken").text
    assert re.search(r'data-state="failed" data-representation="mov">\s*<strong>mov</strong>: review media '
                     r'failed — <span class="error" data-testid="processing-error">[^<]*corrupt', page)
    area = web("sam").get(f"/p/film/v/{version['id']}/previews").text  # the live refresh carries it too
    assert 'data-testid="processing-error"' in area
    assert 'data-testid="retry"' not in page and 'data-testid="retry"' not in area  # a supervisor: no button


def test_retry_is_for_admins_and_a_forged_one_is_refused(web, api, team, runner):  # noqa: F811
    tokens, _ = team
    version = publish_files(api.as_user(tokens["ana"]), "broken", "mov", {"broken.mov": b"no movie" * 200})
    run_jobs(runner, 1)
    failed = states(api, version["id"])
    assert [s[:2] for s in failed] == [("mov", "failed")]
    retry = f"/p/film/v/{version['id']}/previews/retry"
    for user in ("sam", "ana", "vic"):  # supervisor, artist, viewer: each with a valid CSRF token
        refused = web(user).post(retry)
        assert refused.status_code == 403 and "needs role admin" in refused.text, user
    assert web("olga").post(retry).status_code == 404  # not even a member
    admin = web("admin")
    assert admin.post(retry, csrf=False).status_code == 403  # no token, no retry
    assert admin.post(retry, {"csrf": "forged"}, csrf=False).status_code == 403
    assert states(api, version["id"]) == failed  # nothing changed by any of them

    page = admin.get("/p/film/asset/broken").text
    assert f'action="/p/film/v/{version["id"]}/previews/retry"' in page  # the admin sees the button
    done = admin.post(retry)
    assert done.status_code == 303 and done.headers["location"] == "/p/film/asset/broken?v=1#previews"
    assert [s[:2] for s in states(api, version["id"])] == [("mov", "pending")]
    assert 'data-state="pending" data-representation="mov"' in admin.get("/p/film/asset/broken").text


def test_compare_with_any_version_of_the_project_by_reference(api, web, team):
    tokens, _ = team
    ana = api.as_user(tokens["ana"])
    ana.publish("film", "hero", "chars", kind="model", status="review")
    ana.publish("film", "villain", "chars", kind="model", status="review")
    approved = ana.publish("film", "villain", "chars", kind="model", status="review")
    sam = web("sam")
    assert sam.post(f"/p/film/v/{approved['id']}/review", {"decision": "approve"}).status_code == 303
    page = sam.get("/p/film/asset/chars/hero")
    assert '<option value="brickyard://film/chars/villain?version=latest">' in page.text  # offered to pick
    for ref, label in (("brickyard://film/chars/villain?version=1", "chars/villain v1"),
                       ("brickyard://film/chars/villain?version=approved", "chars/villain v2"),
                       ("brickyard://film/chars/villain", "chars/villain v2")):
        shown = sam.get("/p/film/asset/chars/hero", params={"compare": "", "other": ref, "mode": "overlay"})
        assert shown.status_code == 200, ref
        assert f"<h3>B · {label}</h3>" in shown.text and 'data-mode="overlay"' in shown.text, ref

    other_project = "brickyard://other/docs/secret_plan?version=1"  # sam is no member there: never shown
    refused = sam.get("/p/film/asset/chars/hero", params={"other": other_project})
    assert refused.status_code == 422 and "compare within project 'film'" in html.unescape(refused.text)
    assert "secret_plan" not in refused.text.replace(other_project, "")
    for bad, status, words in (("not a reference", 422, "must start with brickyard://"),
                               ("brickyard://film/chars/nobody?version=1", 404, "nothing to compare with"),
                               ("brickyard://film/chars/villain?version=9", 404, "no version 9"),
                               ("brickyard://film/chars/hero?version=approved", 404, "no approved version")):
        answer = sam.get("/p/film/asset/chars/hero", params={"other": bad})
        assert answer.status_code == status and words in html.unescape(answer.text), bad


def test_an_earlier_approval_points_to_the_latest_approved(api, web, team):
    tokens, _ = team
    ana = api.as_user(tokens["ana"])
    sam = web("sam")
    for _ in range(2):
        version = ana.publish("film", "prop", "props", kind="model", status="review")
        assert sam.post(f"/p/film/v/{version['id']}/review", {"decision": "approve"}).status_code == 303
    assert shown_version(sam.get("/p/film/asset/props/prop").text) == "v2"  # the latest of the approved
    earlier = sam.get("/p/film/asset/props/prop?v=1").text
    assert "An earlier approval: v2 is the approved version now." in earlier
    assert earlier.count('data-testid="approved-in-list"') == 1
