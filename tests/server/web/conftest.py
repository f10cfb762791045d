"""Web fixtures: a project with users of every role, and browsers-without-a-browser (TestClients with their
own cookie jars) signed in as each."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient


class WebSession:
    """One browser's view of the web app, signed in through the sign-in form like a person."""

    def __init__(self, app, token: str | None, base_url: str = "http://testserver"):
        self.http = TestClient(app, base_url=base_url, follow_redirects=False)
        self.csrf = ""
        if token:
            self.sign_in(token)

    def sign_in(self, token: str):
        page = self.http.get("/signin")
        secret = re.search(r'name="signin_secret" value="([^"]+)"', page.text).group(1)
        response = self.http.post("/signin", data={"token": token, "signin_secret": secret, "next": "/"})
        if response.status_code == 303:
            home = self.http.get("/?all")
            self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', home.text).group(1)
        return response

    def get(self, path: str, **kwargs):
        return self.http.get(path, **kwargs)

    def post(self, path: str, data: dict | None = None, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf:
            data["csrf"] = self.csrf
        return self.http.post(path, data=data, **kwargs)


@pytest.fixture
def team(api):
    """Project ``film`` (ana artist, sam supervisor, vic viewer) and ``other`` (only olga), each with a version."""
    api.project("film")
    api.project("other")
    tokens = {name: api.member_token("film", name, role)
              for name, role in (("ana", "artist"), ("sam", "supervisor"), ("vic", "viewer"))}
    tokens["olga"] = api.member_token("other", "olga", "artist")
    tokens["admin"] = api.token
    versions = {"film": api.as_user(tokens["ana"]).publish("film", "warm_grade", "looks", kind="lut",
                                                           status="review"),
                "other": api.as_user(tokens["olga"]).publish("other", "secret_plan", "docs", kind="image",
                                                             data=b"\x89PNG only olga's")}
    return tokens, versions


@pytest.fixture
def web(app, team):
    """``web(user)``: a signed-in browser session (``web(None)`` is signed out)."""
    tokens, _ = team
    return lambda user, **kwargs: WebSession(app, tokens[user] if user else None, **kwargs)
