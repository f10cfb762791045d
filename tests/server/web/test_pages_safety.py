"""Every answer carries the security headers; no page runs inline script; user text is escaped everywhere;
/docs needs nothing from outside the server."""

from __future__ import annotations

import re

from tests.server.web.conftest import WebSession

XSS = ['<script>window.__xss=1</script>', '"><img src=x onerror="window.__xss=1">', "javascript:window.__xss=1",
       "'><svg onload=window.__xss=1>"]


def test_security_headers_everywhere(client, web):
    sam = web("sam")
    for response in (client.get("/signin"), sam.get("/p/film"), client.get("/api/v1/projects"), client.get("/docs")):
        policy = response.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"


def test_no_inline_script_or_handlers_in_pages(web, team):
    sam = web("sam")
    for path in ("/?all", "/p/film", "/p/film?view=list", "/p/film/asset/looks/warm_grade", "/p/film/activity",
                 "/signin", "/docs"):
        html = sam.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script in {path}"
        assert not re.search(r"\son[a-z]+\s*=", html), f"an inline event handler in {path}"


def test_docs_are_offline(client):
    html = client.get("/docs").text
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "the docs page loads something from outside"
    for asset in re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", html):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/openapi.json").json()["info"]["title"] == "Brickyard"


def test_user_text_is_escaped_everywhere(api, web, team):
    tokens, _ = team
    ana = api.as_user(tokens["ana"])
    version = ana.publish("film", "xss_probe", "looks", kind="lora", tags=XSS,
                          metadata={"base_model": XSS[0], "prompt": XSS[1], "link": XSS[2], XSS[3]: "key"},
                          comment=XSS[1])
    sam = web("sam")
    for text in XSS:
        assert sam.post(f"/p/film/v/{version['id']}/comments", {"text": text}).status_code == 303
    pages = [sam.get(p).text for p in ("/p/film", "/p/film?view=list", "/p/film/asset/looks/xss_probe",
                                       "/p/film/activity")]
    for html in pages:
        assert "<script>window.__xss" not in html
        assert "<img src=x" not in html and "<svg onload" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in pages[2]


def test_a_published_html_file_is_never_served_as_a_page(api, web, team):
    tokens, _ = team
    blob = api.as_user(tokens["ana"]).blob(b"<script>alert(1)</script>")  # the publisher uploads it
    manifest = {"folder": "looks", "asset": "page", "kind": "reference",
                "representations": [{"name": "html", "files": [{"path": "page.html", **blob}]}]}
    version = api.as_user(tokens["ana"]).ok("POST", "/projects/film/versions", 201, json=manifest)
    response = web("sam").get(f"/p/film/v/{version['id']}/file/{blob['sha256']}/page.html")
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in response.headers["content-security-policy"]


def test_sign_in_goes_back_only_to_this_server(app, team):
    tokens, _ = team
    session = WebSession(app, None)
    page = session.get("/signin?next=https://evil.example/x").text
    assert 'name="next" value="/"' in page
    page = session.get("/signin?next=//evil.example/x").text
    assert 'name="next" value="/"' in page
