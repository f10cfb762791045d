"""A download whose stream breaks part-way asks for the rest (Range) and keeps what it had; a server that
ignores Range sends it all again; either way the cache gets the exact blob and no temp file is left."""

from __future__ import annotations

import hashlib
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from brickyard.core.api_session import ApiSession
from brickyard.core.cache import BlobCache
from brickyard.core.downloading import fetch_into_cache
from brickyard.core.errors import ServerUnavailable

DATA = os.urandom(3 * 1024 * 1024 + 123)
SHA = hashlib.sha256(DATA).hexdigest()


class FlakyBlobs(BaseHTTPRequestHandler):
    """Serves DATA; the first ``breaks`` responses stop after ``cut`` bytes and drop the connection."""

    protocol_version = "HTTP/1.1"
    breaks, cut, honour_range = 1, 1024 * 1024 + 7, True
    seen: list[str | None] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        asked = self.headers.get("Range")
        type(self).seen.append(asked)
        start = int(asked.removeprefix("bytes=").rstrip("-")) if asked and self.honour_range else 0
        body = DATA[start:]
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(DATA) - 1}/{len(DATA)}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if type(self).breaks > 0:
            type(self).breaks -= 1
            self.wfile.write(body[: self.cut])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)  # the network went away mid-blob
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky():
    FlakyBlobs.breaks, FlakyBlobs.honour_range, FlakyBlobs.seen = 1, True, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FlakyBlobs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FlakyBlobs, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def api(url: str, retries: int = 3) -> ApiSession:
    session = ApiSession(url, token="t", retries=retries)
    return session


def test_a_broken_stream_resumes_from_the_bytes_it_has(flaky, tmp_path):
    handler, url = flaky
    cache = BlobCache(tmp_path / "cache")
    progress: list[int] = []
    path = fetch_into_cache(api(url), cache, SHA, len(DATA), progress.append)
    assert path.read_bytes() == DATA
    first, rest = handler.seen
    offset = int(rest.removeprefix("bytes=").rstrip("-"))
    assert first is None and 0 < offset <= handler.cut  # the rest (from the last whole block it kept)
    assert progress[-1] == len(DATA) and progress == sorted(progress)
    assert [p.name for p in path.parent.iterdir()] == [SHA]  # no temp file beside it


def test_a_server_that_ignores_range_sends_it_all_again(flaky, tmp_path):
    handler, url = flaky
    handler.honour_range = False
    path = fetch_into_cache(api(url), BlobCache(tmp_path / "cache"), SHA, len(DATA))
    assert path.read_bytes() == DATA
    assert len(handler.seen) == 2 and handler.seen[1].startswith("bytes=")


def test_a_stream_that_keeps_breaking_gives_up_and_leaves_nothing(flaky, tmp_path):
    handler, url = flaky
    handler.breaks = 99
    cache = BlobCache(tmp_path / "cache")
    with pytest.raises(ServerUnavailable, match="could not be reached"):
        fetch_into_cache(api(url, retries=1), cache, SHA, len(DATA))
    assert not cache.has(SHA, len(DATA))
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []
