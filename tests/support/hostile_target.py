"""A real server primed for the hostile-input corpus, one per database for a whole test module."""

from __future__ import annotations

import hashlib
from contextlib import ExitStack

import pytest
import requests
from brickyard.server import tables
from sqlalchemy import create_engine, func, select

from tests.conftest import postgres_skip_reason
from tests.support.postgres import fresh_database
from tests.support.server import ServerProcess

API = "/api/v1"
COUNTED = [tables.User, tables.Token, tables.Project, tables.Membership, tables.Asset, tables.Version,
           tables.Representation, tables.File, tables.Blob, tables.IdempotencyKey, tables.Event]


class Target:
    """A running server with project ``film`` (ana artist, vic viewer, sam supervisor), version 1 of
    ``hero`` published, and project ``tpl`` whose template renders ``..`` for a root-folder asset."""

    def __init__(self, server: ServerProcess, database_url: str):
        self.server, self.url = server, server.url + API
        self.engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
        self.tokens = {"admin": server.admin_token, "": "", "bogus": "not-a-token"}
        self.session = requests.Session()
        admin = self.tokens["admin"]
        self.call("POST", "/projects", admin, json={"code": "film"}).raise_for_status()
        self.call("POST", "/projects", admin, json={"code": "tpl", "naming": {
            "file_template": "{folder:.<2}/{asset}_v{version:03d}.{ext}"}}).raise_for_status()
        for name, role in (("ana", "artist"), ("vic", "viewer"), ("sam", "supervisor")):
            self.tokens[name] = self.call("POST", "/users", admin, json={"name": name}).json()["token"]
            self.call("PUT", "/projects/film/members", admin, json={"user": name, "role": role}).raise_for_status()
        data = b"the hero's bytes"
        digest = hashlib.sha256(data).hexdigest()
        self.call("PUT", f"/blobs/{digest}", self.tokens["ana"], data=data).raise_for_status()
        self.manifest = {"folder": "", "asset": "hero", "kind": "model", "representations": [
            {"name": "glb", "files": [{"path": "hero.glb", "size": len(data), "sha256": digest}]}]}
        self.call("POST", "/projects/film/versions", self.tokens["ana"], json=self.manifest).raise_for_status()

    def call(self, method: str, path: str, token: str, **kwargs) -> requests.Response:
        # Raw UTF-8 bytes for a header http.client cannot say in latin-1 (a hostile client can).
        headers = {k: v.strip().encode() for k, v in kwargs.pop("headers", {}).items()}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.session.request(method, self.url + path, headers=headers, timeout=60, **kwargs)

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t.__tablename__: conn.scalar(select(func.count()).select_from(t)) for t in COUNTED}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def hostile_target(request, tmp_path_factory):
    with ExitStack() as stack:
        root = tmp_path_factory.mktemp(f"hostile-{request.param}")
        if request.param == "sqlite":
            url = f"sqlite:///{root / 'brickyard.db'}"
        else:
            reason = postgres_skip_reason()
            if reason:
                pytest.skip(reason)
            url = stack.enter_context(fresh_database())
        server = ServerProcess(root / "data", database_url=url).start()
        stack.callback(server.stop)
        target = Target(server, url)
        stack.callback(target.engine.dispose)
        yield target
