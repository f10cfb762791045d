"""Write requests in flight hold the embedded preview workers back (``server_stub/foreground.py``)."""

from __future__ import annotations

import threading
import time

import pytest
from brickyard.server.foreground import Foreground, ForegroundRequests

from tests.support.asyncio_thread import run_async


def test_a_quiet_server_lets_a_worker_go_at_once():
    foreground = Foreground(quiet_seconds=5, longest_wait=30)
    assert foreground.busy_for() == 0
    assert foreground.wait_until_quiet() < 1  # nothing ever ran: no quiet period to wait out


def test_a_worker_waits_for_the_request_in_flight_and_then_the_quiet_period():
    foreground = Foreground(quiet_seconds=0.2, longest_wait=30)
    foreground.begin()
    ended: list[float] = []

    def end() -> None:
        ended.append(time.monotonic())  # read just before the end is recorded: never after it
        foreground.end()

    threading.Timer(0.3, end).start()
    foreground.wait_until_quiet()
    # Timed from the request's end, not from the wait's start (the timer starts a moment before the wait).
    assert ended and time.monotonic() - ended[0] >= 0.2
    assert foreground.busy_for() == 0


def test_two_requests_in_flight_hold_it_until_both_end():
    foreground = Foreground(quiet_seconds=0.5, longest_wait=30)  # long enough for a busy CI machine
    foreground.begin()
    foreground.begin()
    foreground.end()
    assert foreground.busy_for() == 0.5  # one still runs: busy however long ago the other ended
    time.sleep(0.6)
    assert foreground.busy_for() == 0.5
    foreground.end()
    assert 0 < foreground.busy_for() <= 0.5


def test_a_server_that_never_goes_quiet_still_lets_a_worker_go_after_the_longest_wait():
    foreground = Foreground(quiet_seconds=0.05, longest_wait=0.3)
    foreground.begin()
    assert 0.3 <= foreground.wait_until_quiet() < 10


def test_a_stopping_worker_stops_waiting():
    foreground = Foreground(quiet_seconds=0.05, longest_wait=60)
    foreground.begin()
    stop = threading.Event()
    threading.Timer(0.1, stop.set).start()
    assert foreground.wait_until_quiet(stop) < 30


def _run(middleware: ForegroundRequests, method: str, path: str) -> None:
    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        pass

    run_async(middleware({"type": "http", "method": method, "path": path}, receive, send))


SHA = "ab" * 32


@pytest.mark.parametrize(("method", "path", "counted"), [
    ("PUT", f"/api/v1/blobs/{SHA}", True),  # a blob's upload
    ("POST", "/api/v1/blobs", True),
    ("POST", "/api/v1/blobs/bundle", True),  # an ingest's bytes
    ("POST", "/api/v1/blobs/uploads", True),  # presigned uploads: started, parts signed, completed
    ("POST", "/api/v1/blobs/uploads/parts", True),
    ("POST", "/api/v1/blobs/uploads/complete", True),
    ("POST", "/api/v1/projects/film/versions", True),  # a version's create
    ("POST", "/api/v1/projects/film/versions/bulk", True),
    ("POST", "/api/v1/blobs/missing", False),  # lookups sent as POST are reads
    ("POST", "/api/v1/resolve", False),
    ("POST", "/api/v1/projects/film/hashes", False),
    ("POST", "/api/v1/versions/7/status", False),  # reviews, comments, admin: small, never held back for
    ("POST", "/api/v1/projects", False),
    ("GET", f"/api/v1/blobs/{SHA}", False),  # a download
    ("GET", "/api/v1/projects/film/versions", False),
    ("POST", "/web/film/versions", False),  # only under the API's prefix
])
def test_the_requests_a_publish_is_made_of_count_while_they_run(method, path, counted):
    foreground = Foreground(quiet_seconds=60, longest_wait=60)
    during = []

    async def app(scope, receive, send):
        during.append(foreground.busy_for())

    _run(ForegroundRequests(app, foreground, prefix="/api/v1"), method, path)
    assert during == [60 if counted else 0]
    assert (foreground.busy_for() > 59) is counted  # ended: the quiet period runs from its end


def test_a_request_that_fails_still_ends():
    foreground = Foreground(quiet_seconds=0.01, longest_wait=60)

    async def app(scope, receive, send):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        _run(ForegroundRequests(app, foreground, prefix="/api/v1"), "PUT", f"/api/v1/blobs/{SHA}")
    time.sleep(0.02)
    assert foreground.busy_for() == 0


def test_the_server_counts_its_own_publishes_not_a_client_polling_for_its_previews(app, api):
    """The real app's middleware: an upload holds the preview workers back; resolving a reference does not."""
    foreground = app.state.foreground
    api.project("film")
    assert foreground.busy_for() == 0
    api.blob(b"bytes of a plate")
    assert foreground.busy_for() > 0
    time.sleep(foreground.quiet_seconds)
    api.ok("POST", "/resolve", json={"references": ["brickyard://film/nothing"]})
    assert foreground.busy_for() == 0
