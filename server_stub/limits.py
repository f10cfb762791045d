"""Limits on every request before a route sees it: the body's size (except blob uploads, which stream
with their own limit) and control characters in the URL."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

from brickyard.core.errors import InvalidInput, PayloadTooLarge
from brickyard.core.limits import control_characters

_BLOB_PUT = re.compile(r"^/api/v1/blobs/[^/]+$")
_BLOB_BUNDLE = "/api/v1/blobs/bundle"  # streamed like a blob, with the blob limit
_BLOB_POST = "/api/v1/blobs"  # a one-pass upload streams too


class BodySizeLimit:
    """ASGI middleware: 413 when Content-Length exceeds the limit, or when a body without one does."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or (scope["method"] == "PUT" and _BLOB_PUT.match(scope["path"])) \
                or (scope["method"] == "POST" and scope["path"] in (_BLOB_POST, _BLOB_BUNDLE)):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            return await self._refuse(send, int(length))
        seen, exceeded = 0, False

        async def counted_receive():
            nonlocal seen, exceeded
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                exceeded = True
                raise self._error(seen)
            return message

        async def guarded_send(message):
            # FastAPI turns any error while reading a body into its own 400; answer our 413 instead.
            if not exceeded:
                await send(message)
            elif message["type"] == "http.response.start":
                await self._refuse(send, seen)

        return await self.app(scope, counted_receive, guarded_send)

    def _error(self, size: int) -> PayloadTooLarge:
        return PayloadTooLarge(f"the request body ({size} bytes) is larger than this server accepts "
                               f"({self.max_bytes} bytes); send fewer items per request",
                               detail={"size": size, "limit": self.max_bytes})

    async def _refuse(self, send, size: int) -> None:
        body = json.dumps(self._error(size).to_body()).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class SafeUrl:
    """ASGI middleware: 422 for a path or query holding control characters (NUL, newline, escape …).

    No name, code or filter may hold one, and PostgreSQL refuses NUL outright: refusing them here, once,
    keeps every route (today's and tomorrow's) from passing one to the database.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            query = unquote(scope.get("query_string", b"").decode("latin-1").replace("+", " "))
            bad = control_characters(scope["path"] + query)
            if bad:
                error = InvalidInput(f"the URL holds control characters ({', '.join(bad)}); no name, code or "
                                     "filter may contain one", detail={"found": bad})
                body = json.dumps(error.to_body()).encode()
                await send({"type": "http.response.start", "status": error.status,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
