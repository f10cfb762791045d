"""The event stream checks access for as long as it lasts: a revoked token or a removed member is cut off."""

from __future__ import annotations

import threading
import time

import pytest
import requests
from brickyard.core.client import Client
from brickyard.core.errors import AuthenticationFailed, NotFound
from brickyard.server.routes.events import ACCESS_RECHECK_SECONDS

from tests.server.factories import auth


def open_stream(url: str, token: str) -> requests.Response:
    response = requests.get(f"{url}/api/v1/events/stream", params={"project": "film"}, headers=auth(token),
                            stream=True, timeout=30)
    assert response.status_code == 200, response.text
    return response


def seconds_until_closed(response: requests.Response, cut_off) -> tuple[float, list[str]]:
    """Read the stream in a thread; call ``cut_off``; the seconds until the server ended the stream."""
    lines: list[str] = []
    closed = threading.Event()

    def read() -> None:
        try:
            for line in response.iter_lines(decode_unicode=True):
                lines.append(line)
        except requests.RequestException:
            pass
        closed.set()

    threading.Thread(target=read, daemon=True).start()
    time.sleep(0.3)
    started = time.monotonic()
    cut_off()
    assert closed.wait(timeout=15), "the stream stayed open after access ended"
    return time.monotonic() - started, lines


@pytest.mark.slow
def test_a_revoked_tokens_stream_closes_within_a_second(studio):
    with Client(studio.url, studio.tokens["vic"]) as vic:
        extra = vic.create_token("vic")
        response = open_stream(studio.url, extra.token)
        elapsed, lines = seconds_until_closed(response, lambda: vic.revoke_token(extra.id))
    assert lines[0].startswith("id: ")  # the position comes with the first bytes
    assert any("access ended (unauthenticated)" in line for line in lines), lines
    # the server rechecks every ACCESS_RECHECK_SECONDS; the slack is for a loaded test machine
    assert elapsed < ACCESS_RECHECK_SECONDS + 0.5 + 1.5, elapsed
    with pytest.raises(AuthenticationFailed), Client(studio.url, extra.token) as revoked:
        next(revoked.stream_events("film"))


@pytest.mark.slow
def test_a_removed_member_stops_receiving_events(studio):
    admin = studio.client("admin")
    response = open_stream(studio.url, studio.tokens["vic"])
    elapsed, lines = seconds_until_closed(response, lambda: admin.remove_member("film", "vic"))
    assert any("access ended (not_found)" in line for line in lines), lines
    assert elapsed < ACCESS_RECHECK_SECONDS + 0.5 + 1.5, elapsed
    with pytest.raises(NotFound), Client(studio.url, studio.tokens["vic"]) as vic:
        next(vic.stream_events("film"))
