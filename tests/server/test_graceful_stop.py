"""Stopping a server lets uploads in flight finish and ends event streams at once."""

from __future__ import annotations

import hashlib
import re
import signal
import threading
import time

import pytest
import requests

from tests.support.server import ServerProcess

MiB = 1024 * 1024


class SlowBody:
    def __init__(self, data: bytes, halfway: threading.Event):
        self.data, self.halfway = data, halfway

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        for i in range(0, len(self.data), MiB):
            if i == len(self.data) // 2:
                self.halfway.set()
            time.sleep(0.2)  # the second half takes ~4 s: longer than uvicorn's usual few seconds of grace
            yield self.data[i:i + MiB]


@pytest.mark.slow
def test_sigterm_drains_an_upload_in_flight_and_closes_event_streams(tmp_path):
    server = ServerProcess(tmp_path / "data").start()
    token = server.admin_token
    auth = {"Authorization": f"Bearer {token}"}
    requests.post(f"{server.url}/api/v1/projects", json={"code": "film"}, headers=auth, timeout=10)
    stream = requests.get(f"{server.url}/api/v1/events/stream", params={"project": "film"}, headers=auth,
                          stream=True, timeout=30)
    assert stream.status_code == 200
    data = bytes(range(256)) * (40 * MiB // 256)
    digest = hashlib.sha256(data).hexdigest()
    halfway, answers = threading.Event(), []

    def upload():
        answers.append(requests.put(f"{server.url}/api/v1/blobs/{digest}", data=SlowBody(data, halfway),
                                    headers=auth, timeout=60))

    uploader = threading.Thread(target=upload)
    uploader.start()
    assert halfway.wait(30)
    stopped_at = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    uploader.join(60)
    assert answers and answers[0].status_code == 201, answers  # the upload in flight finished
    assert server.proc.wait(timeout=30) == 0
    assert time.monotonic() - stopped_at < 15  # the open event stream did not hold the stop
    assert re.match(rb"id: \d+\n: connected\n\n", b"".join(stream.iter_content(None)))  # and it ended
    stored = tmp_path / "data" / "blobs" / digest[:2] / digest
    assert stored.read_bytes() == data
    server.proc = None
