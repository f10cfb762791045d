"""``POST /blobs/bundle`` on the wire: many blobs in one body, their bytes cut across the network's reads
at arbitrary places; every blob kept whole and verified, or none of the bundle."""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import struct
import threading

import pytest
import requests

from tests.support.asyncio_thread import run_async


class OddChunks:
    """A bundle body sent in chunks of awkward sizes (``len`` makes ``requests`` send a Content-Length)."""

    def __init__(self, blobs: list[tuple[str, bytes]], seed: int = 7):
        manifest = json.dumps({"blobs": [[sha, len(data)] for sha, data in blobs]}).encode()
        self.body = struct.pack("<Q", len(manifest)) + manifest + b"".join(data for _, data in blobs)
        self.sizes = random.Random(seed)

    def __len__(self) -> int:
        return len(self.body)

    def __iter__(self):
        at = 0
        while at < len(self.body):
            step = self.sizes.choice([1, 7, 4095, 65_537, 300_001])
            yield self.body[at:at + step]
            at += step


def send(server, blobs: list[tuple[str, bytes]]) -> requests.Response:
    return requests.post(server.url + "/api/v1/blobs/bundle", data=OddChunks(blobs), timeout=60,
                         headers={"Authorization": f"Bearer {server.admin_token}",
                                  "Content-Type": "application/octet-stream"})


def missing(server, hashes: list[str]) -> set[str]:
    answer = requests.post(server.url + "/api/v1/blobs/missing", json={"sha256": hashes}, timeout=30,
                           headers={"Authorization": f"Bearer {server.admin_token}"})
    answer.raise_for_status()
    return set(answer.json()["missing"])


def test_blobs_cut_anywhere_by_the_network_are_stored_whole(sqlite_server):
    rng = random.Random(3)
    sizes = [0, 1, 2, 65_535, 65_536, 65_537, 199_999] + [rng.randrange(1, 300_000) for _ in range(150)]
    sizes.append(6 * 1024 * 1024)  # larger than a write block: streamed on its own
    blobs = [(hashlib.sha256(data).hexdigest(), data) for data in (rng.randbytes(n) for n in sizes)]
    answer = send(sqlite_server, blobs)
    assert answer.status_code == 200, sqlite_server.log()[-2500:]
    assert answer.json()["stored"] == len(blobs)
    assert missing(sqlite_server, [sha for sha, _ in blobs]) == set()
    for sha, data in rng.sample(blobs, 25) + blobs[:7]:
        stored = sqlite_server.data_dir / "blobs" / sha[:2] / sha
        assert stored.read_bytes() == data


def test_one_blob_that_does_not_match_its_hash_keeps_none_of_the_bundle(sqlite_server):
    rng = random.Random(5)
    blobs = [(hashlib.sha256(data).hexdigest(), data) for data in (rng.randbytes(90_000) for _ in range(40))]
    sha, data = blobs[17]
    blobs[17] = (sha, data[:-1] + bytes([data[-1] ^ 1]))  # one bit flipped in transit
    answer = send(sqlite_server, blobs)
    assert 400 <= answer.status_code < 500 and sha in answer.text
    assert missing(sqlite_server, [s for s, _ in blobs]) == {s for s, _ in blobs}
    assert list((sqlite_server.data_dir / "blobs" / "tmp").rglob("*.part")) == []


def test_a_write_group_of_many_small_blobs_is_hashed_beside_its_writes_one_file_open_at_a_time(tmp_path):
    """Thousands of tiny blobs fit one write group: a file per blob open at once would run out of descriptors."""
    from brickyard.server.blobs import LocalBlobStore
    from brickyard.server.routes.blob_bundles import _write_small

    rng = random.Random(11)
    datas = [rng.randbytes(rng.randrange(0, 700)) for _ in range(3000)]
    group = [(hashlib.sha256(data).hexdigest(), len(data)) for data in datas]
    joined = b"".join(datas)
    cuts = sorted(rng.sample(range(1, len(joined)), 40))
    pieces = [memoryview(joined[a:b]) for a, b in zip([0, *cuts], [*cuts, len(joined)])]  # as the network cut it
    store = LocalBlobStore(tmp_path / "blobs")
    store.prepare()
    opened: list = []
    begin_put = store.begin_put

    def one_at_a_time(sha256, size):
        assert all(writer.fd is None for writer in opened)
        opened.append(begin_put(sha256, size))
        return opened[-1]

    store.begin_put = one_at_a_time
    writers: list = []
    _write_small(store, group, pieces, writers)
    assert writers == opened and len(writers) == 3000
    for writer in writers:
        writer.commit(False)  # verifies each hash
    for (sha, _), data in rng.sample(list(zip(group, datas)), 50):
        assert store.path(sha).read_bytes() == data


def test_the_disk_runs_a_few_blocks_behind_the_network_in_order():
    from brickyard.server.routes.blob_bundles import DEPTH, _Behind

    written: list[int] = []
    gate = threading.Event()

    def write(number: int) -> None:
        gate.wait(10)
        written.append(number)

    async def receive() -> None:
        disk = _Behind()
        for number in range(DEPTH):
            await disk.run(write, number)  # accepted at once: the network goes on reading
        more = asyncio.ensure_future(disk.run(write, DEPTH))
        await asyncio.sleep(0.2)
        assert not more.done() and written == []  # one block more waits until the oldest is written
        gate.set()
        await more
        await disk.settle()
        await disk.stop()

    run_async(receive())
    assert written == list(range(DEPTH + 1))


def test_a_failed_block_is_raised_and_stopping_waits_for_the_block_being_written():
    from brickyard.server.routes.blob_bundles import _Behind

    started, release, ended = threading.Event(), threading.Event(), []

    def full_disk() -> None:
        raise OSError(28, "No space left on device")

    def slow() -> None:
        started.set()
        release.wait(10)
        ended.append("slow")

    async def receive() -> None:
        disk = _Behind()
        await disk.run(full_disk)
        with pytest.raises(OSError):
            await disk.settle()
        await disk.run(slow)
        await disk.run(ended.append, "queued")
        await asyncio.to_thread(started.wait, 10)
        threading.Timer(0.2, release.set).start()
        await disk.stop()  # the temp files may go now: nothing writes to them any more
        assert ended == ["slow"]

    run_async(receive())
