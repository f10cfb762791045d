"""Authentication, users and tokens."""

from __future__ import annotations

from tests.server.factories import auth, error_of


def test_missing_wrong_and_revoked_tokens_answer_401_json(api, client):
    missing = client.get("/api/v1/me")
    assert missing.status_code == 401
    assert error_of(missing)["code"] == "unauthenticated"
    assert "Authorization: Bearer" in error_of(missing)["message"]
    assert missing.headers["www-authenticate"] == "Bearer"

    wrong = client.get("/api/v1/me", headers=auth("byt_not-a-token"))
    assert wrong.status_code == 401 and "not known" in error_of(wrong)["message"]

    token = api.user("ana")
    created = api.ok("POST", "/users/ana/tokens", 201)
    assert api.as_user(token).ok("GET", "/me")["name"] == "ana"
    api.ok("DELETE", f"/tokens/{created['id']}", 204)
    revoked = client.get("/api/v1/me", headers=auth(created["token"]))
    assert revoked.status_code == 401 and "revoked" in error_of(revoked)["message"]
    assert client.get("/api/v1/me", headers=auth(token)).status_code == 200  # other tokens still work


def test_me_and_bootstrap_admin(api):
    me = api.ok("GET", "/me")
    assert me["name"] == "admin" and me["is_admin"] is True


def test_only_server_admin_creates_users_and_names_are_unique(api):
    token = api.user("ana")
    assert api.as_user(token).ok("GET", "/me") == {"id": 2, "name": "ana", "is_admin": False}
    refused = api.as_user(token).post("/users", json={"name": "bob"})
    assert refused.status_code == 403 and error_of(refused)["code"] == "permission_denied"
    duplicate = api.post("/users", json={"name": "ana"})
    assert duplicate.status_code == 409 and error_of(duplicate)["code"] == "conflict"
    bad = api.post("/users", json={"name": "a b/c"})
    assert bad.status_code == 422 and error_of(bad)["code"] == "invalid_input"


def test_tokens_are_created_by_self_or_admin_and_revoked_only_by_owner(api):
    ana, bob = api.user("ana"), api.user("bob")
    own = api.as_user(ana).ok("POST", "/users/ana/tokens", 201)
    assert own["token"].startswith("byt_") and own["token"] != ana
    assert api.as_user(ana).post("/users/bob/tokens").status_code == 403
    assert api.post("/users/nobody/tokens").status_code == 404
    # bob cannot revoke (nor learn about) ana's token
    assert api.as_user(bob).call("DELETE", f"/tokens/{own['id']}").status_code == 404
    assert api.as_user(own["token"]).ok("GET", "/me")["name"] == "ana"
    api.as_user(ana).ok("DELETE", f"/tokens/{own['id']}", 204)
    assert api.as_user(own["token"]).get("/me").status_code == 401


def test_tokens_are_stored_hashed(api, app):
    from brickyard.server.tables import Token
    from sqlalchemy import select

    token = api.user("ana")
    with app.state.sessions() as db:
        stored = db.scalars(select(Token.token_sha256)).all()
    assert token not in stored
    assert all(len(h) == 64 for h in stored)
