"""Streaming a stored blob with HTTP Range support: one way for the API's blobs and previews and the
web's media (a browser's <video> seeks with Range requests)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from brickyard.core.errors import BrickyardError
from fastapi import Request
from fastapi.responses import StreamingResponse

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, end) inclusive, None for the whole blob; raises 416 when nothing of it can be sent."""
    match = _RANGE.match(header.strip()) if header else None
    if not match or match.groups() == ("", ""):
        return None  # absent, multi-range or malformed: RFC 9110 lets us send it all
    first, last = match.groups()
    if first == "":
        start, end = max(size - int(last), 0), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        raise BrickyardError(f"range {header!r} is outside the blob's {size} bytes",
                             code="range_not_satisfiable", status=416, detail={"size": size})
    return start, end


def ranged_response(request: Request, store, sha256: str, size: int, media_type: str,
                    headers: Mapping[str, str]) -> StreamingResponse:
    """The blob's bytes, or the one range the request asks for (206), with ``headers`` added."""
    span = parse_range(request.headers.get("range"), size)
    start, end = span or (0, size - 1)
    sent = {"Accept-Ranges": "bytes", "ETag": f'"{sha256}"', **headers,
            "Content-Length": str(end - start + 1 if size else 0)}
    if span:
        sent["Content-Range"] = f"bytes {start}-{end}/{size}"
    body = store.iter_range(sha256, start, end) if size else iter(())
    return StreamingResponse(body, status_code=206 if span else 200, headers=sent, media_type=media_type)
