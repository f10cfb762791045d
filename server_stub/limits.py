"""Request body limit for everything but blob uploads (which stream, with their own limit)."""

from __future__ import annotations

import json
import re

from brickyard.core.errors import PayloadTooLarge

_BLOB_PUT = re.compile(r"^/api/v1/blobs/[^/]+$")
_BLOB_POST = "/api/v1/blobs"  # a one-pass upload streams too


class BodySizeLimit:
    """ASGI middleware: 413 when Content-Length exceeds the limit, or when a body without one does."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or (scope["method"] == "PUT" and _BLOB_PUT.match(scope["path"])) \
                or (scope["method"] == "POST" and scope["path"] == _BLOB_POST):
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
