"""The event follower (``Client.stream_events``) across restarts and a long outage: every event exactly once."""

from __future__ import annotations

import threading
import time

import pytest
from brickyard.core.client import Client

OUTAGE_SECONDS = 30.0


class Follower:
    """``stream_events`` in a thread from "now", with no position given: the server's first bytes give it."""

    def __init__(self, url: str, token: str):
        self.client = Client(url, token, timeout=5)
        self.received: list[int] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            for event in self.client.stream_events("film", give_up_after=OUTAGE_SECONDS + 30, max_pause=2.0):
                self.received.append(event.id)
        except BaseException as exc:  # reported by the test
            self.error = exc

    def wait_for(self, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline and self.error is None:
            time.sleep(0.05)


@pytest.mark.slow
def test_the_follower_counts_every_event_once_over_five_restarts_and_a_30_s_outage(sqlite_server, tmp_path):
    server = sqlite_server
    published: list[int] = []
    with Client(server.url, server.admin_token, cache_dir=tmp_path / "cache", retries=8) as admin:
        admin.create_project("film")
        admin.create_user("eve")
        follower = Follower(server.url, server.admin_token)
        time.sleep(1.0)  # connected, and no event yet: the case that used to start again "from now"

        def emit(n: int) -> None:
            for _ in range(n):  # each role change is one event; cheap, no upload
                role = "viewer" if len(published) % 2 else "artist"
                admin.add_member("film", "eve", role)
                published.append(admin.events("film")[-1].id)

        outages = [("kill", 0.0), ("stop", 0.0), ("kill", 1.0), ("stop", 3.0), ("stop", OUTAGE_SECONDS)]
        for i, (how, pause) in enumerate(outages):
            if i:
                emit(2)  # while the stream is up (the first restart comes before any event)
            server.kill() if how == "kill" else server.stop()
            time.sleep(pause)
            server.start()
            emit(3)  # at once: the follower is still waiting to reconnect
        emit(2)
        follower.wait_for(len(published), timeout=OUTAGE_SECONDS)
        time.sleep(1.0)  # anything delivered twice would arrive now
    assert follower.error is None, follower.error
    assert follower.received == published  # all of them, once each, in order
    assert len(published) == 5 * 3 + 4 * 2 + 2
