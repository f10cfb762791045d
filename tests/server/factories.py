"""Helpers that build test data through the HTTP API (works with TestClient and requests alike)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import requests

API = "/api/v1"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Api:
    """Calls as one user; ``as_user(token)`` gives the same helpers for another."""

    def __init__(self, client: Any, token: str, base: str = ""):
        self.client, self.token, self.base = client, token, base

    def as_user(self, token: str) -> Api:
        return Api(self.client, token, self.base)

    def call(self, method: str, path: str, **kwargs):
        headers = {**auth(self.token), **kwargs.pop("headers", {})}
        if isinstance(self.client, requests.Session) and "content" in kwargs:
            kwargs["data"] = kwargs.pop("content")  # requests' name for a raw body
        url = self.base + (path if path.startswith("/health") else API + path)
        return self.client.request(method, url, headers=headers, **kwargs)

    def get(self, path: str, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.call("POST", path, **kwargs)

    def put(self, path: str, **kwargs):
        return self.call("PUT", path, **kwargs)

    def ok(self, method: str, path: str, expect: int = 200, **kwargs) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == expect, (response.status_code, response.text)
        return response.json() if response.content else None

    # --- data ------------------------------------------------------------------------------------

    def user(self, name: str) -> str:
        """Create a user (as server admin) and return their token."""
        return self.ok("POST", "/users", 201, json={"name": name})["token"]

    def project(self, code: str = "film", **body) -> dict:
        return self.ok("POST", "/projects", 201, json={"code": code, **body})

    def member(self, code: str, user: str, role: str) -> dict:
        return self.ok("PUT", f"/projects/{code}/members", json={"user": user, "role": role})

    def member_token(self, code: str, name: str, role: str) -> str:
        token = self.user(name)
        self.member(code, name, role)
        return token

    def blob(self, data: bytes) -> dict:
        """Upload bytes; the FileEntry-shaped dict for a manifest (without path)."""
        digest = sha(data)
        response = self.put(f"/blobs/{digest}", content=data)
        assert response.status_code in (200, 201), response.text
        return {"sha256": digest, "size": len(data)}

    def manifest(self, asset: str, folder: str = "", kind: str = "model", data: bytes | None = None,
                 **fields) -> dict:
        data = data if data is not None else f"{folder}/{asset}/{uuid.uuid4()}".encode()
        file = {"path": f"{asset}.glb", **self.blob(data)}
        return {"folder": folder, "asset": asset, "kind": kind,
                "representations": [{"name": "glb", "files": [file]}], **fields}

    def publish(self, code: str, asset: str, folder: str = "", expect: int = 201, key: str | None = None,
                **fields) -> dict:
        headers = {"Idempotency-Key": key} if key else {}
        return self.ok("POST", f"/projects/{code}/versions", expect, headers=headers,
                       json=self.manifest(asset, folder, **fields))

    def set_status(self, version_id: int, status: str, expect: int = 200, comment: str = "") -> dict:
        return self.ok("POST", f"/versions/{version_id}/status", expect,
                       json={"status": status, "comment": comment})


def error_of(response) -> dict:
    """The ``error`` of a JSON error body, asserting the shape on the way."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message", "detail"} <= set(body["error"]), body
    return body["error"]
