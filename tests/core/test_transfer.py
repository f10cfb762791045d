import hashlib
import os

import pytest
import requests
from brickyard.core.errors import HashMismatch
from brickyard.core.hashing import BLOCK_SIZE
from brickyard.core.transfer import UploadBody, receive_blob


def test_upload_body_has_a_length_streams_blocks_and_can_be_sent_twice(tmp_path):
    path = tmp_path / "blob"
    data = os.urandom(BLOCK_SIZE * 2 + 17)
    path.write_bytes(data)
    seen = []
    body = UploadBody(path, len(data), seen.append)
    blocks = list(body)
    assert len(body) == len(data)
    assert [len(b) for b in blocks] == [BLOCK_SIZE, BLOCK_SIZE, 17]
    assert b"".join(body) == data  # a retry iterates again from the start
    assert seen[-1] == len(data)


def test_requests_sends_content_length_not_chunked(tmp_path):
    path = tmp_path / "blob"
    path.write_bytes(b"abc" * 1000)
    prepared = requests.Request("PUT", "http://example.invalid/blobs/x",
                                data=UploadBody(path, 3000)).prepare()
    assert prepared.headers["Content-Length"] == "3000"
    assert "Transfer-Encoding" not in prepared.headers


def test_receive_blob_verifies_and_places_read_only(tmp_path):
    data = os.urandom(3 * BLOCK_SIZE // 2)
    sha = hashlib.sha256(data).hexdigest()
    destination = tmp_path / "blobs" / sha[:2] / sha
    chunks = [data[i:i + 4096] for i in range(0, len(data), 4096)]
    progress = []
    receive_blob(chunks, destination, sha256=sha, size=len(data), progress=progress.append)
    assert destination.read_bytes() == data
    assert progress[-1] == len(data)
    assert destination.stat().st_mode & 0o222 == 0


@pytest.mark.parametrize("wrong", ["bytes", "short", "long"])
def test_a_mismatch_deletes_the_temp_and_raises(tmp_path, wrong):
    data = b"the real bytes"
    sha = hashlib.sha256(data).hexdigest()
    sent = {"bytes": b"the fake bytes", "short": data[:-1], "long": data + b"!"}[wrong]
    destination = tmp_path / sha
    with pytest.raises(HashMismatch) as error:
        receive_blob([sent], destination, sha256=sha, size=len(data))
    assert error.value.detail["sha256"] == sha
    assert list(tmp_path.iterdir()) == []  # neither the blob nor a temp file
