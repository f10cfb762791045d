"""Memory stays flat in file size: hashing and uploading 200 MiB must not grow the process by 50 MiB."""

from __future__ import annotations

import gc
import os
import threading
import time

import psutil
import pytest
from brickyard.core.client import Client

MiB = 1024 * 1024


def sparse_ish_file(path, size=200 * MiB):
    """Mostly holes (cheap on disk), with random 64 KiB islands so the content is not trivially uniform."""
    with open(path, "wb") as stream:
        stream.truncate(size)
        for offset in range(0, size, 8 * MiB):
            stream.seek(offset)
            stream.write(os.urandom(64 * 1024))
    return path


class PeakRss:
    """Samples this process's RSS in a thread: the peak is what matters, not the value at the end."""

    def __init__(self):
        self.process = psutil.Process()
        self.peak = self.start = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.005)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth(self):
        return self.peak - self.start


@pytest.mark.slow
def test_publishing_a_200_mib_file_keeps_memory_flat(sqlite_server, tmp_path):
    big = sparse_ish_file(tmp_path / "plate.raw")
    with Client(sqlite_server.url, sqlite_server.admin_token, cache_dir=tmp_path / "cache",
                library=tmp_path / "library") as admin:
        admin.create_project("film")
        uploaded = []
        gc.collect()
        with PeakRss() as rss:
            version = admin.publish("film", "plate", "video", [big], progress=uploaded.append)
        assert version.representations[0].files[0].size == 200 * MiB
        assert [e for e in uploaded if e.phase == "upload"][-1].done == 200 * MiB  # it really was sent
        assert rss.growth < 50 * MiB, f"RSS grew by {rss.growth / MiB:.0f} MiB while publishing 200 MiB"

        gc.collect()
        with PeakRss() as rss:
            [path] = admin.download(version.reference)
        assert path.stat().st_size == 200 * MiB
        assert rss.growth < 50 * MiB, f"RSS grew by {rss.growth / MiB:.0f} MiB while downloading 200 MiB"
