"""Sign-in makes a server-side session in an HttpOnly, SameSite cookie; it ends with sign-out, expiry or the
token's revocation, and the token itself never appears in a page, a URL or the log."""

from __future__ import annotations

import logging
from datetime import timedelta

from brickyard.server.security import hash_token
from brickyard.server.tables import Token, utcnow
from brickyard.server.tables import WebSession as SessionRow
from sqlalchemy import select, update

from tests.server.web.conftest import WebSession


def test_pages_send_a_visitor_to_sign_in(web):
    visitor = web(None)
    response = visitor.get("/p/film/asset/looks/warm_grade?v=1")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=%2Fp%2Ffilm%2Fasset%2Flooks%2Fwarm_grade")


def test_sign_in_sets_a_strict_cookie_and_never_echoes_the_token(app, team, caplog):
    tokens, _ = team
    caplog.set_level(logging.DEBUG)
    session = WebSession(app, None)
    page = session.get("/signin")
    response = session.sign_in(tokens["sam"])
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http here
    assert tokens["sam"] not in cookie and tokens["sam"] not in page.text
    for path in ("/?all", "/p/film", "/p/film/asset/looks/warm_grade", "/p/film/activity"):
        shown = session.get(path)
        assert shown.status_code == 200, (path, shown.text[:300])
        assert tokens["sam"] not in shown.text
    assert tokens["sam"] not in caplog.text


def test_cookie_is_secure_over_https(app, team):
    tokens, _ = team
    session = WebSession(app, None, base_url="https://testserver")
    response = session.sign_in(tokens["sam"])
    assert "Secure" in response.headers["set-cookie"]


def test_a_wrong_token_or_a_forged_sign_in_opens_nothing(app, team):
    tokens, _ = team
    session = WebSession(app, None)
    response = session.sign_in("byt_wrong")
    assert response.status_code == 401 and "not known" in response.text
    assert "brickyard_session" not in response.headers.get("set-cookie", "")
    # a sign-in posted from elsewhere lacks the form's secret (its cookie is SameSite=Strict)
    forged = WebSession(app, None).http.post("/signin", data={"token": tokens["sam"], "signin_secret": "x"})
    assert forged.status_code == 403 and "brickyard_session" not in forged.headers.get("set-cookie", "")


def test_sign_out_ends_the_session_server_side(web):
    sam = web("sam")
    stolen = dict(sam.http.cookies)
    assert sam.post("/signout").status_code == 303
    replay = WebSession.__new__(WebSession)
    replay.http = type(sam.http)(sam.http.app, follow_redirects=False, cookies=stolen)
    assert replay.http.get("/p/film").status_code == 303  # the old cookie is dead on the server


def test_sign_out_needs_the_csrf_token(web):
    sam = web("sam")
    assert sam.post("/signout", csrf=False).status_code == 403
    assert sam.get("/p/film").status_code == 200


def test_revoking_the_token_ends_its_sessions(app, api, web, team):
    tokens, _ = team
    sam = web("sam")
    assert sam.get("/p/film").status_code == 200
    with app.state.sessions() as db:
        token_id = db.scalar(select(Token.id).where(Token.token_sha256 == hash_token(tokens["sam"])))
    api.ok("DELETE", f"/tokens/{token_id}", 204)
    response = sam.get("/p/film")
    assert response.status_code == 303 and "revoked" in response.headers["location"]


def test_sessions_expire(app, web):
    sam = web("sam")
    with app.state.sessions() as db:
        db.execute(update(SessionRow).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.commit()
    response = sam.get("/p/film")
    assert response.status_code == 303 and "expired" in response.headers["location"]
